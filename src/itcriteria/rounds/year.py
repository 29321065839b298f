"""Quarterly rounds made into a year: each unit's quarter totals aggregated as the regime says (mean,
sum or last quarter), then ranked under the regime's policy. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import attrs

from .._core import CONTEXT, ROUNDING_MODES
from ..exceptions import ArgumentError
from ..model import Text
from ..ranking import RankingPolicy, RankRow, rank
from ..regimes import Regime
from .round import RoundResult

_AGGREGATES = {
    "mean": Text("bình quân các quý", "mean of the quarters"),
    "sum": Text("tổng các quý", "sum of the quarters"),
    "last": Text("quý cuối", "last quarter"),
}


@attrs.frozen
class YearResult:
    """The year of a quarterly regime: per unit its quarter totals (None where not evaluated), and the
    ranking of the aggregated totals. A unit not evaluated in every declared quarter is not ranked."""

    regime: Regime
    quarters: tuple[str, ...]
    totals: dict[str, tuple[Decimal | None, ...]]
    ranking: tuple[RankRow, ...]

    def render(self, lang: str = "vi") -> str:
        how = self.regime.year_aggregate or "mean"
        lines = [f"{self.regime.id}: {', '.join(self.quarters)} → " + _AGGREGATES[how].get(lang)]
        for row in self.ranking:
            quarters = " ".join(f"{'-' if v is None else v:>7}" for v in self.totals[row.unit])
            place = "-" if row.rank is None else str(row.rank)
            reason = f"  ({row.reason.get(lang)})" if row.reason else ""
            lines.append(f"  {row.group:<12} {row.unit:<20} {quarters}  {row.total!s:>7} {place:>3}{reason}")
        return "\n".join(lines)


def aggregate_year(results: Sequence[RoundResult], *, policy: RankingPolicy | None = None) -> YearResult:
    """Aggregate the declared quarter rounds (in the order given) of one quarterly regime."""
    if not results:
        raise ArgumentError("aggregate_year needs the quarter rounds of the year")
    regime = results[0].regime
    problems = []
    if regime.cadence != "quarter" or regime.year_aggregate is None:
        problems.append(f"regime {regime.id} is not quarterly (cadence {regime.cadence!r})")
    periods = [r.round.period for r in results]
    for i, result in enumerate(results):
        if result.regime != regime:
            problems.append(f"round {i} ({result.round.period}) is under {result.regime.id}, not {regime.id}")
        if not result.round.period or periods.count(result.round.period) > 1:
            problems.append(
                f"round {i}: each quarter round needs its own period name, got {result.round.period!r}"
            )
    if problems:
        raise ArgumentError(f"year of {regime.id}: " + "; ".join(problems))
    units = {}
    for result in results:
        units.update({s.unit.id: s.unit for s in result.statuses})
    totals: dict[str, tuple[Decimal | None, ...]] = {}
    entries = []
    for unit in units.values():
        cards = [r.cards.get(unit.id) for r in results]
        totals[unit.id] = tuple(c.total if c else None for c in cards)
        present = [c for c in cards if c is not None]
        entry: dict[str, object] = {
            "unit": unit.id,
            "name": unit.name,
            "group": unit.group,
            "parent": unit.parent,
        }
        missing = [p for p, c in zip(periods, cards, strict=True) if c is None]
        if missing:
            entry["reason"] = Text(
                f"không được đánh giá trong {', '.join(missing)}", f"not evaluated in {', '.join(missing)}"
            )
        if present:
            entry["total"] = _aggregate(regime, [c.total for c in present])
            entry["max"] = _aggregate(regime, [c.max_total for c in present])
        entries.append(entry)
    ranking = rank(entries, policy=policy or results[-1].policy, regime=regime)
    return YearResult(regime, tuple(periods), totals, ranking)


def _aggregate(regime: Regime, values: list[Decimal]) -> Decimal:
    how = regime.year_aggregate
    if how == "last":
        return values[-1]
    total = sum(values, Decimal(0))
    if how == "sum":
        return total
    quantum = Decimal(1).scaleb(-regime.rounding.places)
    mean = CONTEXT.divide(total, len(values))
    return mean.quantize(quantum, rounding=ROUNDING_MODES[regime.rounding.mode])
