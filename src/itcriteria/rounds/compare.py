"""Comparing rounds: the same units across two rounds, under the same regime or two different ones.

Per unit: total, percent and rank before and after, and per criterion the points before and after,
with what the regime diff says changed for criteria whose definition moved (a delta of a criterion
whose maximum changed is not like for like, and the comparison says so). Pure.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from .._core import check_lang
from ..exceptions import NotFoundError
from ..regimes import CriterionChange, RegimeDiff, diff
from .round import RoundResult


@attrs.frozen
class CriterionDelta:
    """One criterion's points in both rounds (None where it was not scored) and its regime change."""

    criterion: str
    before: Decimal | None
    after: Decimal | None
    change: CriterionChange | None = None

    @property
    def delta(self) -> Decimal | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@attrs.frozen
class UnitComparison:
    """One unit in both rounds. ``movement`` is how many places it rose (negative: fell)."""

    unit: str
    name: str
    total_before: Decimal | None
    total_after: Decimal | None
    percent_before: Decimal | None
    percent_after: Decimal | None
    rank_before: int | None
    rank_after: int | None
    criteria: tuple[CriterionDelta, ...]

    @property
    def delta(self) -> Decimal | None:
        if self.total_before is None or self.total_after is None:
            return None
        return self.total_after - self.total_before

    @property
    def movement(self) -> int | None:
        if self.rank_before is None or self.rank_after is None:
            return None
        return self.rank_before - self.rank_after


@attrs.frozen
class RoundComparison:
    """Units of both rounds compared; ``regime_diff`` is None when both rounds use the same regime."""

    before: RoundResult
    after: RoundResult
    regime_diff: RegimeDiff | None
    units: tuple[UnitComparison, ...]
    only_before: tuple[str, ...]
    only_after: tuple[str, ...]

    def unit(self, unit_id: str) -> UnitComparison:
        for item in self.units:
            if item.unit == unit_id:
                return item
        raise NotFoundError(f"unit {unit_id!r} is not in both rounds")

    def render(self, lang: str = "vi") -> str:
        """A plain-text table: totals, ranks and movement, then the criteria that changed most."""
        en = check_lang(lang) == "en"
        old, new = self.before.round, self.after.round
        head = f"{old.regime.id} {old.period} → {new.regime.id} {new.period}"
        lines = [("Comparison: " if en else "So sánh: ") + head]
        if self.regime_diff is not None and self.regime_diff:
            lines.extend(self.regime_diff.describe(lang).splitlines()[1:])
        unit, before, after, place = (
            ("Unit", "before", "after", "rank") if en else ("Đơn vị", "trước", "sau", "hạng")
        )
        lines.append(f"  {unit:<20} {before:>8} {after:>8} {'Δ':>7} {place:>9}")
        for item in self.units:
            ranks = f"{_show(item.rank_before)}→{_show(item.rank_after)}"
            move = "" if not item.movement else f" ({item.movement:+d})"
            lines.append(
                f"  {item.unit:<20} {_show(item.total_before):>8} {_show(item.total_after):>8} "
                f"{_signed(item.delta):>7} {ranks:>9}{move}"
            )
            for part in item.criteria:
                if part.delta or part.change is not None or (part.before is None) != (part.after is None):
                    note = ""
                    if part.change is not None:
                        note = "  [" + "; ".join(c.describe(lang) for c in part.change.changes) + "]"
                    lines.append(
                        f"      {part.criterion:<16} {_show(part.before):>8} {_show(part.after):>8} "
                        f"{_signed(part.delta):>7}{note}"
                    )
        for label, ids in (("only before" if en else "chỉ có ở kỳ trước", self.only_before),
                           ("only after" if en else "chỉ có ở kỳ sau", self.only_after)):  # fmt: skip
            if ids:
                lines.append(f"  {label}: {', '.join(ids)}")
        return "\n".join(lines)


def compare_rounds(before: RoundResult, after: RoundResult) -> RoundComparison:
    """Compare two round results unit by unit (units matched by id)."""
    regime_diff = None if before.regime == after.regime else diff(before.regime, after.regime)
    changed = {c.id: c for c in regime_diff.changed} if regime_diff is not None else {}
    rows_before = {row.unit: row for row in before.ranking}
    rows_after = {row.unit: row for row in after.ranking}
    units = []
    for status in after.statuses:
        unit_id = status.unit.id
        if unit_id not in rows_before:
            continue
        old, new = rows_before[unit_id], rows_after[unit_id]
        card_old, card_new = before.cards.get(unit_id), after.cards.get(unit_id)
        ids = list(card_old.scores if card_old else {})
        ids += [cid for cid in (card_new.scores if card_new else {}) if cid not in ids]
        criteria = tuple(
            CriterionDelta(
                cid,
                card_old.scores.get(cid) if card_old else None,
                card_new.scores.get(cid) if card_new else None,
                changed.get(cid),
            )
            for cid in ids
        )
        units.append(
            UnitComparison(
                unit_id,
                new.name,
                old.total,
                new.total,
                old.percent,
                new.percent,
                old.rank,
                new.rank,
                criteria,
            )
        )
    return RoundComparison(
        before,
        after,
        regime_diff,
        tuple(units),
        tuple(s.unit.id for s in before.statuses if s.unit.id not in rows_after),
        tuple(s.unit.id for s in after.statuses if s.unit.id not in rows_before),
    )


def _show(value: object) -> str:
    return "-" if value is None else str(value)


def _signed(value: Decimal | None) -> str:
    return "" if value is None else f"{value:+}"
