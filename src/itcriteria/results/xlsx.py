"""Result workbooks: a ranking sheet per unit group, the form statuses, the appraisal (self-assessed
versus appraised, and who moved), the gaps, the criteria sheet (every unit × every criterion, to
filter) and, up to :data:`UNIT_SHEETS` evaluated units, one sheet per unit with its explanation
(:mod:`itcriteria.results.unit`).

A national round of 12,000 units would need 12,000 sheets, which no one reads one by one and which
make the workbook slow to write and to open; above the limit the criteria sheet carries each unit's
detail, and the gaps and criteria sheets say so on top.

Headings are Vietnamese, or English with ``lang="en"``; a provisional regime says so at the top of
every sheet. Numbers are numeric cells (see :mod:`itcriteria.results.sheets`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from ..improvement import describe_benchmark
from ..ranking import RankRow
from ..regimes import Regime
from ..rounds import STATUS_LABELS, RoundResult, UnitStatus, given_words
from .labels import group_title, head_lines, label, verdict
from .sheets import Book, SheetWriter, sheet_names
from .unit import criteria_sheet, unit_sheet

#: The most evaluated units a results workbook gives a sheet each, and advice in its gaps sheet, by
#: default: a province's departments, districts and communes. Above it the criteria sheet carries
#: each unit's detail.
UNIT_SHEETS = 500

_RANKING_WIDTHS = {
    "rank": 7,
    "unit": 22,
    "name": 44,
    "within": 18,
    "total": 10,
    "max": 10,
    "percent": 10,
    "band": 14,
    "status": 30,
    "reason": 60,
}


def add_ranking_sheets(book: Book, rows: Sequence[RankRow], regime: Regime | None, lang: str) -> None:
    """A ranking sheet per unit group of ``rows`` (totals ranked elsewhere), into a write-only
    workbook; one sheet with the headings only when there are no rows."""
    groups = _groups(rows)
    places = _places(rows, regime)
    if not groups:
        _ranking_sheet(book, label("ranking", lang), None, rows, regime, lang, places)
    names = sheet_names([_ranking_name(group, lang) for group in groups])
    for group, name in zip(groups, names, strict=True):
        _ranking_sheet(book, name, group, [r for r in rows if r.group == group], regime, lang, places)


def add_round_sheets(
    book: Book,
    result: RoundResult,
    lang: str,
    unit_sheets: int | None = UNIT_SHEETS,
    *,
    progress: Callable[[str, int, int], None] | None = None,
) -> None:
    """The whole round: ranking sheets, statuses, appraisal, gaps, the criteria sheet, then a sheet
    per evaluated unit when there are at most ``unit_sheets`` of them (``None``: however many);
    ``progress`` hears of each unit sheet written."""
    regime = result.regime
    groups = _groups(result.ranking)
    fixed = [
        *(_ranking_name(group, lang) for group in groups),
        label("status_sheet", lang),
        label("appraisal_sheet", lang),
        label("gaps_sheet", lang),
        label("criteria_sheet", lang),
    ]
    units = [row.unit for row in result.ranking if row.unit in result.cards]
    detailed = unit_sheets is None or len(units) <= unit_sheets
    names = sheet_names([*fixed, *(units if detailed else ())])
    ranking_names, (status_name, appraisal_name, gap_name, criteria_name), unit_names = (
        names[: len(groups)],
        names[len(groups) : len(fixed)],
        names[len(fixed) :],
    )
    links = dict(zip(units, unit_names, strict=True)) if detailed else {}
    note = None
    if not detailed:
        note = label("no_unit_sheets", lang).format(count=len(units), limit=unit_sheets, sheet=criteria_name)
    statuses = {s.unit.id: s for s in result.statuses}
    places = regime.rounding.places
    for group, name in zip(groups, ranking_names, strict=True):
        rows = [row for row in result.ranking if row.group == group]
        _ranking_sheet(
            book,
            name,
            group,
            rows,
            regime,
            lang,
            places,
            period=result.round.period,
            statuses=statuses,
            links=links,
        )
    _status_sheet(book, status_name, result, lang)
    _appraisal_sheet(book, appraisal_name, result, lang, links)
    _gap_sheet(book, gap_name, result, units, lang, links, note)
    rows_by_unit = {row.unit: row for row in result.ranking}
    adjusted: dict[str, set[str]] = {}
    for record in result.round.adjustments:
        adjusted.setdefault(record.unit, set()).add(record.criterion)
    criteria_sheet(book, criteria_name, result, units, adjusted, lang, note)
    for done, unit in enumerate(units if detailed else (), 1):
        row, status = rows_by_unit[unit], statuses[unit]
        unit_sheet(book, links[unit], result, row, status, adjusted.get(unit, set()), lang)
        if progress is not None:
            progress("writing", done, len(units))


def _groups(rows: Sequence[RankRow]) -> list[str]:
    return list(dict.fromkeys(row.group for row in rows))


def _ranking_name(group: str, lang: str) -> str:
    return f"{label('ranking', lang)} {group}"


def _places(rows: Sequence[RankRow], regime: Regime | None) -> int:
    """The regime's places; without a regime, the most places among the totals given (2 if none)."""
    if regime is not None:
        return regime.rounding.places
    found = [-int(row.total.as_tuple().exponent) for row in rows if row.total is not None]
    return max([0, *found]) if found else 2


