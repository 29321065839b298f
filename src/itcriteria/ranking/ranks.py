"""Ranking: scorecards (or totals computed elsewhere) in, ranked rows per table out. Pure.

A table is a unit group, or a parent unit within a group the regime ranks by parent (communes within
their district). Units of a group the regime does not rank, and units given a reason (a late form, no
form), get a row with no rank and the reason.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Literal, NewType

import attrs
import cattrs

from .._core import (
    CONTEXT,
    ZERO,
    answer_number,
    base_converter,
    id_problem,
    problems_from,
    round_to,
    text_problem,
)
from ..exceptions import ArgumentError, Problem, SubmissionError
from ..model import Provenance, Text
from ..regimes import Regime
from ..scoring import ScoreCard

RankMethod = Literal["competition", "dense", "ordinal"]
RANK_METHODS: tuple[RankMethod, ...] = ("competition", "dense", "ordinal")
RankBasis = Literal["total", "percent"]
#: Tie-break keys a policy may list, in order: more percent, more total, more points on one criterion
#: (``criterion:<id>``), or the form sent earlier.
TIE_BREAKS = ("percent", "total", "submitted", "criterion:<id>")

NOT_RANKED_GROUP = Text(
    "nhóm được chấm điểm nhưng không xếp hạng theo bộ tiêu chí",
    "the regime scores this group but does not rank it",
)


@attrs.frozen
class RankingPolicy:
    """How a regime ranks its units, registered by a plugin and named by the regime's ``ranking_policy``.

    ``method`` is how tied units share ranks: ``competition`` (1, 2, 2, 4), as national rankings
    publish, ``dense`` (1, 2, 2, 3) or ``ordinal`` (1, 2, 3, 4: ties broken by unit id after the
    tie-breaks). ``basis`` ranks on the ``total`` or on the ``percent`` of the unit's maximum (for
    units whose maxima differ, e.g. with not-applicable criteria). ``tie_breaks`` are applied in
    order to units equal on the basis (see ``TIE_BREAKS``); units equal on all of them share a rank.
    Input order never decides.
    """

    id: str
    title: Text
    method: RankMethod = "competition"
    source: str = ""
    basis: RankBasis = "total"
    tie_breaks: tuple[str, ...] = ()
    provenance: Provenance = "official"

    def __attrs_post_init__(self) -> None:
        problems = []
        if self.method not in RANK_METHODS:
            problems.append(f"unknown method {self.method!r}; use one of {', '.join(RANK_METHODS)}")
        if self.basis not in ("total", "percent"):
            problems.append(f"unknown basis {self.basis!r}; use 'total' or 'percent'")
        for key in self.tie_breaks:
            if key not in ("percent", "total", "submitted") and not (
                key.startswith("criterion:") and len(key) > len("criterion:")
            ):
                problems.append(f"unknown tie-break {key!r}; use {', '.join(TIE_BREAKS)}")
        if problems:
            raise ArgumentError(f"ranking policy {self.id}: " + "; ".join(problems))


@attrs.frozen
class RankRow:
    """One unit's place: ``rank`` within its table, ``band`` (class) id, and why it is not ranked.

    ``rank`` is None for a unit not ranked; ``reason`` then says why. ``within`` is the parent unit
    when the group is ranked within parents. ``total`` is None for a unit not evaluated at all.
    ``percent`` is the total as a percentage of ``max``, rounded as the regime rounds points (its
    places and mode), or to 2 places half up when ranked without a regime; a ``percent`` basis and
    tie-break compare the exact shares, so rounding never makes a tie.
    """

    unit: str
    name: str
    group: str
    total: Decimal | None
    rank: int | None
    band: str | None = None
    max: Decimal | None = None
    percent: Decimal | None = None
    within: str | None = None
    reason: Text | None = None
    submitted: dt.date | None = attrs.field(default=None, repr=False)
    criteria: Mapping[str, Decimal] = attrs.field(factory=dict, repr=False, eq=False)

    @property
    def ranked(self) -> bool:
        return self.rank is not None


def rank(
    entries: Iterable[ScoreCard | Mapping[str, Any]],
    *,
    method: RankMethod | None = None,
    policy: RankingPolicy | None = None,
    regime: Regime | None = None,
) -> tuple[RankRow, ...]:
    """Rank units within each table, best first.

    ``entries`` are scorecards or mappings with ``unit``, ``group`` and ``total`` (optional: ``name``,
    ``max``, ``band``, ``parent``, ``submitted`` as a date or dd/mm/yyyy or ISO text, ``scores`` by
    criterion id for tie-breaks, and ``reason`` for a unit that is listed but not ranked), so totals
    computed elsewhere rank the same way; numbers may be text (``"85,5"``), and any other field, or a
    value of the wrong kind, is a problem of the SubmissionError that lists every one. ``policy``
    (see :func:`itcriteria.get_ranking_policy`) gives the method, basis and tie-breaks; ``method``
    alone may be given instead. The ``regime`` (taken from the scorecards when not given)
    says which groups are not ranked and which rank within parent units, gives each group's maximum
    and the bands of plain totals, and rounds each row's ``percent`` (to 2 places half up without a
    regime; see :class:`RankRow`).

    Rows come in the regime's group order (group ids sorted when there is no regime), ranked rows by
    rank then unit id, then the units not ranked; the result never depends on input order.
    """
    if policy is not None and method is not None:
        raise TypeError("give a rank method or a ranking policy, not both")
    if policy is None:
        policy = RankingPolicy("method", Text("", ""), method or "competition")
    items = list(entries)
    if regime is None:
        regime = next((e.regime for e in items if isinstance(e, ScoreCard)), None)
    problems: list[Problem] = []
    rows = [_row(i, entry, regime, policy, problems) for i, entry in enumerate(items)]
    seen: set[str] = set()
    for row in rows:
        if row is not None and row.unit in seen:
            problems.append(Problem(f"unit {row.unit}", "unit appears twice", field="unit"))
        elif row is not None:
            seen.add(row.unit)
    if problems:
        raise SubmissionError("ranking", problems)
    tables: dict[tuple[str, str | None], list[RankRow]] = {}
    for row in rows:
        assert row is not None
        tables.setdefault((row.group, row.within), []).append(row)
    ranked: list[RankRow] = []
    for key in sorted(tables, key=_table_order(regime)):
        members = tables[key]
        ranked.extend(_rank_table([r for r in members if r.reason is None], policy, problems))
        ranked.extend(sorted((r for r in members if r.reason is not None), key=lambda r: r.unit))
    if problems:
        raise SubmissionError("ranking", problems)
    return tuple(ranked)


def _table_order(regime: Regime | None) -> Any:
    position = {g.id: i for i, g in enumerate(regime.groups)} if regime else {}
    return lambda key: (position.get(key[0], len(position)), key[0], key[1] or "")


def _rank_table(members: list[RankRow], policy: RankingPolicy, problems: list[Problem]) -> list[RankRow]:
    def basis(row: RankRow) -> Decimal:
        value = _share(row) if policy.basis == "percent" else row.total
        assert value is not None
        return value

    by_basis: dict[Decimal, list[RankRow]] = {}
    for row in members:
        by_basis.setdefault(basis(row), []).append(row)
    order: list[tuple[tuple[Any, ...], RankRow]] = []
    for value, tied in by_basis.items():
        for row in tied:
            # tie-break values are needed (and checked) only where a tie exists
            breaks = _tie_break_key(row, policy, problems) if len(tied) > 1 else ()
            order.append(((-value, *breaks), row))
    if problems:
        return []
    order.sort(key=lambda pair: (pair[0], pair[1].unit))
    result: list[RankRow] = []
    place, dense, previous = 0, 0, None
    for position, (key, row) in enumerate(order, start=1):
        if key != previous:
            place, dense, previous = position, dense + 1, key
        number = {"competition": place, "dense": dense, "ordinal": position}[policy.method]
        result.append(attrs.evolve(row, rank=number))
    return result


def _tie_break_key(row: RankRow, policy: RankingPolicy, problems: list[Problem]) -> tuple[Any, ...]:
    key: list[Any] = []
    for name in policy.tie_breaks:
        value: Any
        if name == "percent":
            share = _share(row)
            value = -share if share is not None else None
        elif name == "total":
            value = -row.total if row.total is not None else None
        elif name == "submitted":
            value = row.submitted.toordinal() if row.submitted else None
        else:
            points = row.criteria.get(name.removeprefix("criterion:"))
            value = -points if points is not None else None
        if value is None:
            field = "max" if name == "percent" else name.removeprefix("criterion:")
            problems.append(
                Problem(
                    f"unit {row.unit}",
                    f"tied on the {policy.basis}; tie-break {name!r} of policy {policy.id} needs {field!r}",
                    field=field,
                )
            )
            value = 0
        key.append(value)
    return tuple(key)


def _row(
    index: int,
    entry: ScoreCard | Mapping[str, Any],
    regime: Regime | None,
    policy: RankingPolicy,
    problems: list[Problem],
) -> RankRow | None:
    if isinstance(entry, ScoreCard):
        return _finish(
            RankRow(
                entry.unit.id,
                entry.unit.name,
                entry.group,
                entry.total,
                None,
                entry.band.id if entry.band else None,
                entry.max_total,
                submitted=entry.submission.submitted,
                criteria=entry.scores,
            ),
            entry.unit.parent,
            regime,
            problems,
        )
    where = f"entries[{index}]"
    before = len(problems)
    try:
        given: _Entry | None = _converter.structure(entry, _Entry)
    except cattrs.BaseValidationError as exc:  # every field's problem at once, each with its path
        problems.extend(
            Problem(f"{where}.{p.where}" if p.where else where, p.message, field=_field(p.where))
            for p in problems_from(exc)
        )
        given = None
    except ArgumentError as exc:  # not a mapping at all
        problems.append(Problem(where, str(exc)))
        given = None
    raw: Mapping[str, Any] = entry if isinstance(entry, Mapping) else {}
    group, total, reason = (given.group, given.total, given.reason) if given else map(raw.get, _NEEDED)
    if total is None and not reason and isinstance(entry, Mapping):
        problems.append(Problem(f"{where}.total", "required field missing", field="total"))
    ids = [g.id for g in regime.groups] if regime is not None else []
    if regime is not None and isinstance(group, str) and group not in ids:
        message = f"unknown unit group {group!r} (groups: {', '.join(ids)})"
        problems.append(Problem(f"{where}.group", message, field="group"))
    if given is None:
        return None
    maximum = given.max
    if maximum is None and regime is not None and group in ids:
        maximum = regime.max_points(group)
    if total is not None and policy.basis == "percent" and not maximum and not reason:
        problems.append(
            Problem(
                f"{where}.max",
                f"policy {policy.id!r} ranks on the percent of each unit's maximum: give the unit's max, "
                "or the regime, whose groups give it",
                field="max",
            )
        )
    if len(problems) > before:
        return None
    band = given.band
    if band is None and regime is not None and given.total is not None and maximum:
        found = regime.band_for(given.total, maximum)
        band = found.id if found else None
    row = RankRow(
        given.unit,
        given.unit if given.name is None else given.name,
        given.group,
        given.total,
        None,
        None if given.reason else band,
        maximum,
        submitted=given.submitted,
        criteria=given.scores,
        reason=given.reason,
    )
    return _finish(row, given.parent, regime, problems)


_NEEDED = ("group", "total", "reason")
#: A unit id in an entry: lower-case letters, digits, ``-`` and ``_``, like a regime's id.
_UnitId = NewType("_UnitId", str)
#: A unit's name in an entry: text without control characters.
_Name = NewType("_Name", str)


@attrs.frozen
class _Entry:
    """A total computed elsewhere, as :func:`rank` takes it (the fields its docstring lists)."""

    unit: _UnitId
    group: str
    total: Decimal | None = None
    name: _Name | None = None
    max: Decimal | None = None
    band: str | None = None
    parent: _UnitId | None = None
    submitted: dt.date | None = None
    scores: dict[str, Decimal] = attrs.field(factory=dict)
    reason: Text | None = None


def _checked(problem: Callable[[str, str], str | None], what: str) -> Callable[[object, object], str]:
    def structure(value: object, _: object) -> str:
        if not isinstance(value, str):
            raise ArgumentError(f"expected text, got {type(value).__name__} {value!r}")
        wrong = problem(value, what)
        if wrong:
            raise ArgumentError(wrong)
        return value

    return structure


def _reason(value: object, _: object) -> Text:
    if isinstance(value, Text):
        return value
    if not isinstance(value, str):
        raise ArgumentError(f"expected text, got {type(value).__name__} {value!r}")
    return Text(value)


def _field(where: str) -> str | None:
    """The entry's field a problem's path starts with (``scores`` for ``scores['1.1']``)."""
    return re.split(r"[.\[]", where, maxsplit=1)[0] or None


_converter = base_converter("an object")
_converter.register_structure_hook(Decimal, lambda value, _: Decimal(answer_number(value)))
_converter.register_structure_hook(_UnitId, _checked(id_problem, "unit id"))
_converter.register_structure_hook(_Name, _checked(text_problem, "name"))
_converter.register_structure_hook(Text, _reason)


def _share(row: RankRow) -> Decimal | None:
    """The exact percentage of its maximum a row's total is (None without a total or a maximum)."""
    if row.total is not None and row.max:
        return CONTEXT.divide(CONTEXT.multiply(row.total, 100), row.max)
    return ZERO if row.total is not None and row.max == ZERO else None


