"""Whole-regime validation: every problem of a criteria set at once, each with its path in the file."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .. import expressions
from .._core import ONE, ZERO
from ..exceptions import ExpressionError, Problem, RegimeError
from ..model import (
    ANSWER_FIELD_LABELS,
    Choice,
    Consistency,
    Criterion,
    LegalBasis,
    Number,
    Period,
    answer_field,
    rule_inputs,
)
from ..rules import NOT_TRANSLATED

if TYPE_CHECKING:
    from .regime import Regime

_ID = re.compile(r"[0-9A-Za-z]+(\.[0-9A-Za-z]+)*")
_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]*")


def validate_regime(
    regime: Regime,
) -> tuple[dict[str, tuple[str, Criterion]], dict[str, expressions.CompiledExpression]]:
    """Check ``regime`` as a whole; return its criterion index and compiled rules, or raise RegimeError."""
    problems: list[Problem] = []
    index: dict[str, tuple[str, Criterion]] = {}
    compiled: dict[str, expressions.CompiledExpression] = {}

    report = _reporter(problems)

    problems += heading_problems(regime.id, regime.province, regime.effective, regime.legal_basis)
    if regime.evaluation_window is not None:
        _check_period(regime.evaluation_window, "evaluation_window", report)

    group_ids = [g.id for g in regime.groups]
    if not group_ids:
        report("groups", "a regime has at least one unit group")
    for i, dup in _duplicates(group_ids):
        report(f"groups[{i}].id", f"unit group {dup!r} is declared twice")

    if not regime.criteria:
        report("criteria", "a regime has at least one criterion")
    for i, top in enumerate(regime.criteria):
        _check_criterion(
            top, f"criteria[{i}]", None, set(group_ids), index, compiled, report, regime.functions
        )

    for group in regime.groups:
        total = sum((c.max for c in regime.criteria if c.applies_to(group.id)), ZERO)
        if not any(c.applies_to(group.id) for c in regime.criteria):
            report(f"groups[{group_ids.index(group.id)}]", f"unit group {group.id!r} has no criteria")
        stated = group.max_total if group.max_total is not None else regime.max_total
        if stated is not None and stated != total:
            where = (
                f"groups[{group_ids.index(group.id)}].max_total"
                if group.max_total is not None
                else "max_total"
            )
            report(
                where,
                f"stated total {stated} for group {group.id!r} is not the sum of its criteria ({total})",
            )

    _check_bands(regime, group_ids, report)
    _check_rounding(regime, report)
    _check_dates(regime, report)
    for i, declaration in enumerate(regime.consistency):
        _check_consistency(declaration, f"consistency[{i}]", index, group_ids, report)

    unofficial = [cid for cid, (_, c) in index.items() if c.provenance != "official"]
    others = [f"band {b.id}" for b in regime.bands if b.provenance != "official"]
    others += [f"group {g.id}" for g in regime.groups if g.provenance != "official"]
    if regime.deadline is not None and regime.deadline.provenance != "official":
        others.append("deadline")
    others += [f"milestone {m.id}" for m in regime.milestones if m.provenance != "official"]
    others += [f"consistency[{i}]" for i, c in enumerate(regime.consistency) if c.provenance != "official"]
    if regime.status == "official" and (unofficial or others):
        shown = ", ".join(unofficial[:8]) + (", …" if len(unofficial) > 8 else "")
        what = f"{len(unofficial)} criteria ({shown})" if unofficial else ""
        what += (" and " if what else "") + (", ".join(others) if others else "")
        report(
            "status",
            f"status is 'official' but {what} are derived or assumed; "
            "a regime with anything not from an official text is 'provisional'",
        )

    pending = [cid for cid, rule in compiled.items() if NOT_TRANSLATED in rule.functions_used]
    if regime.status == "official" and pending:
        report("status", f"status is 'official' but {_listed(pending)} still have no rule (not_translated())")

    if problems:
        raise RegimeError(regime.id, problems)
    return index, compiled


def heading_problems(
    regime_id: str, province: str, effective: Period, legal_basis: Sequence[LegalBasis]
) -> list[Problem]:
    """The problems of the fields a listing shows (see ``loading.RegimeHeading``), checked alike
    whether the regime is being listed or built."""
    problems: list[Problem] = []
    report = _reporter(problems)
    if not _SLUG.fullmatch(regime_id):
        report("id", f"regime id {regime_id!r} must be lower-case letters, digits and dashes")
    if not _SLUG.fullmatch(province):
        report("province", f"province {province!r} must be lower-case letters, digits and dashes")
    _check_period(effective, "effective", report)
    if not legal_basis:
        report("legal_basis", "a regime names at least one legal text (decision number and date)")
    return problems


def _listed(ids: list[str]) -> str:
    shown = ", ".join(ids[:8]) + (", …" if len(ids) > 8 else "")
    return f"{len(ids)} sub-criteria ({shown})"


def criteria_problems(
    criteria: Iterable[tuple[str, Criterion]],
    group_ids: Iterable[str],
    functions: Mapping[str, Callable[..., Any]] | None = None,
) -> list[Problem]:
    """The problems of some criteria on their own (rules, ids, maxima), each at its given path.

    Used when a regime file does not structure as a whole, to report the criteria that did as well.
    """
    problems: list[Problem] = []

    report = _reporter(problems)

    index: dict[str, tuple[str, Criterion]] = {}
    for path, criterion in criteria:
        _check_criterion(criterion, path, None, set(group_ids), index, {}, report, functions)
    return problems


def _check_criterion(
    criterion: Criterion,
    path: str,
    parent: Criterion | None,
    group_ids: set[str],
    index: dict[str, tuple[str, Criterion]],
    compiled: dict[str, expressions.CompiledExpression],
    report: Any,
    functions: Mapping[str, Callable[..., Any]] | None,
) -> None:
    cid = criterion.id

    def bad(field: str, message: str) -> None:
        report(f"{path}.{field}", message, cid, field)

    if not _ID.fullmatch(cid):
        bad("id", f"id {cid!r} is not in dotted numbering like '1', '2.3' or '2.3.a'")
    elif parent is not None and not cid.startswith(parent.id + "."):
        bad("id", f"id {cid!r} does not continue its parent's numbering {parent.id!r}")
    if cid in index:
        bad("id", f"duplicate id {cid!r}, first at {index[cid][0]}")
    else:
        index[cid] = (path, criterion)
    if criterion.max < 0:
        bad("max", f"max {criterion.max} is negative")
    if not criterion.title.vi.strip():
        bad("title", "the Vietnamese title is empty")
    if not criterion.source.strip():
        bad("source", "every criterion cites its source (decision, article or annex item)")

    for g in criterion.groups:
        if g not in group_ids:
            bad("groups", f"unknown unit group {g!r} (groups: {', '.join(sorted(group_ids))})")
    if parent is not None and parent.groups and criterion.groups:
        outside = set(criterion.groups) - set(parent.groups)
        if outside:
            bad("groups", f"groups {sorted(outside)} are not groups of the parent {parent.id!r}")

    if criterion.benchmark is not None:
        _check_benchmark(criterion, path, bad)

    if criterion.children:
        if criterion.indicator is not None or criterion.rule is not None:
            bad("indicator", "a criterion with sub-criteria is scored by them; it has no indicator or rule")
        for j, child in enumerate(criterion.children):
            _check_criterion(
                child, f"{path}.children[{j}]", criterion, group_ids, index, compiled, report, functions
            )
        _check_children_max(criterion, group_ids, bad)
        return

    indicator = criterion.indicator
    if indicator is None:
        bad(
            "indicator",
            "a sub-criterion without children needs an indicator (ratio, count, yes_no, choice, number)",
        )
        return
    if isinstance(indicator, Choice):
        _check_levels(indicator, f"{path}.indicator", cid, report)
    if isinstance(indicator, Number) and None not in (indicator.min, indicator.max):
        assert indicator.min is not None and indicator.max is not None
        if indicator.min > indicator.max:
            bad("indicator.min", f"min {indicator.min} is above max {indicator.max}")
    rule = criterion.effective_rule
    if rule is None:
        bad("rule", f"a {indicator.kind} indicator needs a rule (e.g. steps(...) or per_item(...))")
        return
    try:
        compiled[cid] = expressions.compile(
            rule, rule_inputs(indicator), criterion=cid, functions=functions or None
        )
    except ExpressionError as err:
        bad("rule", err.cause)


def _check_dates(regime: Regime, report: Any) -> None:
    deadline = regime.deadline
    window = regime.evaluation_window
    if deadline is not None:
        if type(deadline.grace_working_days) is not int or deadline.grace_working_days < 0:
            report("deadline.grace_working_days", "grace is a whole number of working days, 0 or more")
        if window is not None and window.end is not None and deadline.due < window.end:
            report(
                "deadline.due",
                f"forms are due {deadline.due:%d/%m/%Y}, before the data window ends ({window.end:%d/%m/%Y})",
            )
    ids = [m.id for m in regime.milestones]
    for i, dup in _duplicates(ids):
        report(f"milestones[{i}].id", f"milestone {dup!r} is declared twice")
    if regime.cadence == "quarter" and regime.year_aggregate is None:
        report("year_aggregate", "a quarterly regime says how quarters make the year: mean, sum or last")
    if regime.cadence == "year" and regime.year_aggregate is not None:
        report("year_aggregate", "year_aggregate applies only to a quarterly regime (cadence = 'quarter')")


def _check_consistency(
    declaration: Consistency,
    path: str,
    index: Mapping[str, tuple[str, Criterion]],
    group_ids: list[str],
    report: Any,
) -> None:
    """A consistency declaration names answer fields of sub-criteria a group answers together."""
    if bool(declaration.same) == bool(declaration.at_most):
        report(path, "a consistency check gives one of same = [...] or at_most = [...]", field="same")
        return
    key = "same" if declaration.same else "at_most"
    entries = declaration.fields
    if key == "same" and len(entries) < 2:
        report(f"{path}.same", "same names at least two answer fields", field="same")
    if key == "at_most" and len(entries) != 2:
        report(
            f"{path}.at_most",
            f"at_most names two answer fields, the first never above the second (got {len(entries)})",
            field="at_most",
        )
    if not declaration.source.strip():
        report(f"{path}.source", "every consistency check cites its source (or says it is assumed)")
    groups: set[str] = set(group_ids)
    for j, dup in _duplicates(entries):
        report(f"{path}.{key}[{j}]", f"{dup!r} is named twice", field=key)
    for j, entry in enumerate(entries):
        where = f"{path}.{key}[{j}]"
        cid, field = answer_field(entry)
        criterion = index.get(cid, (None, None))[1]
        if criterion is None:
            report(where, f"{entry!r}: no criterion {cid!r}", cid, key)
            continue
        if not criterion.is_leaf:
            leaves = ", ".join(child.id for child in criterion.children)
            report(where, f"{entry!r}: criterion {cid} is scored by its sub-criteria ({leaves})", cid, key)
            continue
        kind = criterion.indicator.kind if criterion.indicator is not None else None
        numeric = ("numerator", "denominator") if kind == "ratio" else ("value",)
        if kind not in ("ratio", "count", "number"):
            report(where, f"{entry!r}: sub-criterion {cid} is a {kind}, not a number to compare", cid, key)
            continue
        if field not in numeric:
            shown = " or ".join(f"{cid}.{name}" for name in numeric)
            known = ", ".join(ANSWER_FIELD_LABELS)
            report(where, f"{entry!r}: a {kind} answers {shown} (fields: {known})", cid, key)
            continue
        groups &= set(criterion.groups or group_ids)
    if not groups:
        report(f"{path}.{key}", f"no unit group answers all of {', '.join(entries)}", field=key)


def _check_children_max(criterion: Criterion, group_ids: set[str], bad: Any) -> None:
    groups = criterion.groups or tuple(sorted(group_ids))
    seen: set[tuple[Decimal, ...]] = set()
    for group in groups:
        maxima = tuple(c.max for c in criterion.children if c.applies_to(group))
        if not maxima or maxima in seen:
            continue
        seen.add(maxima)
        who = f" for group {group!r}" if any(c.groups for c in criterion.children) else ""
        if criterion.combine == "sum":
            total = sum(maxima, ZERO)
            if total > criterion.max:
                bad(
                    "max",
                    f"children's maxima add up to {total}{who}, above the max {criterion.max}; "
                    'declare combine = "capped_sum" if the regime caps it',
                )
            elif total < criterion.max:
                bad("max", f"children's maxima add up to {total}{who}, below the max {criterion.max}")
        elif criterion.combine == "capped_sum":
            total = sum(maxima, ZERO)
            if total < criterion.max:
                bad("combine", f"capped_sum, but the children's maxima add up to only {total}{who}")
        elif max(maxima) != criterion.max:
            bad("max", f"the best child is worth {max(maxima)}{who}, not the max {criterion.max}")


def _check_benchmark(criterion: Criterion, path: str, bad: Any) -> None:
    bench = criterion.benchmark
    assert bench is not None
    given = [name for name in ("ratio", "points", "value") if getattr(bench, name) is not None]
    if len(given) != 1:
        bad("benchmark", f"a benchmark gives exactly one of ratio, points or value (got {given or 'none'})")
        return
    kind = criterion.indicator.kind if criterion.indicator is not None else None
    if bench.ratio is not None:
        if kind != "ratio":
            bad("benchmark.ratio", "a ratio benchmark needs a ratio indicator")
        elif not ZERO <= bench.ratio <= ONE:
            bad("benchmark.ratio", f"ratio {bench.ratio} is outside 0–1 (write 0.8 for 80%)")
    if bench.value is not None and kind not in ("count", "number"):
        bad("benchmark.value", "a value benchmark needs a count or number indicator")
    elif bench.value is not None and isinstance(criterion.indicator, Number):
        low, high = criterion.indicator.min, criterion.indicator.max
        if (low is not None and bench.value < low) or (high is not None and bench.value > high):
            shown = f"{'' if low is None else low}–{'' if high is None else high}"
            bad("benchmark.value", f"value {bench.value} is outside the indicator's range {shown}")
    elif bench.value is not None and bench.value < 0:
        bad("benchmark.value", f"value {bench.value} is below 0, the least count")
    if bench.points is not None and not ZERO <= bench.points <= criterion.max:
        bad("benchmark.points", f"{bench.points} points is outside 0–{criterion.max}")


def _check_levels(choice: Choice, path: str, cid: str, report: Any) -> None:
    if len(choice.levels) < 2:
        report(f"{path}.levels", "a choice has at least two levels", cid, "levels")
    for k, dup in _duplicates([lv.id for lv in choice.levels]):
        report(f"{path}.levels[{k}].id", f"level {dup!r} is declared twice", cid, "levels")
    for k, level in enumerate(choice.levels):
        if not ZERO <= level.fraction <= ONE:
            report(
                f"{path}.levels[{k}].fraction",
                f"fraction {level.fraction} of level {level.id!r} is outside 0–1",
                cid,
                "levels",
            )


def _check_bands(regime: Regime, group_ids: list[str], report: Any) -> None:
    bands = regime.bands
    for i, dup in _duplicates([b.id for b in bands]):
        report(f"bands[{i}].id", f"band {dup!r} is declared twice")
    if not bands:
        return
    for i, band in enumerate(bands):
        if band.min is not None and band.below is not None and band.min >= band.below:
            report(f"bands[{i}]", f"band {band.id!r} is empty: min {band.min} is not below {band.below}")
    order = sorted(range(len(bands)), key=lambda i: (bands[i].min is not None, bands[i].min or ZERO))
    first, last = bands[order[0]], bands[order[-1]]
    if first.min is not None and first.min > 0:
        report(f"bands[{order[0]}].min", f"no band covers totals below {first.min}")
    top = (
        Decimal(100)
        if regime.band_basis == "percent"
        else max((regime.max_points(g) for g in group_ids), default=ZERO)
    )
    if last.below is not None and last.below <= top:
        report(f"bands[{order[-1]}].below", f"no band covers totals from {last.below} up to {top}")
    for a, b in itertools.pairwise(order):
        upper, lower = bands[a].below, bands[b].min
        if upper is None or lower is None or upper > lower:
            report(f"bands[{b}]", f"band {bands[b].id!r} overlaps band {bands[a].id!r}")
        elif upper < lower:
            report(
                f"bands[{b}].min",
                f"totals from {upper} to {lower} fall between bands {bands[a].id!r} and {bands[b].id!r}",
            )


def _check_rounding(regime: Regime, report: Any) -> None:
    if not 0 <= regime.rounding.places <= 10:
        report("rounding.places", f"places {regime.rounding.places} is outside 0–10")


def _check_period(period: Any, where: str, report: Any) -> None:
    if period.end is not None and period.end < period.start:
        report(f"{where}.end", f"ends {period.end} before it starts {period.start}")


def _reporter(problems: list[Problem]) -> Callable[..., None]:
    """``report(where, message, criterion=None, field=None)`` appending to ``problems``."""

    def report(where: str, message: str, criterion: str | None = None, field: str | None = None) -> None:
        problems.append(Problem(where, message, criterion, field))

    return report


def _duplicates(ids: Iterable[str]) -> Iterable[tuple[int, str]]:
    seen: set[str] = set()
    for i, value in enumerate(ids):
        if value in seen:
            yield i, value
        seen.add(value)
