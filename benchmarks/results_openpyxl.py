"""The results workbook as it was written before issue 16 (openpyxl's write-only mode, one sheet per
evaluated unit, no criteria sheet), kept so that benchmarks/bench_results.py can time old against new
in one run. A copy of src/itcriteria/results/{sheets,unit,xlsx}.py and the workbook part of writing.py
at commit 1cefafd; not used by the library."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence, Set
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, cast

from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.hyperlink import Hyperlink

from itcriteria._core import check_lang, check_target, write_atomically
from itcriteria.improvement import describe_benchmark
from itcriteria.model import Criterion
from itcriteria.ranking import RankRow
from itcriteria.regimes import Regime
from itcriteria.results.labels import PROVENANCE, group_title, head_lines, label, verdict
from itcriteria.rounds import STATUS_LABELS, RoundResult, UnitStatus, given_text
from itcriteria.scoring import EXPLAIN_LABELS as _EXPLAIN
from itcriteria.scoring import LeafExplanation, ScoreCard, format_number, leaf_lines


def write_results_openpyxl(result: RoundResult, path: str | os.PathLike[str], lang: str = "vi") -> None:
    """The old ``write_results(result, path)`` for an ``.xlsx`` path."""
    _write_workbook(path, lambda workbook: add_round_sheets(workbook, result, lang))


# --- from results/sheets.py ------------------------------------------------------------


#: Excel's limit on the length of a sheet name.
MAX_SHEET_NAME = 31
_INVALID = re.compile(r"[\[\]:*?/\\]")
_RESERVED = {"history"}  # Excel keeps this name for itself
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=13)
_WRAP = Alignment(wrap_text=True, vertical="top")
DATE_FORMAT = "dd/mm/yyyy"


def sheet_names(wanted: Sequence[str]) -> list[str]:
    """Valid, unique sheet names for ``wanted``, in the same order, chosen deterministically.

    Characters Excel refuses (``[ ] : * ? / \\``) become ``_``, leading and trailing apostrophes
    are dropped, and a name is at most 31 characters. A name that had to change, or that equals an
    earlier one (Excel compares names without case), ends in ``~`` and four hex digits of a hash
    of the wanted text, so the same unit gets the same sheet name in every workbook; a counter
    settles the (unlikely) clash of two hashes.
    """
    taken: set[str] = set()
    names = []
    for text in wanted:
        clean = _INVALID.sub("_", text).strip("'") or "_"
        name = clean[:MAX_SHEET_NAME]
        if name != text or name.casefold() in taken or name.casefold() in _RESERVED:
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:4]
            name = _suffixed(clean, f"~{digest}")
            count = 2
            while name.casefold() in taken:
                name = _suffixed(clean, f"~{digest}~{count}")
                count += 1
        taken.add(name.casefold())
        names.append(name)
    return names


def _suffixed(name: str, suffix: str) -> str:
    return name[: MAX_SHEET_NAME - len(suffix)].rstrip("'") + suffix


def number_format(places: int) -> str:
    """The Excel number format showing ``places`` decimals: ``0``, ``0.0``, ``0.00``, …"""
    return "0." + "0" * places if places > 0 else "0"


def link_to(sheet: str) -> Hyperlink:
    """A link to the top of another sheet of the same workbook."""
    quoted = sheet.replace("'", "''")
    return Hyperlink(ref="", location=f"'{quoted}'!A1")


class SheetWriter:
    """Appends rows to one write-only sheet: title lines, a heading row, and rows of values.

    Column widths and the frozen heading are fixed when the sheet is made, before any row is written.
    """

    def __init__(
        self,
        workbook: Workbook,
        title: str,
        widths: Sequence[float],
        *,
        places: int,
        freeze_below: int | None = None,
    ) -> None:
        sheet = workbook.create_sheet(title)
        assert isinstance(sheet, WriteOnlyWorksheet)
        self.sheet = sheet
        self.number_format = number_format(places)
        columns = cast(Any, sheet).column_dimensions  # set up at run time; not in the type stubs
        for index, width in enumerate(widths, start=1):
            columns[get_column_letter(index)].width = width
        if freeze_below is not None:
            sheet.freeze_panes = f"A{freeze_below + 1}"
        self.rows = 0
        self._styles: dict[tuple[str | None, bool, bool, bool], Any] = {}

    @classmethod
    def opened(
        cls,
        workbook: Workbook,
        title: str,
        widths: Sequence[float],
        *,
        places: int,
        head: Sequence[str],
        lines: Sequence[Sequence[Any]] = (),
    ) -> SheetWriter:
        """A sheet with ``head`` on top (its first line as the title), then ``lines`` of values, a
        blank line, and room for the heading row, which stays in view when scrolling."""
        sheet = cls(workbook, title, widths, places=places, freeze_below=len(head) + len(lines) + 2)
        sheet.title(head[0])
        for line in head[1:]:
            sheet.line(line)
        for values in lines:
            sheet.line(*values)
        sheet.blank()
        return sheet

    def title(self, text: str) -> None:
        self._append([self._styled(text, font=_TITLE)])

    def line(self, *values: Any) -> None:
        """A line of text or numbers above or between tables."""
        self._append([self.cell(value) for value in values])

    def blank(self) -> None:
        self._append([])

    def heading(self, labels: Iterable[str]) -> None:
        self._append([self._styled(label, font=_BOLD, wrap=True) for label in labels])

    def row(self, values: Iterable[Any], *, bold: bool = False, links: dict[int, str] | None = None) -> None:
        """A table row; ``links`` maps a column index (from 0) to a sheet the cell links to."""
        cells = []
        for index, value in enumerate(values):
            cell = self.cell(value, bold=bold)
            if links and index in links and value is not None:
                if not isinstance(cell, Cell):
                    cell = self._styled(value)
                cell.hyperlink = link_to(links[index])
            cells.append(cell)
        self._append(cells)

    def cell(self, value: Any, *, bold: bool = False) -> Any:
        """A value as written: numbers with the regime's places, dates as dd/mm/yyyy, long text
        wrapped; plain short text as it is (cheapest for the streaming writer)."""
        font = _BOLD if bold else None
        if isinstance(value, bool) or value is None:
            return value
        if isinstance(value, Decimal):
            return self._styled(value, number_format=self.number_format, font=font)
        if isinstance(value, dt.date):
            return self._styled(value, number_format=DATE_FORMAT, font=font)
        text = str(value)
        wrap = len(text) > 60 or "\n" in text
        if not bold and not wrap and not text.startswith("="):
            return value
        return self._styled(value, font=font, wrap=wrap)

    def _styled(
        self, value: Any, *, number_format: str | None = None, font: Font | None = None, wrap: bool = False
    ) -> Cell:
        """A cell with a style made once per sheet and shared by its cells: setting a font on every
        cell would hash it every time, a large part of writing a thousand sheets."""
        key = (number_format, font is _TITLE, font is _BOLD, wrap)
        style = self._styles.get(key)
        if style is None:
            model = WriteOnlyCell(self.sheet)
            if number_format is not None:
                model.number_format = number_format
            if font is not None:
                model.font = font
            if wrap:
                model.alignment = _WRAP
            style = self._styles[key] = cast(Any, model)._style  # its style array: indices of the styles
        # row and column are placeholders: the streaming writer sets them when the row is appended
        cell = Cell(self.sheet, 1, 1, value, style_array=style)
        if isinstance(value, str):  # text, never a formula (a unit named "=…" stays a name)
            cell.data_type = "s"
        return cell

    def _append(self, cells: list[Any]) -> None:
        self.sheet.append(cells)
        self.rows += 1


# --- from results/unit.py ------------------------------------------------------------


#: The columns of a unit's sheet (label key, width).
COLUMNS = (
    ("criterion", 10),
    ("title", 50),
    ("given", 50),
    ("points", 9),
    ("max", 9),
    ("benchmark", 11),
    ("benchmark_met", 11),
    ("appraised", 24),
    ("self_points", 11),
    ("calculation", 44),
    ("source", 50),
    ("provenance", 22),
)


def unit_sheet(
    workbook: Workbook,
    name: str,
    result: RoundResult,
    row: RankRow,
    status: UnitStatus,
    adjusted: Set[str],
    lang: str,
) -> None:
    """Add the sheet of ``row``'s unit; ``adjusted`` are the criteria the council has records on."""
    regime = result.regime
    card, own = result.cards[row.unit], result.self_assessed[row.unit]
    unit = card.unit
    place = row.rank if row.rank is not None else (row.reason.get(lang) if row.reason else None)
    summary = [
        (label("group", lang), group_title(regime, unit.group, lang)),
        (label("status", lang), status.describe(lang)),
        (label("total", lang), card.total),
        (label("max", lang), card.max_total),
        (label("percent", lang), row.percent),
        (label("band", lang), card.band.title.get(lang) if card.band is not None else None),
        (label("rank", lang), place),
    ]
    head = head_lines(regime, lang, f"{unit.name} ({unit.id})", result.round.period)
    widths = [width for _, width in COLUMNS]
    sheet = SheetWriter.opened(
        workbook, name, widths, places=regime.rounding.places, head=head, lines=summary
    )
    sheet.heading(label(key, lang) for key, _ in COLUMNS)
    for criterion in regime.walk(card.group):
        values = _criterion_row(card, own, criterion, criterion.id in adjusted, lang)
        sheet.row(values, bold=not criterion.is_leaf)