def _finish(row: RankRow, parent: object, regime: Regime | None, problems: list[Problem]) -> RankRow:
    """Percent of max (rounded as the regime rounds points), the table (parent unit) and the
    not-ranked reason the regime gives."""
    percent = _share(row)
    if percent is not None:
        rounding = regime.rounding if regime is not None else None
        places, mode = (rounding.places, rounding.mode) if rounding is not None else (2, "half_up")
        percent = round_to(percent, places, mode)
    group = None
    if regime is not None:
        group = next((g for g in regime.groups if g.id == row.group), None)
    within = None
    if group is not None and group.rank_within == "parent":
        if not parent:
            message = f"group {group.id} is ranked within parent units; name the unit's parent"
            problems.append(Problem(f"unit {row.unit}", message, field="parent"))
        within = str(parent) if parent else None
    reason = row.reason
    if reason is None and group is not None and not group.ranked:
        reason = NOT_RANKED_GROUP
    return attrs.evolve(row, percent=percent, within=within, reason=reason)


def rank_changes(
    before: Sequence[RankRow], after: Sequence[RankRow]
) -> tuple[tuple[str, int | None, int | None], ...]:
    """Units whose rank differs between two rankings: (unit, rank before, rank after)."""
    old = {row.unit: row.rank for row in before}
    return tuple((row.unit, old.get(row.unit), row.rank) for row in after if old.get(row.unit) != row.rank)
