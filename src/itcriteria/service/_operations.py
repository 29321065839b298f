"""What the service does, without a web framework: JSON-ready requests in, JSON-ready responses out.

The HTTP app (``_app``) and the stdin/stdout commands (``itcriteria score --json`` …) both call these
functions, so a host gets the same response and the same error shape either way. Every response
starts with the ``contract``: the itcriteria version and, when a regime is involved, the plugin
distribution and version that registered it and the regime's content hash. Decimals leave as JSON
strings (:func:`plain`), never floats.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.metadata
import json
import tempfile
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal, TypeVar

import attrs

import itcriteria
from itcriteria import (
    ImprovementPlan,
    ItcriteriaError,
    Problem,
    Regime,
    RegimeError,
    RegimeNotFoundError,
    Registry,
    RoundResult,
    ScoreCard,
    SubmissionError,
    UnitGaps,
)
from itcriteria.exceptions import ExpressionError

from .._core import json_decimal, parse_date
from ..improvement import render_plan
from ..results import ranking_records, round_data
from ..rounds import round_from_dict

T = TypeVar("T")
Lang = Literal["vi", "en"]
LANGS: tuple[Lang, ...] = ("vi", "en")

#: Suffixes of filled forms that ``forms/read`` accepts, as :func:`itcriteria.read_form` reads them.
FORM_SUFFIXES = (".xlsx", ".csv", ".json")


@attrs.frozen
class ServiceError(Exception):
    """A request the service refuses: the HTTP status, a short code, a message and every problem.

    ``installed`` lists the regime ids installed (for an unknown regime); ``regime`` is the regime the
    request was about, when it was found, so even the error carries the contract.
    """

    status: int
    code: str
    message: str
    problems: tuple[Problem, ...] = ()
    installed: tuple[str, ...] | None = None
    regime: Regime | None = None

    def __str__(self) -> str:
        return self.message


def refused(problems: Sequence[Problem], message: str, regime: Regime | None = None) -> ServiceError:
    return ServiceError(422, "invalid", message, tuple(problems), regime=regime)


@attrs.frozen
class Service:
    """The operations over one registry of loaded plugins (see :func:`itcriteria.load_plugins`)."""

    registry: Registry

    # --- the contract -------------------------------------------------------------------------------

    def contract(self, regime: Regime | None) -> dict[str, Any]:
        """The itcriteria version, and the regime's plugin, plugin version and content hash."""
        about = None
        if regime is not None:
            info = self.registry.regimes.get(regime.id)
            plugin = info.plugin if info is not None else None
            about = {
                "id": regime.id,
                "status": regime.status,
                "plugin": plugin,
                "plugin_version": plugin_version(plugin),
                "content_hash": regime.content_hash,
            }
        return {"itcriteria_version": itcriteria.__version__, "regime": about}

    def respond(self, regime: Regime | None, **data: Any) -> dict[str, Any]:
        result: dict[str, Any] = plain({"contract": self.contract(regime), **data})
        return result

    def error(self, err: ServiceError) -> dict[str, Any]:
        """The error shape of every refusal, over HTTP and on stdout alike."""
        body: dict[str, Any] = {
            "status": err.status,
            "code": err.code,
            "message": err.message,
            "problems": [
                {"where": p.where, "criterion": p.criterion, "field": p.field, "message": p.message}
                for p in err.problems
            ],
        }
        if err.installed is not None:
            body["installed"] = list(err.installed)
        return self.respond(err.regime, error=body)

    # --- regimes ------------------------------------------------------------------------------------

    def regime(self, regime_id: str) -> Regime:
        try:
            return self.registry.get_regime(regime_id)
        except RegimeNotFoundError as err:
            raise ServiceError(404, "unknown_regime", str(err), installed=self._sound()) from None
        except RegimeError as err:  # installed, but its file is broken: served as not installed
            message = f"regime {regime_id!r} is installed but broken: {err}"
            raise ServiceError(404, "unknown_regime", message, installed=self._sound()) from None

    def _sound(self) -> tuple[str, ...]:
        """The ids of the installed regimes that are not broken (each validated on first use)."""
        return tuple(
            info.id
            for info in sorted(self.registry.regimes.values(), key=lambda i: i.id)
            if info.check() is None
        )

    def health(self) -> dict[str, Any]:
        return self.respond(
            None,
            status="ok",
            plugins=[{"name": name, "version": plugin_version(name)} for name in self.registry.plugins],
            regimes=list(self._sound()),
            failures=[str(failure) for failure in self.registry.failures]
            + [str(info.error) for info in self.registry.check()],
        )

    def list_regimes(self, province: str | None, on: dt.date | None, lang: Lang) -> dict[str, Any]:
        infos = tuple(info for info in self.registry.list_regimes(province) if info.check() is None)
        if on is not None:
            infos = tuple(info for info in infos if on in info.effective)
        return self.respond(
            None,
            regimes=[
                {
                    "id": info.id,
                    "province": info.province,
                    "title": info.title.get(lang),
                    "status": info.status,
                    "effective": {"start": info.effective.start, "end": info.effective.end},
                    "legal_basis": [
                        {
                            "decision": basis.decision,
                            "date": basis.date,
                            "title": basis.title.get(lang) if basis.title else None,
                        }
                        for basis in info.legal_basis
                    ],
                    "plugin": info.plugin,
                    "plugin_version": plugin_version(info.plugin),
                    "content_hash": info.regime.content_hash,
                }
                for info in infos
            ],
        )

    def regime_detail(self, regime_id: str) -> dict[str, Any]:
        """The whole regime as data, in the shape of its file (both languages, rules, sources)."""
        regime = self.regime(regime_id)
        return self.respond(regime, regime_data=itcriteria.regime_to_dict(regime))

    def schema(self, regime_id: str, group: str | None) -> dict[str, Any]:
        regime = self.regime(regime_id)
        self._check_group(regime, group)
        return self.respond(regime, schema=itcriteria.submission_schema(regime, group))

    def template(self, regime_id: str, group: str | None, lang: Lang) -> tuple[Regime, bytes, str]:
        """The Excel form as the command line writes it: the regime, the bytes and a file name."""
        regime = self.regime(regime_id)
        self._check_group(regime, group)
        name = f"{regime.id}{'-' + group if group else ''}-{lang}.xlsx"
        with tempfile.TemporaryDirectory(prefix="itcriteria-template-") as folder:
            path = itcriteria.write_template(regime, Path(folder) / name, group=group, lang=lang)
            return regime, path.read_bytes(), name

    # --- scoring ------------------------------------------------------------------------------------

    def score(self, regime_id: str, body: object, lang: Lang, explain: bool = False) -> dict[str, Any]:
        """One form scored: total, max, band, every criterion with its points and benchmark verdict;
        ``explain`` adds each sub-criterion's explanation and the explanation as text."""
        regime = self.regime(regime_id)
        card = _scored(regime, _object(body, "submission", regime))
        return self.respond(regime, scorecard=card_data(card, lang, explain))

    def cohort(self, regime_id: str, body: object, lang: Lang, explain: bool = False) -> dict[str, Any]:
        """Forms scored together (rules using ``best`` see the whole cohort) and ranked under the
        regime's ranking policy."""
        regime = self.regime(regime_id)
        forms = _forms(_object(body, "cohort", regime), regime)
        cards = _problems_to_422(lambda: regime.score_all(forms), regime)
        rows = itcriteria.rank(cards, policy=self._policy(regime.ranking_policy, regime), regime=regime)
        return self.respond(
            regime,
            policy=regime.ranking_policy,
            scorecards=[card_data(card, lang, explain) for card in cards],
            ranking=rows_data(rows, lang),
        )

    def rank(self, body: object, lang: Lang) -> dict[str, Any]:
        """Totals computed elsewhere ranked under a policy (the regime's, when a regime is named)."""
        data = _object(body, "rank", None)
        _only(data, {"regime", "policy", "totals"}, None)
        regime = self.regime(str(data["regime"])) if data.get("regime") is not None else None
        policy_id = data.get("policy") or (regime.ranking_policy if regime else None)
        if not isinstance(policy_id, str):
            problem = Problem(
                "policy", "give a ranking policy id, or a regime to use its policy", field="policy"
            )
            raise refused([problem], "rank: no ranking policy", regime)
        totals = data.get("totals")
        if not isinstance(totals, list) or not totals:
            problem = Problem("totals", "expected a non-empty list of {unit, group, total}", field="totals")
            raise refused([problem], "rank: no totals", regime)
        problems: list[Problem] = []
        entries = [_total_entry(item, i, problems) for i, item in enumerate(totals)]
        if problems:
            raise refused(problems, f"rank: {len(problems)} problems in the totals", regime)
        rows = _problems_to_422(
            lambda: itcriteria.rank(entries, policy=self._policy(policy_id, regime), regime=regime), regime
        )
        return self.respond(regime, policy=policy_id, ranking=rows_data(rows, lang))

    def run_round(self, body: object, lang: Lang) -> dict[str, Any]:
        """A round document as a round file holds it, with every form inline (never a file name)."""
        regime, result = self._round(body)
        return self.respond(regime, result=round_data(result, lang))

    def publish_round(
        self, body: object, lang: Lang, fmt: str, decision: str | None, date: str | None, signer: str | None
    ) -> tuple[Regime, bytes]:
        """The results decision's annex of a round document (as :meth:`run_round` takes it), as the bytes
        of a PDF or of one self-contained HTML file."""
        from ..publish import publish

        when = None
        if date is not None:
            try:
                when = parse_date(date)
            except ValueError as err:
                raise refused([Problem("date", str(err), field="date")], "publish: a bad date") from None
        regime, result = self._round(body)
        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / f"annex.{fmt}"
            kind: Any = fmt
            publish(result, target, fmt=kind, decision=decision, date=when, signer=signer, lang=lang)
            return regime, target.read_bytes()

    def _round(self, body: object) -> tuple[Regime, RoundResult]:
        data = _object(body, "round", None)
        regime_id = data.get("regime")
        if not isinstance(regime_id, str):
            problem = Problem("regime", "required: the id of an installed regime", field="regime")
            raise refused([problem], "round: no regime")
        regime = self.regime(regime_id)
        forms = data.get("forms", [])
        named = [
            i
            for i, form in enumerate(forms if isinstance(forms, list) else [forms])
            if not isinstance(form, Mapping)
        ]
        if named or not isinstance(forms, list):
            problems = [
                Problem(
                    f"forms[{i}]",
                    "forms must be given inline as objects; the service reads no files",
                    field="forms",
                )
                for i in (named or [0])
            ]
            raise refused(problems, f"round under {regime.id}: forms must be inline", regime)
        round_ = _problems_to_422(lambda: round_from_dict(data, regime=regime), regime)
        round_ = attrs.evolve(round_, policy=self._policy(regime.ranking_policy, regime))
        return regime, _problems_to_422(round_.run, regime)

    def gaps(self, regime_id: str, body: object, lang: Lang) -> dict[str, Any]:
        regime = self.regime(regime_id)
        card = _scored(regime, _object(body, "submission", regime))
        return self.respond(regime, gaps=gaps_data(itcriteria.gaps(card), lang))

    def plan(self, regime_id: str, body: object, lang: Lang, target: str | None) -> dict[str, Any]:
        """The fewest, smallest changes of the form's answers reaching ``target`` or the next band."""
        regime = self.regime(regime_id)
        card = _scored(regime, _object(body, "submission", regime))
        goal = itcriteria.next_band_target(card) if target is None else _decimal(target, "target", regime)
        if goal is None:
            problem = Problem("target", "the form is in the top band already; give a target", field="target")
            raise refused([problem], f"{card.unit.id}: nothing to plan", regime)
        plan = _problems_to_422(lambda: itcriteria.plan_improvement(card, goal), regime)
        return self.respond(regime, plan=plan_data(plan, lang))

    def read_form(self, regime_id: str, filename: str, content: bytes) -> dict[str, Any]:
        """A filled form (xlsx, csv or json) read into the submission JSON, or every problem of it."""
        regime = self.regime(regime_id)
        suffix = Path(filename).suffix.lower()
        if suffix not in FORM_SUFFIXES:
            problem = Problem("file", f"expected a .xlsx, .csv or .json form, got {filename!r}", field="file")
            raise refused([problem], "forms/read: not a form file", regime)
        with tempfile.TemporaryDirectory(prefix="itcriteria-form-") as folder:
            path = Path(folder) / f"form{suffix}"  # never the client's name: no path reaches the disk
            path.write_bytes(content)
            submission = _problems_to_422(lambda: itcriteria.read_form(path, regime), regime)
        return self.respond(regime, submission=submission.to_dict())

    # --- helpers ------------------------------------------------------------------------------------

    def _policy(self, policy_id: str, regime: Regime | None) -> itcriteria.RankingPolicy:
        try:
            return self.registry.ranking_policy(policy_id)
        except RegimeNotFoundError as err:
            raise refused([Problem("policy", str(err), field="policy")], str(err), regime) from None

    @staticmethod
    def _check_group(regime: Regime, group: str | None) -> None:
        if group is not None and group not in {g.id for g in regime.groups}:
            known = ", ".join(g.id for g in regime.groups)
            problem = Problem(
                "group", f"regime {regime.id} has no unit group {group!r} (groups: {known})", field="group"
            )
            raise refused([problem], problem.message, regime)