def _criterion_row(
    card: ScoreCard, own: ScoreCard, criterion: Criterion, adjusted: bool, lang: str
) -> list[object]:
    """A criterion's cells; the self-assessed points are shown where the appraisal changed them."""
    node = card.node(criterion.id)
    before = own.scores.get(criterion.id)
    given = calculation = appraised = None
    if criterion.is_leaf:
        leaf = card.explanation(criterion.id)
        labels = _EXPLAIN[check_lang(lang)]
        given = leaf_lines(leaf, card.regime.rounding, lang, labels)[0]  # the answer, as explained
        calculation = _calculation(leaf, lang)
        if leaf.appraised is not None:
            appraised = label("points_set", lang)
        elif adjusted:
            appraised = label("answer_set", lang)
        elif before is not None and before != node.score:
            appraised = label("cohort", lang)  # the group's best value moved
    elif before is not None and before != node.score:
        appraised = label("changed", lang)
    return [
        criterion.id,
        criterion.title.get(lang),
        given,
        node.score,
        node.max,
        None if criterion.benchmark is None else describe_benchmark(criterion.benchmark, lang),
        verdict(node.benchmark_met, lang),
        appraised,
        before if appraised is not None else None,
        calculation,
        criterion.source or None,
        PROVENANCE[criterion.provenance].get(lang),
    ]


