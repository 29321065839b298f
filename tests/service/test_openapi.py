"""The OpenAPI document: committed and current, and its submission schema is the library's own."""

import json
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from litestar import Litestar
from litestar.testing import TestClient
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

import itcriteria
import itcriteria.testing
from itcriteria.service import openapi_document
from itcriteria.service.__main__ import COMMITTED, render

Client = TestClient[Litestar]
REGENERATE = ".venv/bin/python -m itcriteria.service openapi"
DOCUMENT: dict[str, Any] = json.loads(COMMITTED.read_text("utf-8"))


def validator_in_document(component: str) -> jsonschema.Draft202012Validator:
    """A validator of one component schema, its references resolved inside the whole OpenAPI document."""
    resource = Resource.from_contents(DOCUMENT, default_specification=DRAFT202012)
    registry: Registry[Any] = Registry().with_resource("urn:itcriteria-openapi", resource)
    schema = {"$ref": f"urn:itcriteria-openapi#/components/schemas/{component}"}
    return jsonschema.Draft202012Validator(schema, registry=registry)


OPENAPI_SUBMISSION = validator_in_document("Submission")
GENERIC = jsonschema.Draft202012Validator(itcriteria.submission_schema())


def test_the_committed_document_is_current() -> None:
    """The committed openapi.json is what the app generates; if not, it must be regenerated and committed."""
    assert COMMITTED.read_text("utf-8") == render(), f"the OpenAPI document changed: run {REGENERATE}"


def test_the_served_document_is_the_committed_one_whatever_plugins_are_installed(client: Client) -> None:
    """/openapi.json of an app over every plugin is the committed document: no regime is in it."""
    assert client.get("/openapi.json").json() == DOCUMENT
    assert openapi_document(["vn"]) == DOCUMENT


def test_the_document_is_openapi_3_1_with_every_endpoint_of_issue_13() -> None:
    """The document is OpenAPI 3.1 and lists every endpoint, each refusal documented with the error shape."""
    assert DOCUMENT["openapi"].startswith("3.1")
    assert set(DOCUMENT["paths"]) == {
        "/v1/health",
        "/v1/regimes",
        "/v1/regimes/{regime_id}",
        "/v1/regimes/{regime_id}/schema",
        "/v1/regimes/{regime_id}/template",
        "/v1/regimes/{regime_id}/score",
        "/v1/regimes/{regime_id}/cohort",
        "/v1/regimes/{regime_id}/gaps",
        "/v1/regimes/{regime_id}/plan",
        "/v1/rank",
        "/v1/rounds/run",
        "/v1/rounds/publish",
        "/v1/forms/read",
    }
    score = DOCUMENT["paths"]["/v1/regimes/{regime_id}/score"]["post"]
    assert score["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Submission"
    }
    assert {"400", "404", "413", "422"} <= set(score["responses"])


def _json_values() -> st.SearchStrategy[Any]:
    scalars = (
        st.none()
        | st.booleans()
        | st.integers()
        | st.text(max_size=5)
        | st.floats(allow_nan=False, allow_infinity=False)
    )
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
        max_leaves=8,
    )


REGIMES = [info.regime for info in itcriteria.list_regimes()]
#: One group of each installed regime (the last, often the smallest form), to keep the run short.
GROUPS = [(regime, regime.groups[-1].id) for regime in REGIMES]


def on_the_wire(value: Any) -> Any:
    """The document as a host sends it: Decimals as JSON numbers (the server reads them back exactly;
    as text, a number with three decimals would be refused as ambiguous, 9.942 or 9942)."""
    return json.loads(json.dumps(value, default=float))


def documents(regime: itcriteria.Regime, group: str) -> st.SearchStrategy[Any]:
    """Valid forms of the group, forms with one defect, forms with a mangled field, and any JSON."""
    valid = itcriteria.testing.submissions(regime, group)
    invalid = itcriteria.testing.invalid_submissions(regime, group).map(lambda bad: bad.submission)
    mangled = st.tuples(
        valid, st.sampled_from(["unit", "answers", "period", "submitted", "regime", "extra"]), _json_values()
    ).map(lambda drawn: {**drawn[0], drawn[1]: drawn[2]})
    return st.one_of(valid, invalid, mangled, _json_values()).map(on_the_wire)


@pytest.mark.parametrize(("regime", "group"), GROUPS, ids=[f"{r.id}/{g}" for r, g in GROUPS])
@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_openapi_submission_schema_and_the_librarys_agree(
    regime: itcriteria.Regime, group: str, data: st.DataObject
) -> None:
    """On valid, defective, mangled forms and any JSON, the document's Submission schema accepts exactly
    what itcriteria.submission_schema() accepts, and everything submission_schema(regime, group) accepts."""
    document = data.draw(documents(regime, group))
    exact = jsonschema.Draft202012Validator(itcriteria.submission_schema(regime, group))
    in_openapi = OPENAPI_SUBMISSION.is_valid(document)
    assert in_openapi == GENERIC.is_valid(document)
    if exact.is_valid(document):
        assert in_openapi


@pytest.mark.parametrize(("regime", "group"), GROUPS, ids=[f"{r.id}/{g}" for r, g in GROUPS])
@settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_service_refuses_what_the_groups_schema_refuses_and_scores_valid_forms(
    client: Client, regime: itcriteria.Regime, group: str, data: st.DataObject
) -> None:
    """A form submission_schema(regime, group) refuses is a 422 from /score, never a 200 or a 500; a valid
    form of the group (itcriteria.testing) passes the schema and is scored."""
    document = data.draw(documents(regime, group))
    exact = jsonschema.Draft202012Validator(itcriteria.submission_schema(regime, group))
    response = client.post(f"/v1/regimes/{regime.id}/cohort", json={"forms": [document]})
    if not exact.is_valid(document):
        assert response.status_code == 422, response.text
    valid = on_the_wire(data.draw(itcriteria.testing.submissions(regime, group)))
    assert exact.is_valid(valid)
    assert client.post(f"/v1/regimes/{regime.id}/cohort", json={"forms": [valid]}).status_code == 200