@functools.cache  # looked up once per process: an upgraded plugin is served after a restart
def plugin_version(distribution: str | None) -> str | None:
    """The installed version of a plugin's distribution (None for a plugin the host registered)."""
    if distribution is None:
        return None
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


class Plain(list[Any]):
    """A list whose items are JSON-ready already, as :func:`plain` makes them: it is not walked again."""


def plain(data: Any) -> Any:
    """JSON-ready values: Decimals as plain decimal text (never a float, never an exponent), dates as
    ISO text, as the results files write them; the common types first."""
    kind = type(data)
    if kind is dict:
        return {key if type(key) is str else str(key): plain(value) for key, value in data.items()}
    if kind is list or kind is tuple:
        return [plain(value) for value in data]
    if kind is Plain:
        return data[:]  # a list again
    if kind is str or kind is int or kind is bool or data is None:
        return data
    if kind is Decimal:
        return f"{data:f}"
    if isinstance(data, dt.date):
        return data.isoformat()
    if isinstance(data, float):  # never written as a float
        return f"{Decimal(repr(data)):f}"
    if isinstance(data, Mapping):
        return {str(key): plain(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [plain(value) for value in data]
    return data


def parse_json(raw: bytes) -> object:
    """A request body as JSON, numbers with a fraction kept exact as Decimal; ServiceError 400 if not JSON."""
    try:
        return json.loads(raw.decode("utf-8"), parse_float=json_decimal, parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as err:
        raise ServiceError(400, "malformed_json", f"the body is not valid JSON (UTF-8): {err}") from None


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not a JSON number")


def _object(body: object, what: str, regime: Regime | None) -> dict[str, Any]:
    if not isinstance(body, dict):
        got = type(body).__name__ if body is not None else "null"
        raise refused(
            [Problem("", f"expected a JSON object ({what}), got {got}")], f"{what}: not an object", regime
        )
    return body


def _only(data: Mapping[str, Any], allowed: set[str], regime: Regime | None) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise refused([Problem(key, "unknown field", field=key) for key in unknown], "unknown fields", regime)


def _problems_to_422(run: Callable[[], T], regime: Regime | None) -> T:
    """Run a library call; its errors about the input become a 422 listing every problem."""
    try:
        return run()
    except (SubmissionError, RegimeError) as err:
        raise refused(err.problems, str(err).splitlines()[0], regime) from None
    except ExpressionError as err:
        problem = Problem(
            f"criterion {err.criterion}" if err.criterion else "", err.cause, err.criterion, "rule"
        )
        raise refused([problem], str(err), regime) from None
    except (ItcriteriaError, KeyError, ValueError) as err:
        message = str(err.args[0]) if isinstance(err, KeyError) and err.args else str(err)
        raise refused([Problem("", message)], message, regime) from None


def _scored(regime: Regime, data: dict[str, Any]) -> ScoreCard:
    return _problems_to_422(lambda: regime.score(data), regime)


def _forms(data: dict[str, Any], regime: Regime) -> list[dict[str, Any]]:
    _only(data, {"forms"}, regime)
    forms = data.get("forms")
    if not isinstance(forms, list) or not forms or not all(isinstance(f, dict) for f in forms):
        problem = Problem("forms", "expected a non-empty list of forms (objects)", field="forms")
        raise refused([problem], "cohort: no forms", regime)
    return forms


_TOTAL_FIELDS = {"unit", "name", "group", "total", "max", "parent", "band", "submitted", "reason"}


def _total_entry(item: object, i: int, problems: list[Problem]) -> dict[str, Any]:
    """One total as :func:`itcriteria.rank` takes it; its problems are added to ``problems``."""
    where = f"totals[{i}]"
    if not isinstance(item, dict):
        problems.append(Problem(where, "expected an object {unit, group, total}"))
        return {}
    problems.extend(
        Problem(f"{where}.{key}", "unknown field", field=key) for key in sorted(set(item) - _TOTAL_FIELDS)
    )
    for key in ("unit", "group"):
        if not isinstance(item.get(key), str) or not item[key]:
            problems.append(Problem(f"{where}.{key}", "required text", field=key))
    entry = dict(item)
    for key in ("total", "max"):
        if key in item:
            try:
                entry[key] = _number(item[key])
            except ValueError as err:
                problems.append(Problem(f"{where}.{key}", str(err), field=key))
        elif key == "total":
            problems.append(Problem(f"{where}.total", "required number", field="total"))
    for key in ("name", "parent", "band", "reason"):
        if key in item and item[key] is not None and not isinstance(item[key], str):
            problems.append(Problem(f"{where}.{key}", "expected text", field=key))
    if "submitted" in item:
        try:
            entry["submitted"] = dt.date.fromisoformat(item["submitted"]) if item["submitted"] else None
        except (TypeError, ValueError):
            problems.append(Problem(f"{where}.submitted", "expected a date yyyy-mm-dd", field="submitted"))
    if isinstance(entry.get("reason"), str):
        entry["reason"] = itcriteria.Text(entry["reason"])
    return entry


def _number(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
        raise ValueError(f"expected a number or numeric text, got {value!r}")
    try:
        number = Decimal(value.strip() if isinstance(value, str) else value)
    except InvalidOperation:
        raise ValueError(f"expected a number or numeric text, got {value!r}") from None
    if not number.is_finite():
        raise ValueError(f"expected a finite number, got {value!r}")
    return number


def _decimal(value: str, field: str, regime: Regime | None) -> Decimal:
    try:
        return _number(value)
    except ValueError as err:
        raise refused([Problem(field, str(err), field=field)], str(err), regime) from None


# --- response data ---------------------------------------------------------------------------------


def card_data(card: ScoreCard, lang: Lang, explain: bool) -> dict[str, Any]:
    """A scorecard: unit, total, max, band, every criterion with its benchmark verdict; with
    ``explain`` each sub-criterion's explanation (as ``ScoreCard.to_dict()`` gives it) and the whole
    explanation as text. Titles are in ``lang``."""
    regime = card.regime
    if explain:
        data = card.to_dict()
        for node in data["criteria"]:
            _localise(node, regime, lang)
    else:  # the same data without explaining a leaf: the card keeps each leaf's benchmark verdict
        data = {
            "regime": {"id": regime.id, "status": regime.status, "content_hash": regime.content_hash},
            "unit": attrs.asdict(card.unit),
            "period": card.submission.period,
            "submitted": card.submission.submitted,
            "total": card.total,
            "max_total": card.max_total,
            "band": {"id": card.band.id} if card.band else None,
            "criteria": Plain(_node(card, c, lang) for c in regime.criteria if c.applies_to(card.group)),
        }
    data["regime"]["title"] = regime.title.get(lang)
    if card.band is not None:
        data["band"]["title"] = card.band.title.get(lang)
    data["explanation_text"] = card.explain(lang) if explain else None
    return data


def _node(card: ScoreCard, criterion: itcriteria.Criterion, lang: Lang) -> dict[str, Any]:
    """One criterion's data, JSON-ready as :func:`plain` would make it (a response has hundreds)."""
    node = card.node(criterion.id)
    data: dict[str, Any] = {
        "id": criterion.id,
        "title": criterion.title.get(lang),
        "score": f"{node.score:f}",
        "max": f"{node.max:f}",
        "benchmark_met": node.benchmark_met,
        "applicable": node.applicable,
        "source": criterion.source,
        "provenance": criterion.provenance,
    }
    if not criterion.is_leaf:
        data["children"] = [_node(card, c, lang) for c in criterion.children if c.applies_to(card.group)]
    return data


def _localise(node: dict[str, Any], regime: Regime, lang: Lang) -> None:
    node["title"] = regime.criterion(node["id"]).title.get(lang)
    for child in node.get("children", ()):
        _localise(child, regime, lang)


def rows_data(rows: Sequence[itcriteria.RankRow], lang: Lang) -> list[dict[str, Any]]:
    """Each ranking row as the results files record it, without the round's status (none here)."""
    return [
        {key: value for key, value in record.items() if key != "status"}
        for record in ranking_records(rows, None, lang)
    ]


def gaps_data(unit_gaps: UnitGaps, lang: Lang) -> dict[str, Any]:
    return {
        "unit": unit_gaps.unit.id,
        "total": unit_gaps.total,
        "max_total": unit_gaps.max_total,
        "band": unit_gaps.band.id if unit_gaps.band else None,
        "gaps": [
            {
                "criterion": gap.id,
                "title": gap.criterion.title.get(lang),
                "points": gap.points,
                "max": gap.max,
                "lost": gap.lost,
                "benchmark_met": gap.benchmark_met,
                "to_benchmark": None if gap.to_benchmark is None else _reach(gap.to_benchmark, lang),
                "to_full": None if gap.to_full is None else _reach(gap.to_full, lang),
            }
            for gap in unit_gaps.gaps
        ],
    }


def _reach(reach: itcriteria.Reach, lang: Lang) -> dict[str, Any]:
    change = reach.change
    return {
        "reachable": reach.reachable,
        "answer": None if change is None else _given(change.after.given()),
        "points": None if change is None else change.points_after,
        "text": reach.describe(lang),
    }


def plan_data(plan: ImprovementPlan, lang: Lang) -> dict[str, Any]:
    return {
        "unit": plan.unit.id,
        "total": plan.total,
        "target": plan.target,
        "reachable": plan.reachable,
        "new_total": plan.new_total,
        "band": plan.band.id if plan.band else None,
        "new_band": plan.after.band.id if plan.after.band else None,
        "changes": [
            {
                "criterion": change.id,
                "title": change.criterion.title.get(lang),
                "before": _given(change.before.given()),
                "after": _given(change.after.given()),
                "points_before": change.points_before,
                "points_after": change.points_after,
                "gain": change.gain,
            }
            for change in plan.changes
        ],
        "text": render_plan(plan, lang),
    }


def _given(given: Mapping[str, object]) -> dict[str, object]:
    return {key: str(value) if isinstance(value, Decimal | float) else value for key, value in given.items()}