def _calculation(leaf: LeafExplanation, lang: str) -> str:
    """The rule and what it gave, the thresholds it met and the rounding, one per line."""
    parts = []
    if "best" in leaf.inputs:
        parts.append(f"{label('best', lang)}: {format_number(leaf.inputs['best'])}")
    if leaf.outcome == "rule":
        parts.append(f"{leaf.rule} = {format_number(leaf.raw)}")
        parts.extend(leaf.steps)
    else:
        parts.append(label(leaf.outcome, lang))
    if leaf.rounding:
        parts.append(f"{label('rounded', lang)}: {leaf.rounding}")
    return "\n".join(parts)


# --- from results/xlsx.py ------------------------------------------------------------


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


def add_ranking_sheets(workbook: Workbook, rows: Sequence[RankRow], regime: Regime | None, lang: str) -> None:
    """A ranking sheet per unit group of ``rows`` (totals ranked elsewhere), into a write-only
    workbook; one sheet with the headings only when there are no rows."""
    groups = _groups(rows)
    places = _places(rows, regime)
    if not groups:
        _ranking_sheet(workbook, label("ranking", lang), None, rows, regime, lang, places)
    names = sheet_names([_ranking_name(group, lang) for group in groups])
    for group, name in zip(groups, names, strict=True):
        _ranking_sheet(workbook, name, group, [r for r in rows if r.group == group], regime, lang, places)


