"""The shapes of requests and responses, for the OpenAPI document.

Responses are TypedDicts Litestar turns into schemas. Request bodies are read by the service itself
(exact decimals, its own error shape), so their schemas are added to the document here: a submission
is always ``itcriteria.submission_schema()`` itself, moved into the document's components; the
envelopes around submissions (a cohort, a round, totals) are TypedDicts turned into JSON Schema by
msgspec, with the submission, unit and answer taken from that same published schema.
"""

# No ``from __future__ import annotations`` here: TypedDict sees ``NotRequired`` only in evaluated
# annotations, and the schemas depend on it.
import copy
import datetime as dt
from typing import Any, Literal, NotRequired, TypedDict

import msgspec

import itcriteria

COMPONENTS = "#/components/schemas/"


# --- placeholders: replaced by the parts of itcriteria.submission_schema() --------------------------


class Submission(TypedDict):
    """A unit's self-assessment form: ``itcriteria.submission_schema()``."""


class Unit(TypedDict):
    """The unit of a form, as ``itcriteria.submission_schema()`` describes it."""


class Answer(TypedDict):
    """One answer of a form, as ``itcriteria.submission_schema()`` describes it."""


# --- request envelopes ------------------------------------------------------------------------------


class CohortRequest(TypedDict):
    """Forms of one regime, scored together (rules using ``best`` see the cohort) and ranked."""

    forms: list[Submission]


class Total(TypedDict):
    """A total computed elsewhere, to be ranked."""

    unit: str
    group: str
    total: str | int | float
    name: NotRequired[str]
    max: NotRequired[str | int | float]
    parent: NotRequired[str | None]
    band: NotRequired[str | None]
    submitted: NotRequired[dt.date | None]
    reason: NotRequired[str | None]


class RankRequest(TypedDict):
    """Totals ranked under ``policy``, or under the ranking policy of ``regime``."""

    totals: list[Total]
    regime: NotRequired[str | None]
    policy: NotRequired[str | None]


class Deadline(TypedDict):
    due: dt.date
    grace_working_days: NotRequired[int]


class Window(TypedDict):
    start: dt.date
    end: NotRequired[dt.date | None]


class Adjustment(TypedDict):
    """The appraisal council's answer or points for one sub-criterion of one unit (exactly one)."""

    unit: str
    criterion: str
    reason: str
    by: str
    on: dt.date
    answer: NotRequired[Answer]
    points: NotRequired[str | int | float]
    evidence: NotRequired[str]


class RoundRequest(TypedDict):
    """A round document as a round file holds it, every form inline (the service reads no files)."""

    regime: str
    units: list[Unit]
    forms: NotRequired[list[Submission]]
    period: NotRequired[str]
    adjustments: NotRequired[list[Adjustment]]
    deadline: NotRequired[Deadline]
    window: NotRequired[Window]


#: Each operation whose body the service reads itself, and the body's type.
REQUEST_BODIES: dict[str, type] = {
    "score": Submission,
    "cohort": CohortRequest,
    "rank": RankRequest,
    "run_round": RoundRequest,
    "gaps": Submission,
    "plan": Submission,
}


# --- responses --------------------------------------------------------------------------------------


class RegimeContract(TypedDict):
    id: str
    status: Literal["official", "provisional"]
    plugin: str | None
    plugin_version: str | None
    content_hash: str


class Contract(TypedDict):
    """Which itcriteria, which plugin and which exact rules (content hash) answered."""

    itcriteria_version: str
    regime: RegimeContract | None


class ProblemData(TypedDict):
    where: str
    criterion: str | None
    field: str | None
    message: str


class ErrorDetail(TypedDict):
    status: int
    code: str
    message: str
    problems: list[ProblemData]
    installed: NotRequired[list[str]]


class ErrorResponse(TypedDict):
    """Every refusal: 400 malformed JSON or parameters, 404 unknown regime (with what is installed),
    413 body too large, 422 every problem of the request (criterion id, field, message)."""

    contract: Contract
    error: ErrorDetail


class PluginData(TypedDict):
    name: str
    version: str | None


class HealthResponse(TypedDict):
    contract: Contract
    status: Literal["ok"]
    plugins: list[PluginData]
    regimes: list[str]
    failures: list[str]


class PeriodData(TypedDict):
    start: str
    end: str | None


class LegalBasisData(TypedDict):
    decision: str
    date: str
    title: str | None


class RegimeSummary(TypedDict):
    id: str
    province: str
    title: str
    status: Literal["official", "provisional"]
    effective: PeriodData
    legal_basis: list[LegalBasisData]
    plugin: str
    plugin_version: str | None
    content_hash: str


class RegimeListResponse(TypedDict):
    contract: Contract
    regimes: list[RegimeSummary]


class RegimeResponse(TypedDict):
    """The whole regime as data, in the shape of its regime file."""

    contract: Contract
    regime_data: dict[str, Any]


class SchemaResponse(TypedDict):
    """The JSON Schema (draft 2020-12) of the form: ``itcriteria.submission_schema(regime, group)``."""

    contract: Contract
    schema: dict[str, Any]


class UnitData(TypedDict):
    id: str
    name: str
    group: str
    parent: str | None


class BandData(TypedDict):
    id: str
    title: str


