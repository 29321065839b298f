"""Ranking: scorecards (or totals computed elsewhere) in, ranked rows per unit group out. Pure."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, Literal

import attrs

from ._model import Text
from ._numbers import to_decimal
from ._scoring import ScoreCard
from .exceptions import Problem, SubmissionError

RankMethod = Literal["competition", "dense"]
RANK_METHODS: tuple[RankMethod, ...] = ("competition", "dense")


@attrs.frozen
class RankingPolicy:
    """How a regime ranks its units, registered by a plugin and named by the regime's ``ranking_policy``.

    ``method`` is how tied totals share ranks: ``competition`` (1, 2, 2, 4), as national rankings
    publish, or ``dense`` (1, 2, 2, 3).
    """

    id: str
    title: Text
    method: RankMethod = "competition"
    source: str = ""

    def __attrs_post_init__(self) -> None:
        if self.method not in RANK_METHODS:
            known = ", ".join(RANK_METHODS)
            raise ValueError(f"ranking policy {self.id}: unknown method {self.method!r}; use one of {known}")


@attrs.frozen
class RankRow:
    """One unit's place: ``rank`` within its ``group`` and its ``band`` (class) id when known."""

    unit: str
    name: str
    group: str
    total: Decimal
    rank: int
    band: str | None = None


def rank(
    entries: Iterable[ScoreCard | Mapping[str, Any]],
    *,
    method: RankMethod | None = None,
    policy: RankingPolicy | None = None,
) -> tuple[RankRow, ...]:
    """Rank units within each group by total, highest first.

    ``entries`` are scorecards or mappings with ``unit``, ``group`` and ``total`` (``name`` and
    ``band`` optional), so totals computed elsewhere rank the same way. Tied totals share a rank;
    ``competition`` then skips (1, 2, 2, 4), as national rankings publish, and ``dense`` does not
    (1, 2, 2, 3). Rows come grouped in first-seen group order, then by rank, then by unit id, so the
    result never depends on input order within a group. A ``policy`` (see
    :func:`itcriteria.get_ranking_policy`) gives the method instead of ``method``.
    """
    if policy is not None:
        if method is not None:
            raise TypeError("give a rank method or a ranking policy, not both")
        method = policy.method
    method = method or "competition"
    if method not in RANK_METHODS:
        raise ValueError(f"unknown rank method {method!r}; use 'competition' or 'dense'")
    rows = [_row(i, entry) for i, entry in enumerate(entries)]
    seen: set[str] = set()
    for row in rows:
        if row.unit in seen:
            raise SubmissionError("ranking", [Problem(f"unit {row.unit}", "unit appears twice")])
        seen.add(row.unit)
    groups: dict[str, list[RankRow]] = {}
    for row in rows:
        groups.setdefault(row.group, []).append(row)
    ranked: list[RankRow] = []
    for members in groups.values():
        members.sort(key=lambda r: (-r.total, r.unit))
        place, previous = 0, None
        for position, row in enumerate(members, start=1):
            if row.total != previous:
                place = position if method == "competition" else place + 1
                previous = row.total
            ranked.append(attrs.evolve(row, rank=place))
    return tuple(ranked)


def _row(index: int, entry: ScoreCard | Mapping[str, Any]) -> RankRow:
    if isinstance(entry, ScoreCard):
        band = entry.band.id if entry.band else None
        return RankRow(entry.unit.id, entry.unit.name, entry.group, entry.total, 0, band)
    problems = [
        Problem(f"entries[{index}].{key}", "required field missing")
        for key in ("unit", "group", "total")
        if key not in entry
    ]
    total = None
    if "total" in entry:
        try:
            total = to_decimal(entry["total"])
        except (TypeError, ValueError) as err:
            problems.append(Problem(f"entries[{index}].total", str(err)))
    if problems or total is None:
        raise SubmissionError("ranking", problems)
    unit_id = str(entry["unit"])
    return RankRow(unit_id, str(entry.get("name", unit_id)), str(entry["group"]), total, 0, entry.get("band"))
