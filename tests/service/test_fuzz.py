"""schemathesis against the committed OpenAPI document: no 500, no response breaking its schema.

Bounded: each operation gets its own ``max_examples`` (whatever the Hypothesis profile says), and the
forms that reach scoring are seeded from ``itcriteria.testing``'s strategies, so the fuzzing gets past
the form checks to scorecards, gaps and plans.
"""

import json
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from litestar import Litestar
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

import itcriteria
import itcriteria.testing
from itcriteria.service import create_app
from itcriteria.service.__main__ import COMMITTED

#: What a response must pass. schemathesis's checks that valid-looking data be accepted are left out
#: on purpose: a form the schema allows may still break the regime's rules (a numerator above its
#: denominator), which is a 422 by design.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
FUZZ_EXAMPLES = 25
SEEDED_EXAMPLES = 10

APP: Litestar = create_app(max_body_size=64 * 1024)
SCHEMA = schemathesis.openapi.from_dict(json.loads(COMMITTED.read_text("utf-8")))
SCHEMA.app = APP
REGIME = itcriteria.get_regime("binhthuan-2019")


@SCHEMA.parametrize()
@settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_operation_gives_a_500_or_breaks_its_schema(case: schemathesis.Case) -> None:
    """Whatever schemathesis sends to an operation, the answer is documented, fits its schema, is not 5xx."""
    case.call_and_validate(checks=CHECKS)


def _wire(value: Any) -> Any:
    return json.loads(json.dumps(value, default=float))  # Decimals as JSON numbers, as a host sends them


@pytest.mark.parametrize("operation", ["score", "gaps", "plan"])
@settings(max_examples=SEEDED_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_forms_from_the_testing_strategies_get_documented_answers(
    operation: str, data: st.DataObject
) -> None:
    """Valid and defective Bình Thuận forms from itcriteria.testing, sent to score/gaps/plan, get
    answers that fit the document (200 with a scorecard, or a 422), never a 500."""
    form = data.draw(
        st.one_of(
            itcriteria.testing.submissions(REGIME),
            itcriteria.testing.invalid_submissions(REGIME).map(lambda bad: bad.submission),
        )
    )
    endpoint = SCHEMA["/v1/regimes/{regime_id}/" + operation]["POST"]
    explain = data.draw(st.booleans()) if operation == "score" else None
    case = endpoint.Case(
        path_parameters={"regime_id": REGIME.id},
        query={"explain": explain} if explain is not None else {},
        body=_wire(form),
        media_type="application/json",
    )
    response = case.call_and_validate(checks=CHECKS)
    assert response.status_code in (200, 422)