# --- ranking --------------------------------------------------------------------------------------


def _ranking_sheet(
    book: Book,
    name: str,
    group: str | None,
    rows: Sequence[RankRow],
    regime: Regime | None,
    lang: str,
    places: int,
    *,
    period: str = "",
    statuses: Mapping[str, UnitStatus] | None = None,
    links: Mapping[str, str] | None = None,
) -> None:
    title = label("ranking", lang)
    if group is not None:
        title += f" — {group_title(regime, group, lang)}"
    columns = ["rank", "unit", "name", "total", "max", "percent", "band", "reason"]
    if any(row.within for row in rows):
        columns.insert(3, "within")
    if statuses is not None:
        columns.insert(-1, "status")
    head = head_lines(regime, lang, title, period)
    widths = [_RANKING_WIDTHS[c] for c in columns]
    sheet = SheetWriter.opened(book, name, widths, places=places, head=head)
    sheet.heading(label(column, lang) for column in columns)
    bands = {band.id: band.title.get(lang) for band in regime.bands} if regime is not None else {}
    link_column = columns.index("name")
    for row in rows:
        status = statuses.get(row.unit) if statuses is not None else None
        values = {
            "rank": row.rank,
            "unit": row.unit,
            "name": row.name,
            "within": row.within,
            "total": row.total,
            "max": row.max,
            "percent": row.percent,
            "band": bands.get(row.band, row.band) if row.band is not None else None,
            "status": STATUS_LABELS[status.status].get(lang) if status is not None else None,
            "reason": row.reason.get(lang) if row.reason is not None else None,
        }
        target = links.get(row.unit) if links is not None else None
        sheet.row([values[column] for column in columns], links={link_column: target} if target else None)


# --- statuses -------------------------------------------------------------------------------------


def _status_sheet(book: Book, name: str, result: RoundResult, lang: str) -> None:
    regime, round_ = result.regime, result.round
    head = head_lines(regime, lang, label("statuses", lang), round_.period)
    due = round_.due
    if due is not None:
        last = due.accepted_until()
        head.append(f"{label('deadline', lang)}: {due.due:%d/%m/%Y}; {label('grace', lang)} {last:%d/%m/%Y}")
    if round_.data_window is not None:
        head.append(f"{label('window', lang)}: {round_.data_window}")
    widths = [22, 44, 36, 30, 12, 12, 70]
    sheet = SheetWriter.opened(book, name, widths, places=regime.rounding.places, head=head)
    sheet.heading(label(key, lang) for key in ("unit", "name", "group", "status", "sent", "late", "details"))
    for status in result.statuses:
        unit = status.unit
        sheet.row(
            [
                unit.id,
                unit.name,
                group_title(regime, unit.group, lang),
                STATUS_LABELS[status.status].get(lang),
                status.submitted,
                status.working_days_late if status.submitted is not None else None,
                status.describe(lang),
            ]
        )