class CardRegime(TypedDict):
    id: str
    status: str
    title: str
    content_hash: str


class NodeData(TypedDict):
    """One criterion's points: ``children`` for a criterion, ``explanation`` for a sub-criterion when
    ``?explain=true``."""

    id: str
    title: str
    score: str
    max: str
    benchmark_met: bool | None
    applicable: bool
    source: str
    provenance: str
    children: NotRequired[list[dict[str, Any]]]
    explanation: NotRequired[dict[str, Any]]


class ScorecardData(TypedDict):
    regime: CardRegime
    unit: UnitData
    period: str
    submitted: str | None
    total: str
    max_total: str
    band: BandData | None
    criteria: list[NodeData]
    explanation_text: str | None


class ScoreResponse(TypedDict):
    contract: Contract
    scorecard: ScorecardData


class RankRowData(TypedDict):
    group: str
    within: str | None
    rank: int | None
    unit: str
    name: str
    total: str | None
    max: str | None
    percent: str | None
    band: str | None
    reason: str | None


class CohortResponse(TypedDict):
    contract: Contract
    policy: str
    scorecards: list[ScorecardData]
    ranking: list[RankRowData]


class RankResponse(TypedDict):
    contract: Contract
    policy: str
    ranking: list[RankRowData]


class RoundResponse(TypedDict):
    """Statuses, ranking, scorecards, appraisal differences, movements and gaps: the results file's JSON."""

    contract: Contract
    result: dict[str, Any]


class ReachData(TypedDict):
    reachable: bool
    answer: dict[str, Any] | None
    points: str | None
    text: str


class GapData(TypedDict):
    criterion: str
    title: str
    points: str
    max: str
    lost: str
    benchmark_met: bool | None
    to_benchmark: ReachData | None
    to_full: ReachData | None


class UnitGapsData(TypedDict):
    unit: str
    total: str
    max_total: str
    band: str | None
    gaps: list[GapData]


class GapsResponse(TypedDict):
    contract: Contract
    gaps: UnitGapsData


class ChangeData(TypedDict):
    criterion: str
    title: str
    before: dict[str, Any]
    after: dict[str, Any]
    points_before: str
    points_after: str
    gain: str


class PlanData(TypedDict):
    unit: str
    total: str
    target: str
    reachable: bool
    new_total: str
    band: str | None
    new_band: str | None
    changes: list[ChangeData]
    text: str


class PlanResponse(TypedDict):
    contract: Contract
    plan: PlanData


class FormResponse(TypedDict):
    """The filled form read into the submission JSON shape (``itcriteria.submission_schema()``)."""

    contract: Contract
    submission: dict[str, Any]


# --- the document -----------------------------------------------------------------------------------


def submission_components() -> dict[str, Any]:
    """``itcriteria.submission_schema()`` as components: the submission, its unit and answer, and its
    ``$defs`` under ``Submission.<name>``, every ``$ref`` rewritten to point into the components."""
    schema = copy.deepcopy(itcriteria.submission_schema())
    defs = schema.pop("$defs", {})
    for key in ("$schema", "$id"):
        schema.pop(key, None)
    parts = {"Submission": schema, **{f"Submission.{name}": value for name, value in defs.items()}}
    components: dict[str, Any] = _rewrite_refs(parts)
    components["Unit"] = {"$ref": f"{COMPONENTS}Submission/properties/unit"}
    components["Answer"] = {"$ref": f"{COMPONENTS}Submission/properties/answers/additionalProperties"}
    return components


def _rewrite_refs(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            key: (
                value.replace("#/$defs/", f"{COMPONENTS}Submission.")
                if key == "$ref" and isinstance(value, str)
                else _rewrite_refs(value)
            )
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_rewrite_refs(item) for item in node]
    return node


def add_request_bodies(document: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI document with the request bodies the service reads itself, and their schemas."""
    document = copy.deepcopy(document)
    envelopes = [kind for kind in dict.fromkeys(REQUEST_BODIES.values()) if kind not in _PLACEHOLDERS]
    _, generated = msgspec.json.schema_components(envelopes, ref_template=COMPONENTS + "{name}")
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas.update({name: value for name, value in generated.items() if name not in _PLACEHOLDER_NAMES})
    schemas.update(submission_components())
    document["components"]["schemas"] = dict(sorted(schemas.items()))
    for path_item in document["paths"].values():
        for operation in path_item.values():
            if operation.get("operationId") == "read_form":
                operation["requestBody"] = UPLOAD
            kind = REQUEST_BODIES.get(operation.get("operationId", ""))
            if kind is None:
                continue
            operation["requestBody"] = {
                "required": True,
                "description": (kind.__doc__ or "").strip().splitlines()[0],
                "content": {"application/json": {"schema": {"$ref": COMPONENTS + kind.__name__}}},
            }
    return document


#: The body of ``forms/read``: one filled form file in the multipart field ``file``.
UPLOAD = {
    "required": True,
    "description": "A filled form (.xlsx, .csv or .json) in the multipart field 'file'.",
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {"file": {"type": "string", "contentMediaType": "application/octet-stream"}},
            }
        }
    },
}

_PLACEHOLDERS = (Submission, Unit, Answer)
_PLACEHOLDER_NAMES = {kind.__name__ for kind in _PLACEHOLDERS}
