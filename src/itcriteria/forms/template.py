"""Form templates: a regime's self-assessment form (Phiếu đánh giá) as an Excel workbook, or as the
JSON Schema host applications render and validate against.

The workbook has one form sheet (``Phiếu``, or ``Form`` in English): the regime's title, id and the
template version, a provisional notice when the regime is provisional, the data window and deadline,
the unit block (unit id, name, group — a drop-down of the regime's groups, or fixed when the template
is for one group —, parent unit, period, submission date as a real date cell), then one row per
criterion in official order, parents as heading rows, each sub-criterion with its max points,
benchmark, what to enter and input cells that fit its indicator: numerator and denominator for a
ratio, a drop-down for yes/no and for choices (level titles), a whole number ≥ 0 for a count, a
decimal within bounds for a number; then evidence (tài liệu kiểm chứng) and note.

Input cells are yellow and unlocked; everything else is locked by sheet protection **without a
password** (Review → Unprotect Sheet lifts it: it guards against slips, not against the unit), and the
workbook structure is locked so the hidden sheet of drop-down lists stays hidden. Reading never
depends on the layout: defined names point at every input (see :mod:`itcriteria._form_layout`).

Files are written whole or not at all: to a temporary file in the target's folder, then moved over the
target with :func:`os.replace`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import IO, Literal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.protection import SheetProtection
from openpyxl.worksheet.worksheet import Worksheet

from .._core import check_lang, wrapped_lines, write_atomically
from ..exceptions import ArgumentError
from ..model import Benchmark, Choice, Count, Criterion, Number, Ratio, Unit, YesNo
from ..regimes import Regime
from .layout import (
    ANSWER_FIELDS,
    LABELS,
    NAME_KEY,
    NAME_REGIME,
    NAME_VERSION,
    PREFIX,
    TEMPLATE_VERSION,
    UNIT_FIELDS,
    YES_NO_WORDS,
)
from .schema import submission_schema

TemplateFormat = Literal["xlsx", "json"]

# Columns of the form sheet: the hidden key, what describes a criterion, then the inputs.
_KEY, _ID, _TITLE, _MAX, _BENCHMARK, _APPLIES, _ASKS = range(1, 8)
_INPUTS = dict(zip(ANSWER_FIELDS, range(8, 13), strict=True))  # numerator … note: H … L
_LAST = max(_INPUTS.values())
# Widths in characters, narrow enough that the form printed on landscape A4, as wide as the page, is
# still read at about 70 % (text wraps, and each row is as high as its text needs).
_WIDTHS = {_KEY: 8, _ID: 7, _TITLE: 44, _MAX: 9, _BENCHMARK: 10, _APPLIES: 14, _ASKS: 36}
_INPUT_WIDTHS = {"numerator": 11, "denominator": 11, "value": 14, "evidence": 20, "note": 16}
_LINE = 15.0  # points: one line of the default 11-point font
_UNIT_INPUT_SPAN = 4  # a unit block input spans the max … applies columns

_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
_UNUSED_FILL = PatternFill("solid", fgColor="E7E6E6")
_HEADING_FILL = PatternFill("solid", fgColor="DDEBF7")
_HEADER_FILL = PatternFill("solid", fgColor="BDD7EE")
_THIN = Side(style="thin", color="A6A6A6")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_UNLOCKED = Protection(locked=False)
_FIRST_DAY, _LAST_DAY = 36526, 73050  # Excel serials of 01/01/2000 and 31/12/2099


def write_template(
    regime: Regime,
    path: str | os.PathLike[str],
    *,
    group: str | None = None,
    lang: str = "vi",
    format: str | None = None,
    unit: Unit | None = None,
) -> Path:
    """Write the self-assessment form of ``regime`` to ``path`` and return the path written.

    ``format`` is ``"xlsx"`` or ``"json"``, by default from the suffix of ``path``. The Excel workbook
    is the form a unit fills (see the module docstring); ``group`` keeps only that group's
    sub-criteria and fixes the unit's group, otherwise every sub-criterion is listed with the groups it
    applies to. ``lang`` is ``"vi"`` (the default) or ``"en"`` for the labels. ``unit`` (a unit of a
    round's roster) pre-fills and locks the unit's id, name, group and parent, so the clerk cannot
    mistype them; its group is the form's group.

    The JSON template is the published JSON Schema of the regime's form
    (``itcriteria.submission_schema(regime, group)``), which host applications render as a form and
    validate filled forms against; its titles are the regime's Vietnamese ones, whatever ``lang``.

    Raises ``KeyError`` for a group the regime does not have and ``ValueError`` for an unknown format
    or language, before anything is written. The file is written whole or not at all: a failure leaves
    no file behind and an existing file untouched.
    """
    target = Path(path)
    kind = _format_of(target, format)
    check_lang(lang)
    if unit is not None:
        if group is not None and group != unit.group:
            raise ArgumentError(f"unit {unit.id} is in group {unit.group!r}, not {group!r}")
        group = unit.group
    if group is not None:
        regime.group(group)  # KeyError listing the regime's groups
    write: Callable[[IO[bytes]], object]
    if kind == "json":
        text = json.dumps(submission_schema(regime, group), ensure_ascii=False, indent=2) + "\n"
        data = text.encode("utf-8")
        write = lambda handle: handle.write(data)  # noqa: E731 - one line reads better than a def here
    else:
        workbook = template_workbook(regime, group=group, lang=lang, unit=unit)
        write = workbook.save
    write_atomically(target, write)
    return target


def _format_of(target: Path, format: str | None) -> TemplateFormat:
    chosen = format if format is not None else target.suffix.lower().lstrip(".")
    if chosen == "xlsx":
        return "xlsx"
    if chosen == "json":
        return "json"
    if format is None:
        raise ArgumentError(f"cannot tell the template format from {target.name!r}: use .xlsx or .json")
    raise ArgumentError(f"format must be 'xlsx' or 'json', got {format!r}")


# --- The workbook ---------------------------------------------------------------------------------


def template_workbook(
    regime: Regime, *, group: str | None = None, lang: str = "vi", unit: Unit | None = None
) -> Workbook:
    """The form of ``regime`` as an openpyxl workbook (see :func:`write_template`)."""
    labels = LABELS[lang]
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = labels["sheet"]
    lists = workbook.create_sheet(labels["lists"])
    builder = _Builder(workbook, sheet, lists, regime, unit.group if unit else group, lang, unit)
    builder.build()
    for worksheet in workbook.worksheets:  # the template has no formulas: text from the regime stays text
        for row in worksheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    workbook.properties.creator = "itcriteria"
    workbook.properties.title = regime.title.get(lang)
    workbook.properties.keywords = regime.id
    workbook.security = WorkbookProtection(lockStructure=True)  # no password
    return workbook


class _Builder:
    """Lays out one template; each method writes one block and advances ``row``."""

    def __init__(
        self,
        workbook: Workbook,
        sheet: Worksheet,
        lists: Worksheet,
        regime: Regime,
        group: str | None,
        lang: str,
        unit: Unit | None = None,
    ) -> None:
        self.workbook, self.sheet, self.lists = workbook, sheet, lists
        self.regime, self.group, self.lang, self.unit = regime, group, lang, unit
        self.labels = LABELS[lang]
        self.row = 1
        self.header_row = 0
        self.body = 0
        self.list_column = 0
        self.shared: dict[str, DataValidation] = {}

    def build(self) -> None:
        self._header()
        self.body = self.row  # below the banners: rows sized from their wrapped cells
        self._unit_block()
        if self.group is None:
            self._group_legend()
        self._criteria()
        self._finish()

    # --- blocks -----------------------------------------------------------------------------------

    def _header(self) -> None:
        regime, labels = self.regime, self.labels
        title = labels["title"].format(title=regime.title.get(self.lang))
        self._banner(
            title, Font(bold=True, size=14), Alignment(wrap_text=True, vertical="top", horizontal="center")
        )
        self._named_pair(labels["regime"], regime.id, NAME_REGIME)
        self._named_pair(labels["version"], TEMPLATE_VERSION, NAME_VERSION)
        if regime.is_provisional:
            notes = f" {regime.notes.get(self.lang)}" if regime.notes else ""
            self._banner(labels["provisional"] + notes, Font(bold=True, color="C00000"))
        window = regime.evaluation_window
        if window is not None and window.end is not None:
            start, end = f"{window.start:%d/%m/%Y}", f"{window.end:%d/%m/%Y}"
            self._banner(labels["window"].format(start=start, end=end))
        if regime.deadline is not None:
            due = f"{regime.deadline.due:%d/%m/%Y}"
            self._banner(labels["deadline"].format(due=due, grace=regime.deadline.grace_working_days))
        self._banner(labels["instructions"], Font(italic=True))
        self.row += 1

    def _unit_block(self) -> None:
        for field, name in UNIT_FIELDS.items():
            label = self.sheet.cell(self.row, _TITLE, self.labels[field])
            label.font, label.border = Font(bold=True), _BOX
            cell = self.sheet.cell(self.row, _MAX)
            self.sheet.merge_cells(
                start_row=self.row,
                start_column=_MAX,
                end_row=self.row,
                end_column=_MAX + _UNIT_INPUT_SPAN - 1,
            )
            cell.border = _BOX
            self._name(name, self.row, _MAX)
            given = self._given(field)
            if field == "unit.group" and self.group is not None:
                cell.value = self.regime.group(self.group).title.get(self.lang)  # fixed, locked
            elif given is not None:
                cell.value, cell.number_format = given or None, "@"  # the roster's, locked
            else:
                cell.fill, cell.protection = _INPUT_FILL, _UNLOCKED
                cell.alignment = Alignment(horizontal="left")
                if field != "submitted":
                    cell.number_format = "@"  # text: a unit id or period typed as 2019 stays as typed
            if field == "unit.group" and self.group is None:
                titles = [g.title.get(self.lang) for g in self.regime.groups]
                self._validate(cell.coordinate, self._list_of(titles, "groups"), "pick")
            elif field == "submitted":
                cell.number_format = "DD/MM/YYYY"
                rule = DataValidation(
                    type="date", operator="between", formula1=str(_FIRST_DAY), formula2=str(_LAST_DAY)
                )
                self._validate(cell.coordinate, rule, "date")
            self.row += 1
        self.row += 1

    def _given(self, field: str) -> str | None:
        """What the roster says of the unit for ``field``, when the form is for one unit of a round."""
        if self.unit is None:
            return None
        known = {"unit.id": self.unit.id, "unit.name": self.unit.name, "unit.parent": self.unit.parent or ""}
        return known.get(field)

    def _group_legend(self) -> None:
        heading = self.sheet.cell(self.row, _TITLE, self.labels["groups"])
        heading.font = Font(bold=True)
        self.row += 1
        for group in self.regime.groups:  # the ids the "applies to groups" column uses
            self.sheet.cell(self.row, _TITLE, group.title.get(self.lang)).alignment = _WRAP
            self.sheet.cell(self.row, _MAX, group.id).font = Font(bold=True)
            self.row += 1
        self.row += 1

    def _criteria(self) -> None:
        labels, sheet = self.labels, self.sheet
        titles = {
            _KEY: "key",
            _ID: labels["id"],
            _TITLE: labels["criterion"],
            _MAX: labels["max"],
            _BENCHMARK: labels["benchmark"],
            _APPLIES: labels["applies"],
            _ASKS: labels["asks"],
        } | {column: labels[field] for field, column in _INPUTS.items()}
        for column, title in titles.items():
            cell = sheet.cell(self.row, column, title)
            cell.font, cell.fill, cell.border = Font(bold=True), _HEADER_FILL, _BOX
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        self.header_row = self.row
        self.row += 1
        first = self.row
        applies = {g.id: {c.id for c in self.regime.walk(g.id)} for g in self.regime.groups}
        for criterion, depth in _walk(self.regime.criteria, self.group):
            if criterion.is_leaf:
                self._leaf(criterion, depth, applies)
            else:
                self._heading(criterion, depth, applies)
            self.row += 1
        last = self.row - 1
        self._name_range(NAME_KEY, _KEY, first, last)
        for field, column in _INPUTS.items():
            self._name_range(ANSWER_FIELDS[field], column, first, last)

    def _heading(self, criterion: Criterion, depth: int, applies: dict[str, set[str]]) -> None:
        self._describe(criterion, depth, applies)
        for column in range(_ID, _LAST + 1):
            cell = self.sheet.cell(self.row, column)
            cell.fill, cell.border = _HEADING_FILL, _BOX
            cell.font = Font(bold=True)

    def _leaf(self, criterion: Criterion, depth: int, applies: dict[str, set[str]]) -> None:
        sheet, indicator = self.sheet, criterion.indicator
        assert indicator is not None
        self._describe(criterion, depth, applies)
        sheet.cell(self.row, _KEY, criterion.id)
        if criterion.benchmark is not None:
            sheet.cell(self.row, _BENCHMARK, _benchmark(criterion.benchmark, self.labels))
        sheet.cell(self.row, _ASKS, self._asks(criterion))
        for column in range(_ID, _ASKS + 1):
            sheet.cell(self.row, column).border = _BOX
            sheet.cell(self.row, column).alignment = _WRAP
        inputs = {"numerator", "denominator"} if isinstance(indicator, Ratio) else {"value"}
        for field, column in _INPUTS.items():
            cell = sheet.cell(self.row, column)
            cell.border, cell.alignment = _BOX, _WRAP
            if field in inputs or field in ("evidence", "note"):
                cell.fill, cell.protection = _INPUT_FILL, _UNLOCKED
            else:
                cell.fill = _UNUSED_FILL
        value = sheet.cell(self.row, _INPUTS["value"]).coordinate
        if isinstance(indicator, Ratio):
            for field in ("numerator", "denominator"):
                coordinate = sheet.cell(self.row, _INPUTS[field]).coordinate
                self._shared("decimal" if indicator.fractional else "whole").add(coordinate)
        elif isinstance(indicator, Count):
            sheet[value].number_format = "0"
            self._shared("whole").add(value)
        elif isinstance(indicator, YesNo):
            self._shared("yes_no").add(value)
        elif isinstance(indicator, Choice):
            titles = [level.title.get(self.lang) for level in indicator.levels]
            self._validate(value, self._list_of(titles, f"levels_{self.list_column + 1}"), "pick")
        else:
            assert isinstance(indicator, Number)
            self._validate(value, _number_rule(indicator), "number_range")

    def _describe(self, criterion: Criterion, depth: int, applies: dict[str, set[str]]) -> None:
        sheet = self.sheet
        sheet.cell(self.row, _ID, criterion.id)
        title = sheet.cell(self.row, _TITLE, criterion.title.get(self.lang))
        title.alignment = Alignment(wrap_text=True, vertical="top", indent=depth)
        sheet.cell(self.row, _MAX, criterion.max)
        groups = [g.id for g in self.regime.groups if criterion.id in applies[g.id]]
        shown = self.labels["all_groups"] if len(groups) == len(self.regime.groups) else ", ".join(groups)
        sheet.cell(self.row, _APPLIES, shown)

    def _asks(self, criterion: Criterion) -> str:
        labels, lang, indicator = self.labels, self.lang, criterion.indicator
        if isinstance(indicator, Ratio):
            text = (
                f"{labels['numerator']}: {indicator.numerator.get(lang)}\n"
                f"{labels['denominator']}: {indicator.denominator.get(lang)}"
            )
            if indicator.zero_denominator != "error":
                text += "\n" + labels[f"zero_{indicator.zero_denominator}"]
            return text
        if isinstance(indicator, Count):
            unit = f"; {indicator.unit.get(lang)}" if indicator.unit else ""
            return labels["count"].format(label=indicator.label.get(lang), unit=unit)
        if isinstance(indicator, YesNo):
            return labels["yes_no"].format(label=indicator.label.get(lang))
        if isinstance(indicator, Choice):
            levels = "\n".join(f"• {level.title.get(lang)}" for level in indicator.levels)
            return labels["choice"].format(label=indicator.label.get(lang)) + "\n" + levels
        assert isinstance(indicator, Number)
        unit = f" ({indicator.unit.get(lang)})" if indicator.unit else ""
        low, high = indicator.min, indicator.max
        if low is not None and high is not None:
            bounds = labels["bounds"].format(min=_plain(low), max=_plain(high))
        elif low is not None:
            bounds = labels["at_least"].format(min=_plain(low))
        elif high is not None:
            bounds = labels["at_most"].format(max=_plain(high))
        else:
            bounds = ""
        return labels["number"].format(label=indicator.label.get(lang), unit=unit, bounds=bounds)

    def _finish(self) -> None:
        sheet = self.sheet
        for column, width in _WIDTHS.items():
            sheet.column_dimensions[get_column_letter(column)].width = width
        for field, column in _INPUTS.items():
            sheet.column_dimensions[get_column_letter(column)].width = _INPUT_WIDTHS[field]
        sheet.column_dimensions[get_column_letter(_KEY)].hidden = True
        if self.group is not None:
            sheet.column_dimensions[get_column_letter(_APPLIES)].hidden = True
        sheet.freeze_panes = f"{get_column_letter(_TITLE)}{self.header_row + 1}"
        self._fit_rows(self.body, self.row - 1)
        sheet.print_title_rows = f"{self.header_row}:{self.header_row}"  # the heading on every page
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth = 1  # as wide as the page, as many pages down as it takes
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[union-attr]
        sheet.page_margins.left = sheet.page_margins.right = 0.4
        sheet.page_margins.top = sheet.page_margins.bottom = 0.6
        sheet.oddFooter.center.text = "&P / &N"  # type: ignore[union-attr]
        protection = SheetProtection(sheet=True, formatColumns=False, formatRows=False)
        sheet.protection = protection
        self.lists.sheet_state = "hidden"
        self.lists.protection = SheetProtection(sheet=True)

    # --- helpers ----------------------------------------------------------------------------------

    def _banner(self, text: str, font: Font | None = None, alignment: Alignment = _WRAP) -> None:
        """A line of text across the form (a merged cell, which no spreadsheet sizes: the row's
        height is set from the text, larger for a larger font)."""
        cell = self.sheet.cell(self.row, _ID, text)
        self.sheet.merge_cells(start_row=self.row, start_column=_ID, end_row=self.row, end_column=_LAST)
        cell.alignment = alignment
        if font is not None:
            cell.font = font
        scale = (font.size or 11) / 11 if font is not None else 1.0
        width = sum(self._width(column) for column in range(_ID, _LAST + 1)) / scale
        self.sheet.row_dimensions[self.row].height = _LINE * scale * wrapped_lines(text, width)
        self.row += 1

    def _width(self, column: int) -> float:
        """A column's width as the form sets it (0 when hidden, as the key column is)."""
        if column == _KEY or (column == _APPLIES and self.group is not None):
            return 0
        fields = {index: field for field, index in _INPUTS.items()}
        return _INPUT_WIDTHS[fields[column]] if column in fields else _WIDTHS[column]

    def _fit_rows(self, first: int, last: int) -> None:
        """Rows ``first`` to ``last`` as high as their wrapped text (merged cells excepted)."""
        for row in range(first, last + 1):
            lines = 1
            for cell in self.sheet[row]:
                if isinstance(cell.value, str) and cell.alignment.wrap_text:
                    width = self._width(cell.column) - (cell.alignment.indent or 0)
                    if width > 0:
                        lines = max(lines, wrapped_lines(cell.value, width))
            if lines > 1:
                self.sheet.row_dimensions[row].height = _LINE * lines

    def _named_pair(self, label: str, value: str | int, name: str) -> None:
        self.sheet.cell(self.row, _TITLE, label).font = Font(bold=True)
        cell = self.sheet.cell(self.row, _MAX, value)
        cell.alignment = Alignment(horizontal="left")
        self._name(name, self.row, _MAX)
        self.row += 1

    def _name(self, name: str, row: int, column: int) -> None:
        reference = f"{quote_sheetname(self.sheet.title)}!${get_column_letter(column)}${row}"
        self.workbook.defined_names[name] = DefinedName(name, attr_text=reference)

    def _name_range(self, name: str, column: int, first: int, last: int) -> None:
        letter = get_column_letter(column)
        reference = f"{quote_sheetname(self.sheet.title)}!${letter}${first}:${letter}${last}"
        self.workbook.defined_names[name] = DefinedName(name, attr_text=reference)

    def _list_of(self, items: list[str], name: str) -> DataValidation:
        """A drop-down of ``items``, kept in a column of the hidden lists sheet under a defined name
        (names work across sheets in every spreadsheet program; inline lists break on commas)."""
        self.list_column += 1
        letter = get_column_letter(self.list_column)
        for row, item in enumerate(items, start=1):
            self.lists.cell(row, self.list_column, item)
        full = f"{PREFIX}list_{name}"
        reference = f"{quote_sheetname(self.lists.title)}!${letter}$1:${letter}${len(items)}"
        self.workbook.defined_names[full] = DefinedName(full, attr_text=reference)
        return DataValidation(type="list", formula1=full)

    def _shared(self, kind: str) -> DataValidation:
        """One validation per kind (``whole``, ``decimal``, ``yes_no``) covering every cell of that
        kind, which keeps the file small."""
        if kind not in self.shared:
            if kind == "whole":
                rule = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
            elif kind == "decimal":
                rule = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
            else:
                yes, no = YES_NO_WORDS[self.lang]
                rule = DataValidation(type="list", formula1=f'"{yes},{no}"')
            self._register(rule, "pick" if kind == "yes_no" else kind)
            self.shared[kind] = rule
        return self.shared[kind]

    def _validate(self, coordinate: str, rule: DataValidation, message: str) -> None:
        """Register a new validation ``rule`` with ``message`` and apply it to ``coordinate``."""
        self._register(rule, message)
        rule.add(coordinate)

    def _register(self, rule: DataValidation, message: str) -> None:
        rule.allow_blank = True
        rule.showErrorMessage = True
        rule.errorStyle = "stop"
        rule.errorTitle = self.labels["invalid"]
        rule.error = self.labels[message]
        rule.showInputMessage = True
        rule.prompt = self.labels[message]
        self.sheet.add_data_validation(rule)


def _walk(
    criteria: tuple[Criterion, ...], group: str | None, depth: int = 0
) -> Iterator[tuple[Criterion, int]]:
    """Criteria in official order with their depth, parents first; only those of ``group`` when given."""
    for criterion in criteria:
        if group is not None and not criterion.applies_to(group):
            continue
        yield criterion, depth
        yield from _walk(criterion.children, group, depth + 1)


def _number_rule(number: Number) -> DataValidation:
    low, high = number.min, number.max
    if low is not None and high is not None:
        return DataValidation(type="decimal", operator="between", formula1=_plain(low), formula2=_plain(high))
    if low is not None:
        return DataValidation(type="decimal", operator="greaterThanOrEqual", formula1=_plain(low))
    if high is not None:
        return DataValidation(type="decimal", operator="lessThanOrEqual", formula1=_plain(high))
    return DataValidation(type="decimal", operator="between", formula1="-1E+15", formula2="1E+15")


def _benchmark(benchmark: Benchmark, labels: dict[str, str]) -> str:
    if benchmark.ratio is not None:
        return f"{_plain(benchmark.ratio * 100)}%"
    if benchmark.value is not None:
        return f"≥ {_plain(benchmark.value)}"
    assert benchmark.points is not None
    return labels["points"].format(points=_plain(benchmark.points))


def _plain(number: Decimal) -> str:
    """A decimal without exponent or trailing zeros (``80``, ``0.5``)."""
    return f"{number.normalize():f}"
