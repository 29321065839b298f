"""Worksheet plumbing for result workbooks: valid, unique sheet names and a row writer with the cell
formats every sheet shares (headings in bold, numbers as numeric cells shown to the regime's places,
dates as dd/mm/yyyy).

Workbooks are written in openpyxl's write-only (streaming) mode, so a province of a thousand units
is not held in memory cell by cell: a sheet's column widths and frozen panes are set before its first
row, and rows are appended in order.

Numbers are given to openpyxl as Decimals, computed exactly until then. An xlsx numeric cell is
an IEEE double by definition; openpyxl writes a Decimal as ``"%.16g" % value``, which parses back
to the double nearest the Decimal, the same value Excel stores when the number is typed in. A
number of at most 15 significant digits (every total and point at the regime's places) reads
back exactly as ``Decimal(repr(cell.value))``; a longer one (a percent of the maximum such as
64.2526315…) keeps the precision of a double. The number format (``0.00`` for two places) shows
them to the regime's places, with the reader's own decimal separator.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, cast

from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.hyperlink import Hyperlink

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