# --- appraisal ------------------------------------------------------------------------------------


def _appraisal_sheet(book: Book, name: str, result: RoundResult, lang: str, links: Mapping[str, str]) -> None:
    regime = result.regime
    names = {row.unit: row.name for row in result.ranking}
    head = head_lines(regime, lang, label("appraisal", lang), result.round.period)
    widths = [22, 36, 10, 18, 18, 12, 12, 10, 50, 24, 12, 16, 18]
    sheet = SheetWriter.opened(book, name, widths, places=regime.rounding.places, head=head)
    sheet.heading(
        label(key, lang)
        for key in (
            "unit",
            "name",
            "criterion",
            "self_given",
            "appraised_given",
            "self_points",
            "appraised_points",
            "delta",
            "why",
            "by",
            "on",
            "evidence",
            "corrects",
        )
    )
    differences = result.appraisal_differences()
    if not differences:
        sheet.line(label("no_appraisal", lang))
    for item in differences:
        record = item.adjustment
        criterion = regime.criterion(item.criterion)
        sheet.row(
            [
                item.unit,
                names.get(item.unit, item.unit),
                item.criterion,
                given_words(item.self_given, criterion, lang),
                given_words(item.appraised_given, criterion, lang),
                item.self_points,
                item.appraised_points,
                item.delta,
                label("cohort", lang) if record is None else record.reason,
                None if record is None else record.by,
                None if record is None else record.on,
                None if record is None else record.evidence or None,
                ", ".join(f"{h.on:%d/%m/%Y}" for h in item.history) or None,
            ],
            links={1: links[item.unit]} if item.unit in links else None,
        )
    sheet.blank()
    sheet.title(label("moved", lang))
    sheet.heading(label(key, lang) for key in ("unit", "name", "group", "self_rank", "appraised_rank"))
    moved = result.movements()
    if not moved:
        sheet.line(label("none", lang))
    groups = {row.unit: row.group for row in result.ranking}
    for unit, before, after in moved:
        group = group_title(regime, groups.get(unit, ""), lang)
        sheet.row([unit, names.get(unit, unit), group, before, after])


# --- gaps -----------------------------------------------------------------------------------------


def _gap_sheet(
    book: Book,
    name: str,
    result: RoundResult,
    units: Sequence[str],
    lang: str,
    links: Mapping[str, str],
    note: str | None = None,
) -> None:
    """Each unit's gaps with what reaching the benchmark and full points takes; with a ``note`` (a
    round above the unit-sheet limit), the note and the headings only: the criteria sheet has every
    unit's points lost and benchmark verdicts, and ``itcriteria plan`` the advice for one unit."""
    regime = result.regime
    head = head_lines(regime, lang, label("gaps", lang), result.round.period)
    if note is not None:
        head.append(note)
    widths = [22, 36, 10, 50, 10, 10, 10, 12, 12, 60, 60]
    sheet = SheetWriter.opened(book, name, widths, places=regime.rounding.places, head=head)
    keys = ("unit", "name", "criterion", "title", "points", "max", "lost", "benchmark", "benchmark_met")
    sheet.heading([*(label(key, lang) for key in keys), label("to_benchmark", lang), label("to_full", lang)])
    if note is not None:
        sheet.line(label("gaps_elsewhere", lang).format(sheet=label("criteria_sheet", lang)))
        return
    listed = False
    for unit in units:
        card = result.cards[unit]
        for gap in result.gaps(unit):
            listed = True
            sheet.row(
                [
                    unit,
                    card.unit.name,
                    gap.id,
                    gap.criterion.title.get(lang),
                    gap.points,
                    gap.max,
                    gap.lost,
                    None if gap.benchmark is None else describe_benchmark(gap.benchmark, lang),
                    verdict(gap.benchmark_met, lang),
                    None if gap.to_benchmark is None else gap.to_benchmark.describe(lang),
                    None if gap.to_full is None else gap.to_full.describe(lang),
                ],
                links={1: links[unit]} if unit in links else None,
            )
    if not listed:
        sheet.line(label("no_gaps", lang))