def add_round_sheets(workbook: Workbook, result: RoundResult, lang: str) -> None:
    """The whole round, into a write-only workbook: ranking sheets, statuses, appraisal, gaps, then a
    sheet per evaluated unit."""
    regime = result.regime
    groups = _groups(result.ranking)
    fixed = [
        *(_ranking_name(group, lang) for group in groups),
        label("status_sheet", lang),
        label("appraisal_sheet", lang),
        label("gaps_sheet", lang),
    ]
    units = [row.unit for row in result.ranking if row.unit in result.cards]
    names = sheet_names([*fixed, *units])
    ranking_names, (status_name, appraisal_name, gap_name), unit_names = (
        names[: len(groups)],
        names[len(groups) : len(fixed)],
        names[len(fixed) :],
    )
    links = dict(zip(units, unit_names, strict=True))
    statuses = {s.unit.id: s for s in result.statuses}
    places = regime.rounding.places
    for group, name in zip(groups, ranking_names, strict=True):
        rows = [row for row in result.ranking if row.group == group]
        _ranking_sheet(
            workbook,
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
    _status_sheet(workbook, status_name, result, lang)
    _appraisal_sheet(workbook, appraisal_name, result, lang, links)
    _gap_sheet(workbook, gap_name, result, units, lang, links)
    rows_by_unit = {row.unit: row for row in result.ranking}
    adjusted: dict[str, set[str]] = {}
    for record in result.round.adjustments:
        adjusted.setdefault(record.unit, set()).add(record.criterion)
    for unit in units:
        row, status = rows_by_unit[unit], statuses[unit]
        unit_sheet(workbook, links[unit], result, row, status, adjusted.get(unit, set()), lang)


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
    workbook: Workbook,
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
    sheet = SheetWriter.opened(workbook, name, widths, places=places, head=head)
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


def _status_sheet(workbook: Workbook, name: str, result: RoundResult, lang: str) -> None:
    regime, round_ = result.regime, result.round
    head = head_lines(regime, lang, label("statuses", lang), round_.period)
    due = round_.due
    if due is not None:
        last = due.accepted_until()
        head.append(f"{label('deadline', lang)}: {due.due:%d/%m/%Y}; {label('grace', lang)} {last:%d/%m/%Y}")
    if round_.data_window is not None:
        head.append(f"{label('window', lang)}: {round_.data_window}")
    widths = [22, 44, 36, 30, 12, 12, 70]
    sheet = SheetWriter.opened(workbook, name, widths, places=regime.rounding.places, head=head)
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


def _appraisal_sheet(
    workbook: Workbook, name: str, result: RoundResult, lang: str, links: Mapping[str, str]
) -> None:
    regime = result.regime
    names = {row.unit: row.name for row in result.ranking}
    head = head_lines(regime, lang, label("appraisal", lang), result.round.period)
    widths = [22, 36, 10, 18, 18, 12, 12, 10, 50, 24, 12, 16, 18]
    sheet = SheetWriter.opened(workbook, name, widths, places=regime.rounding.places, head=head)
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
        sheet.row(
            [
                item.unit,
                names.get(item.unit, item.unit),
                item.criterion,
                given_text(item.self_given),
                given_text(item.appraised_given),
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
    workbook: Workbook,
    name: str,
    result: RoundResult,
    units: Sequence[str],
    lang: str,
    links: Mapping[str, str],
) -> None:
    regime = result.regime
    head = head_lines(regime, lang, label("gaps", lang), result.round.period)
    widths = [22, 36, 10, 50, 10, 10, 10, 12, 12, 60, 60]
    sheet = SheetWriter.opened(workbook, name, widths, places=regime.rounding.places, head=head)
    keys = ("unit", "name", "criterion", "title", "points", "max", "lost", "benchmark", "benchmark_met")
    sheet.heading([*(label(key, lang) for key in keys), label("to_benchmark", lang), label("to_full", lang)])
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
                links={1: links[unit]},
            )
    if not listed:
        sheet.line(label("no_gaps", lang))


# --- from results/writing.py --------------------------------------------------


def _write_workbook(path: str | os.PathLike[str], fill: Callable[[Workbook], None]) -> None:
    """Fill a write-only workbook and save it atomically.

    A write-only workbook streams each sheet to a temporary file of openpyxl's own until it is
    saved; if filling or saving fails, those are removed too.
    """
    target = Path(path)
    check_target(target)
    workbook = Workbook(write_only=True)
    try:
        fill(workbook)
        write_atomically(target, lambda handle: _save(workbook, handle))
    except BaseException:
        _discard(workbook)
        raise


def _save(workbook: Workbook, handle: IO[bytes]) -> None:
    """``workbook.save(handle)``, except that a failed save (a full disk) leaves its zip archive
    closed: otherwise the archive, collected later, writes into the file already discarded."""
    from openpyxl.writer.excel import ExcelWriter

    if not workbook.worksheets:
        workbook.create_sheet()
    workbook.properties.modified = dt.datetime.now(tz=dt.UTC).replace(tzinfo=None)
    archive = zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    try:
        ExcelWriter(workbook, archive).save()
    except BaseException:
        archive.fp = None  # the temporary file is removed; nothing more is written into it
        raise


def _discard(workbook: Workbook) -> None:
    """Close the sheets of a write-only workbook that was not saved and remove their temporary files
    (best effort: the error that stopped the writing is the one the caller sees)."""
    for sheet in workbook.worksheets:
        if not isinstance(sheet, WriteOnlyWorksheet) or sheet.closed:
            continue
        with contextlib.suppress(Exception):
            sheet.close()
        writer: Any = getattr(sheet, "_writer", None)
        with contextlib.suppress(Exception):
            writer.cleanup()
