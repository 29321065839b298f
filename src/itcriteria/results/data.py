"""Results as data, for JSON and CSV: the round, statuses, ranking, scorecards, appraisal differences,
rank movements and gaps.

Numbers stay Decimal here; :func:`encode` turns the whole structure into JSON-ready values at the
end, every Decimal as decimal text (with a decimal comma when asked), never a float. Answers keep
the form the unit gave them in (a whole number stays a whole number); a number given as text or a
float is written as decimal text like every other number.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from .._core import formats
from ..improvement import CommonGap, Gap, Reach, describe_benchmark
from ..model import Given
from ..ranking import RankRow
from ..regimes import AnswerRef, ConsistencyWarning, Regime
from ..rounds import STATUS_LABELS, Adjustment, AppraisalDifference, RoundResult, UnitStatus
from ..scoring import ScoreCard
from .labels import group_title, label

#: The keys of each JSON ranking row, in order (ids for group, band and status).
RANKING_FIELDS = (
    "group",
    "within",
    "rank",
    "unit",
    "name",
    "total",
    "max",
    "percent",
    "band",
    "status",
    "reason",
)


def ranking_records(
    rows: Sequence[RankRow], statuses: Mapping[str, UnitStatus] | None, lang: str
) -> list[dict[str, Any]]:
    """One record per row with the keys of ``RANKING_FIELDS``: ids for group, band and status (the
    status only when the rows come from a round), the reason a unit is not ranked in ``lang``."""
    records = []
    for row in rows:
        status = statuses.get(row.unit) if statuses is not None else None
        records.append(
            {
                "group": row.group,
                "within": row.within,
                "rank": row.rank,
                "unit": row.unit,
                "name": row.name,
                "total": row.total,
                "max": row.max,
                "percent": row.percent,
                "band": row.band,
                "status": status.status if status is not None else None,
                "reason": row.reason.get(lang) if row.reason is not None else None,
            }
        )
    return records


#: The columns of a results CSV, by label key: the group's id and title, the rank, the unit's id and
#: name, the numbers, the class and form status in words and the reason a unit is not ranked. The ids
#: (group, unit, parent) are there so that the totals reader reads the file back.
CSV_COLUMNS = ("group_id", *RANKING_FIELDS)


def csv_table(
    rows: Sequence[RankRow], statuses: Mapping[str, UnitStatus] | None, regime: Regime | None, lang: str
) -> list[list[object]]:
    """The ranking as a CSV's lines: the headings of :data:`CSV_COLUMNS` in ``lang``, then a line per
    row with the group's and class's titles and the form status in words (ids without a regime)."""
    bands = {band.id: band.title.get(lang) for band in regime.bands} if regime is not None else {}
    table: list[list[object]] = [[label(key, lang) for key in CSV_COLUMNS]]
    for record in ranking_records(rows, statuses, lang):
        band, status = record["band"], record["status"]
        table.append(
            [
                record["group"],
                group_title(regime, record["group"], lang),
                record["within"],
                record["rank"],
                record["unit"],
                record["name"],
                record["total"],
                record["max"],
                record["percent"],
                None if band is None else bands.get(band, band),
                None if status is None else STATUS_LABELS[status].get(lang),
                record["reason"],
            ]
        )
    return table


def regime_data(regime: Regime | None, lang: str) -> dict[str, Any] | None:
    """The regime's id, title, status, places, groups and bands (None when the rows have no regime)."""
    if regime is None:
        return None
    return {
        "id": regime.id,
        "title": regime.title.get(lang),
        "status": regime.status,
        "provisional": regime.is_provisional,
        "content_hash": regime.content_hash,
        "places": regime.rounding.places,
        "groups": [
            {"id": g.id, "title": g.title.get(lang), "ranked": g.ranked, "rank_within": g.rank_within}
            for g in regime.groups
        ],
        "bands": [
            {"id": b.id, "title": b.title.get(lang), "min": b.min, "below": b.below} for b in regime.bands
        ],
    }


def ranking_data(rows: Sequence[RankRow], regime: Regime | None, lang: str) -> dict[str, Any]:
    """A ranking of totals computed elsewhere: the regime (if any) and the rows."""
    return {"regime": regime_data(regime, lang), "ranking": ranking_records(rows, None, lang)}


def round_data(result: RoundResult, lang: str) -> dict[str, Any]:
    """Everything a round gives, as data."""
    round_, regime = result.round, result.regime
    statuses = {status.unit.id: status for status in result.statuses}
    due, window = round_.due, round_.data_window
    policy = result.policy
    return {
        "round": {
            "period": round_.period,
            "regime": regime_data(regime, lang),
            "deadline": None
            if due is None
            else {
                "due": due.due,
                "grace_working_days": due.grace_working_days,
                "accepted_until": due.accepted_until(),
            },
            "window": None if window is None else {"start": window.start, "end": window.end},
            "policy": {
                "id": policy.id,
                "method": policy.method,
                "basis": policy.basis,
                "tie_breaks": list(policy.tie_breaks),
            },
        },
        "statuses": [_status(status, lang) for status in result.statuses],
        "ranking": ranking_records(result.ranking, statuses, lang),
        "cards": {unit: card_data(card) for unit, card in result.cards.items()},
        "appraisal_differences": [_difference(item, regime) for item in result.appraisal_differences()],
        "movements": [
            {"unit": unit, "self_assessed_rank": before, "appraised_rank": after}
            for unit, before, after in result.movements()
        ],
        "gaps": {unit: [_gap(gap, lang) for gap in result.gaps(unit)] for unit in result.cards},
        "common_gaps": [_common(item) for item in result.common_gaps()],
        "warnings": [_warning(item, lang) for item in result.warnings],
    }


def _warning(item: ConsistencyWarning, lang: str) -> dict[str, Any]:
    def answer(ref: AnswerRef) -> dict[str, Any]:
        return {"criterion": ref.criterion, "field": ref.field, "value": ref.value, "where": ref.where}

    return {
        "unit": item.unit,
        "kind": item.kind,
        "first": answer(item.first),
        "second": answer(item.second),
        "text": item.describe(lang),
    }


def _status(status: UnitStatus, lang: str) -> dict[str, Any]:
    unit = status.unit
    return {
        "unit": unit.id,
        "name": unit.name,
        "group": unit.group,
        "parent": unit.parent,
        "status": status.status,
        "evaluated": status.evaluated,
        "submitted": status.submitted,
        "working_days_late": status.working_days_late,
        "description": status.describe(lang),
    }


def _difference(item: AppraisalDifference, regime: Regime) -> dict[str, Any]:
    kind = _kind(regime, item.criterion)
    return {
        "unit": item.unit,
        "criterion": item.criterion,
        "self_points": item.self_points,
        "appraised_points": item.appraised_points,
        "delta": item.delta,
        "self_given": given_data(item.self_given, kind),
        "appraised_given": given_data(item.appraised_given, kind),
        "adjustment": None if item.adjustment is None else _adjustment(item.adjustment, kind),
        "history": [_adjustment(record, kind) for record in item.history],
    }


def _adjustment(record: Adjustment, kind: str) -> dict[str, Any]:
    return {
        "reason": record.reason,
        "by": record.by,
        "on": record.on,
        "evidence": record.evidence,
        "answer": None if record.answer is None else given_data(record.answer.given(), kind),
        "points": record.points,
    }


def _gap(gap: Gap, lang: str) -> dict[str, Any]:
    criterion = gap.criterion
    return {
        "criterion": gap.id,
        "title": criterion.title.get(lang),
        "points": gap.points,
        "max": gap.max,
        "lost": gap.lost,
        "benchmark": None if gap.benchmark is None else describe_benchmark(gap.benchmark, lang),
        "benchmark_met": gap.benchmark_met,
        "to_benchmark": _reach(gap.to_benchmark, lang),
        "to_full": _reach(gap.to_full, lang),
    }


def _reach(reach: Reach | None, lang: str) -> dict[str, Any] | None:
    if reach is None:
        return None
    kind = reach.criterion.indicator.kind if reach.criterion.indicator is not None else ""
    return {
        "reachable": reach.reachable,
        "answer": None if reach.answer is None else given_data(reach.answer.given(), kind),
        "points": reach.points,
        "text": reach.describe(lang),
    }


def _common(item: CommonGap) -> dict[str, Any]:
    return {
        "group": item.group,
        "criterion": item.id,
        "units": item.units,
        "below_benchmark": item.below_benchmark,
        "short_of_max": item.short_of_max,
        "lost": item.lost,
        "missed_by": list(item.missed_by),
    }


# --- scorecards -------------------------------------------------------------------------------------


def card_data(card: ScoreCard) -> dict[str, Any]:
    """``card.to_dict()`` with its numbers back as Decimals, so :func:`encode` writes every number of
    the file the same way (``to_dict`` gives them as decimal text with a point)."""
    data = card.to_dict()
    data["total"], data["max_total"] = Decimal(data["total"]), Decimal(data["max_total"])
    for node in data["criteria"]:
        _node_numbers(node, card.regime)
    return data


def _node_numbers(node: dict[str, Any], regime: Regime) -> None:
    node["score"], node["max"] = Decimal(node["score"]), Decimal(node["max"])
    explanation = node.get("explanation")
    if explanation is not None:
        if explanation["raw"] is not None:
            explanation["raw"] = Decimal(explanation["raw"])
        explanation["inputs"] = {k: _number_or_text(v) for k, v in explanation["inputs"].items()}
        explanation["given"] = given_data(explanation["given"], _kind(regime, node["id"]))
    for child in node.get("children", ()):
        _node_numbers(child, regime)


def given_data(given: Mapping[str, Given], kind: str) -> dict[str, Any]:
    """An answer as the unit gave it, numbers given as text or floats as Decimals (then written as
    decimal text); a choice's level id and a yes/no are left as they are."""
    if kind in ("choice", "yes_no"):
        return {key: _plain(value) for key, value in given.items()}
    return {key: _number_or_text(value) for key, value in given.items()}


def _kind(regime: Regime, criterion_id: str) -> str:
    indicator = regime.criterion(criterion_id).indicator
    return indicator.kind if indicator is not None else ""


def _number_or_text(value: object) -> object:
    if isinstance(value, bool | int | Decimal) or value is None:
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except decimal.InvalidOperation:
            return value
        return number if number.is_finite() else value
    return str(value)


def _plain(value: object) -> object:
    return value if isinstance(value, str | bool | int) or value is None else _number_or_text(value)


# --- encoding ---------------------------------------------------------------------------------------


def number_text(value: Decimal, decimal_comma: bool = False) -> str:
    """A Decimal as plain decimal text with every digit it holds (no exponent), with a decimal comma
    when asked: :func:`itcriteria._core.formats.decimal` in Vietnamese's or English's separator."""
    return formats.decimal(value, "vi" if decimal_comma else "en")


def encode(data: object, decimal_comma: bool = False) -> Any:
    """JSON-ready values: Decimals as decimal text, dates as ISO text, tuples as lists."""
    if isinstance(data, Decimal):
        return number_text(data, decimal_comma)
    if isinstance(data, float):  # never written as a float
        return number_text(Decimal(repr(data)), decimal_comma)
    if isinstance(data, dt.date):
        return data.isoformat()
    if isinstance(data, Mapping):
        return {str(key): encode(value, decimal_comma) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [encode(value, decimal_comma) for value in data]
    return data
