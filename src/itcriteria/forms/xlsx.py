"""Filled Excel forms: the cells a template names, read with python-calamine.

An xlsx file is a zip archive of XML parts. Before any cell is read, the archive is held to the limits
of :mod:`itcriteria._core.limits` from its directory alone (entries, unpacked size, compression ratio);
the package's relationships, the workbook's sheets and its defined names are read from
``_rels/.rels``, ``xl/workbook.xml`` and its relationships with the standard library's expat parser,
refusing any document type declaration (so no entity can be declared, let alone expanded); and the
extent of the sheet to be read is found from its cell references. That last step matters because
calamine holds a sheet as a dense grid: a 5 KB file with cells at A1 and XFD1048576 would make it ask
for half a terabyte and abort the process, so a sheet spanning more than ``MAX_XLSX_CELLS`` is refused
first; so are shared strings declaring more distinct texts than that (calamine reserves room for the
count declared), data before the archive (calamine would read such a file as an older kind of
workbook) and the parts of another kind of workbook (xlsb, ods). The parts are found the way calamine
finds them (the package relationship of the workbook, then the workbook's, names compared in ASCII
lower case), so the sheet measured is the sheet read.

python-calamine (Rust) then reads the grid, more than ten times faster than openpyxl did. Its values
are given back as openpyxl gave them, which is what :mod:`itcriteria.forms.values` expects: an empty
cell as None; a number cell as an exact int when it is whole (calamine gives every number as a binary
float, exact for whole numbers up to 2**53, and Excel keeps 15 significant digits), otherwise the
float, taken later at its shortest repr; a date as a datetime; an error cell (``#DIV/0!``, which
calamine gives as empty) as its text.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.parsers import expat

from .._core import limits
from ..exceptions import Problem, SubmissionError
from .layout import ANSWER_FIELDS, NAME_KEY, NAME_REGIME, NAME_VERSION, READABLE_VERSIONS, UNIT_FIELDS
from .sources import Cell, RawForm, column_letter, form_bytes, not_a_form, reason

if TYPE_CHECKING:  # python-calamine loads when a workbook is read, so importing itcriteria stays cheap
    from python_calamine import CalamineWorkbook

Grid = list[list[object]]
Bounds = tuple[int, int, int, int]  # first column, first row, last column, last row (1-based)


class BrokenWorkbook(ValueError):
    """A part of the workbook that is missing or cannot be read; ``str()`` says which and why."""


def read_xlsx(path: Path, source: str) -> RawForm:
    """The cells of a filled template, found through its defined names (see ``forms.layout``)."""
    data = form_bytes(path, source)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except _DAMAGED as error:  # NotImplementedError for a zip version zipfile cannot read (found by fuzzing)
        raise not_a_form(source, f"not an Excel workbook (.xlsx): {reason(error)}") from None
    with archive:
        _check_archive(archive, source)
        if not data.startswith(b"PK\x03\x04"):  # other readers take a file with data before the archive
            raise not_a_form(source, "not an Excel workbook (.xlsx): the archive does not start with a part")
        try:
            book = _Book(archive)
        except _DAMAGED as error:
            raise not_a_form(source, f"not an Excel workbook (.xlsx): {reason(error)}") from None
        try:
            return _Form(book, data, source).read()
        except SubmissionError:
            raise
        except _DAMAGED as error:
            raise not_a_form(
                source, f"the workbook is damaged: {type(error).__name__}: {reason(error)}"
            ) from None


#: What a damaged workbook raises from inside zipfile, zlib or the XML parser while it is read (and
#: BrokenWorkbook, a ValueError, for what this module finds wrong itself).
_DAMAGED = (
    zipfile.BadZipFile,
    zlib.error,
    expat.ExpatError,
    ValueError,
    KeyError,
    EOFError,
    OSError,
    NotImplementedError,  # a zip compression method zipfile lacks
    RuntimeError,  # an encrypted zip part
)


def _check_archive(archive: zipfile.ZipFile, source: str) -> None:
    """Refuse a zip bomb from its directory alone, before anything is decompressed."""
    entries = archive.infolist()
    most, unpacked, ratio = limits.MAX_XLSX_ENTRIES, limits.MAX_XLSX_UNCOMPRESSED, limits.MAX_XLSX_RATIO
    if len(entries) > most:
        raise not_a_form(source, f"the workbook holds {len(entries):,} parts, over the limit of {most:,}")
    total = sum(entry.file_size for entry in entries)
    if total > unpacked:
        raise not_a_form(source, f"the workbook unpacks to {total:,} bytes, over the limit of {unpacked:,}")
    for entry in entries:  # small parts compress well by nature; only large ones are judged
        if entry.file_size > 1_000_000 and entry.file_size > ratio * max(entry.compress_size, 1):
            message = f"the workbook part {entry.filename!r} unpacks to over {ratio} times its size"
            raise not_a_form(source, message)


# --- The workbook's structure -----------------------------------------------------------------------


class _Book:
    """The parts of a workbook found as calamine finds them: its sheets (name → part) and its
    workbook-level defined names (name → reference text)."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.parts: dict[bytes, str] = {}
        for name in archive.namelist():
            key = _ascii_lower(name.replace("\\", "/"))
            if key in self.parts:  # two readers could pick different ones: refuse the ambiguity
                raise BrokenWorkbook(f"two parts are named {name!r}")
            self.parts[key] = name
        if b"xl/workbook.bin" in self.parts or b"content.xml" in self.parts:
            raise BrokenWorkbook("it holds the parts of another kind of workbook (xlsb or ods)")
        package = _elements(self.read("_rels/.rels"), {"Relationship"})
        documents = [
            element.get("Target", "")
            for _, element, _ in package
            if element.get("Type", "").endswith("/relationships/officeDocument")
        ]
        if not documents:
            raise BrokenWorkbook("_rels/.rels names no workbook part")
        slash = documents[-1].rfind("/")
        folder = documents[-1][: slash + 1].removeprefix("/") if slash >= 0 else ""
        relations = {
            element.get("Id", ""): element.get("Target", "")
            for _, element, _ in _elements(self.read(f"{folder}_rels/workbook.xml.rels"), {"Relationship"})
        }
        strings = self.parts.get(_ascii_lower(f"{folder}sharedStrings.xml"))
        if strings is not None:  # calamine reserves room for the count the part declares
            declared = max(map(_count, _UNIQUE_COUNT.findall(archive.read(strings))), default=0)
            if declared > limits.MAX_XLSX_CELLS:
                raise BrokenWorkbook(
                    f"it declares {declared:,} distinct texts, over the limit of {limits.MAX_XLSX_CELLS:,}"
                )
        self.sheets: dict[str, str] = {}
        self.names: dict[str, str] = {}
        for tag, element, text in _elements(self.read(f"{folder}workbook.xml"), {"sheet", "definedName"}):
            name = element.get("name", "")
            if tag == "definedName":
                if "localSheetId" not in element:  # names scoped to one sheet are not the form key
                    self.names[name] = text.strip()
                continue
            if name in self.sheets:
                raise BrokenWorkbook(f"two sheets are named {name!r}")
            target = relations.get(element.get("id", ""))
            if target is None:
                raise BrokenWorkbook(f"sheet {name!r} has no part")
            self.sheets[name] = target[1:] if target.startswith("/") else folder + target

    def read(self, part: str) -> bytes:
        """The bytes of ``part``, looked up as calamine does (ASCII case ignored)."""
        name = self.parts.get(_ascii_lower(part))
        if name is None:
            raise BrokenWorkbook(f"it has no part {part}")
        return self.archive.read(name)


_UNIQUE_COUNT = re.compile(rb"""uniqueCount\s*=\s*["']([^"']*)""")


def _count(text: bytes) -> int:
    """The count calamine reads from an attribute (digits, perhaps a sign), or 0 where it reads none."""
    digits = text.strip().lstrip(b"+")
    if not digits.isdigit():
        return 0
    return int(digits) if len(digits) < 30 else 10**30


def _ascii_lower(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape").lower()  # bytes.lower() leaves non-ASCII alone


def _refuse_doctype(*_: object) -> None:
    raise BrokenWorkbook("an XML part declares a document type (DTD), which a workbook never does")


def _parser(start: Callable[[str, dict[str, str]], None]) -> expat.XMLParserType:
    """An expat parser reporting local names, refusing DTDs (and so every entity declaration)."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_doctype
    parser.StartElementHandler = start
    return parser


def _local(name: str) -> str:
    return name.rpartition(" ")[2]


def _elements(data: bytes, wanted: set[str]) -> list[tuple[str, dict[str, str], str]]:
    """Each element named in ``wanted``: its local name, attributes by local name, and its text."""
    found: list[tuple[str, dict[str, str], list[str]]] = []
    text: list[str] | None = None

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal text
        local = _local(name)
        if local in wanted:
            text = []
            found.append((local, {_local(key): value for key, value in attributes.items()}, text))

    def characters(data: str) -> None:
        if text is not None:
            text.append(data)

    def end(name: str) -> None:
        nonlocal text
        if _local(name) in wanted:
            text = None

    parser = _parser(start)
    parser.CharacterDataHandler = characters
    parser.EndElementHandler = end
    parser.Parse(data, True)
    return [(tag, attributes, "".join(parts)) for tag, attributes, parts in found]


# --- A sheet: its extent, its error cells, its grid --------------------------------------------------

_CELL_AT = re.compile(rb'<c r="([A-Za-z]{1,3})([0-9]{1,7})"')
_REFERENCE = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})")


def _extent_and_errors(xml: bytes) -> tuple[int, int, dict[tuple[int, int], str]]:
    """The last row and column of the sheet's cells as calamine places them, and its error cells'
    text by (row, column).

    The common case, every cell with its reference written first as Excel, LibreOffice and openpyxl
    write it, is measured from the bytes: every tag of the sheet data starting ``<c`` is then a cell
    ``<c r="H24"``, and there is no comment, CDATA section, processing instruction or namespace prefix
    that could hide or add one. Anything else (cells without a reference, prefixes, error cells) is
    parsed in full."""
    start = xml.find(b"<sheetData")
    end = xml.find(b"</sheetData>", start)
    declared = xml.find(b"?>") + 2 if xml.startswith(b"<?xml") else 0
    if start >= 0 and end > start and b"<!" not in xml[:end] and b"<?" not in xml[declared:end]:
        section = xml[start:end]
        cells = _CELL_AT.findall(section)
        if (
            len(cells) == section.count(b"<c") == section.count(b'<c r="')
            and b":c" not in section  # no prefixed cell such as <x:c r="...">
            and b'"e"' not in section  # no error cell (t="e"), which calamine reads as empty
            and b"'e'" not in section
        ):
            if not cells:
                return 0, 0, {}
            rows = {int(row) for row in {row for _, row in cells}}
            if min(rows) < 1:
                raise BrokenWorkbook("a cell of the sheet is on row 0")
            return max(rows), max(_column_number(letters) for letters in {c for c, _ in cells}), {}
    return _parsed_extent(xml)


def _parsed_extent(xml: bytes) -> tuple[int, int, dict[tuple[int, int], str]]:
    """:func:`_extent_and_errors` by parsing, following calamine's reading of positions: a row's
    reference sets the row, a cell's sets its row and column, a cell without one follows the last."""
    row_index = column_index = 0  # 0-based, as calamine counts
    rows = columns = 0
    errors: dict[tuple[int, int], str] = {}
    inside = False
    error_at: tuple[int, int] | None = None
    value: list[str] | None = None

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal inside, row_index, column_index, rows, columns, error_at, value
        local = _local(name)
        if local == "sheetData":
            inside = True
        elif not inside:
            return
        elif local == "row" and "r" in attributes:
            row_index = _position(attributes["r"], need_column=False)[0]
        elif local == "c":
            if "r" in attributes:
                row, column_index = _position(attributes["r"], need_column=True)
            else:
                row = row_index
            rows, columns = max(rows, row + 1), max(columns, column_index + 1)
            error_at = (row + 1, column_index + 1) if attributes.get("t") == "e" else None
        elif local == "v" and error_at is not None:
            value = []

    def characters(data: str) -> None:
        if value is not None:
            value.append(data)

    def end(name: str) -> None:
        nonlocal inside, row_index, column_index, error_at, value
        local = _local(name)
        if not inside:
            return
        if local == "sheetData":
            inside = False
        elif local == "row":
            row_index, column_index = row_index + 1, 0
        elif local == "c":
            column_index += 1
            error_at = None
        elif local == "v" and error_at is not None and value is not None:
            errors[error_at] = "".join(value)
            value = None

    parser = _parser(start)
    parser.CharacterDataHandler = characters
    parser.EndElementHandler = end
    parser.Parse(xml, True)
    return rows, columns, errors


def _position(reference: str, *, need_column: bool) -> tuple[int, int]:
    """The 0-based (row, column) of a cell reference such as ``H24``."""
    found = _REFERENCE.fullmatch(reference) if reference[:1].isalpha() else None
    if found is None and not need_column and reference.isdigit() and len(reference) <= 7:
        found = _REFERENCE.fullmatch("A" + reference)
    if found is None or int(found.group(2)) < 1:
        raise BrokenWorkbook(f"the sheet has a cell reference {reference[:20]!r} calamine cannot place")
    return int(found.group(2)) - 1, _column_number(found.group(1).encode()) - 1


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _calamine_grid(data: bytes, sheet: str) -> Grid:
    """The sheet's values from A1, as python-calamine reads them."""
    import python_calamine

    try:
        workbook: CalamineWorkbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        with workbook:
            return workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)  # type: ignore[return-value]
    except Exception as error:  # calamine's own errors, and what its parsers raise
        raise BrokenWorkbook(str(error) or type(error).__name__) from None
    except BaseException as error:  # a Rust panic arrives as pyo3's PanicException, a BaseException
        if type(error).__name__ != "PanicException":
            raise
        raise BrokenWorkbook(f"the reader stopped: {error}") from None


def _value(value: object) -> object:
    """A calamine value as openpyxl gave it (see the module docstring)."""
    if value == "":
        return None
    if type(value) is float and value.is_integer():
        return int(value)
    if type(value) is dt.date:
        return dt.datetime(value.year, value.month, value.day)
    return value


# --- The form -----------------------------------------------------------------------------------------

_NAMED = re.compile(
    r"(?:'(?P<quoted>(?:[^']|'')+)'|(?P<plain>[^'!\s]+))"
    r"!\$?(?P<c1>[A-Za-z]{1,3})\$?(?P<r1>[0-9]{1,7})(?::\$?(?P<c2>[A-Za-z]{1,3})\$?(?P<r2>[0-9]{1,7}))?"
)


class _Form:
    def __init__(self, book: _Book, data: bytes, source: str) -> None:
        self.book, self.data, self.source = book, data, source
        self.grids: dict[str, tuple[Grid, dict[tuple[int, int], str]]] = {}
        self.ranges: dict[str, tuple[str, Bounds]] = {}

    def read(self) -> RawForm:
        names, source = self.book.names, self.source
        if not all(name in names for name in (NAME_REGIME, NAME_VERSION, NAME_KEY)):
            raise not_a_form(
                source,
                "not an itcriteria form: the workbook has no form key (defined names itcriteria_…); "
                "fill a template written by itcriteria",
            )
        version = self._cell(NAME_VERSION)
        if _version(version.value) not in READABLE_VERSIONS:
            known = ", ".join(str(v) for v in sorted(READABLE_VERSIONS))
            message = f"form template version {version.value!r} is not one this itcriteria reads ({known})"
            raise not_a_form(source, message)
        problems: list[Problem] = []
        fields = {"regime": self._cell(NAME_REGIME)}
        if fields["regime"].value is None or not str(fields["regime"].value).strip():
            raise not_a_form(source, f"the form does not say its regime ({fields['regime'].where} is empty)")
        for field, name in UNIT_FIELDS.items():
            if name in names:
                fields[field] = self._cell(name)
            else:
                problems.append(Problem(source, f"the form has no {field} cell (defined name {name})"))
        sheet, key = self._range(NAME_KEY)
        at = f"{source}!{sheet}!"
        columns = [
            (field, column, f"{at}{column_letter(column)}")
            for field, name in ANSWER_FIELDS.items()
            if name in names
            for column in (self._range(name)[1][0],)
        ]
        value = self._values(sheet)
        answers: dict[str, dict[str, Cell]] = {}
        rows: dict[str, str] = {}
        for row in range(key[1], key[3] + 1):
            cid = value(row, key[0])
            if cid is None or not str(cid).strip():
                continue
            cid = str(cid).strip()
            if cid in answers:
                problems.append(Problem(f"{at}{row}:{row}", f"criterion {cid} has two rows", cid))
                continue
            rows[cid] = f"{at}{row}:{row}"
            answers[cid] = {
                field: Cell(value(row, column), f"{where}{row}") for field, column, where in columns
            }
        return RawForm(source, fields, answers, rows, f"{source}!{sheet}", tuple(problems))

    def _range(self, name: str) -> tuple[str, Bounds]:
        if name in self.ranges:
            return self.ranges[name]
        found = _NAMED.fullmatch(self.book.names[name])
        sheet = (found["quoted"].replace("''", "'") if found["quoted"] else found["plain"]) if found else ""
        if found is None or sheet not in self.book.sheets:
            raise not_a_form(self.source, f"the form key {name} does not point at a cell of this workbook")
        low = (_column_number(found["c1"].encode()), int(found["r1"]))
        high = (_column_number(found["c2"].encode()), int(found["r2"])) if found["c2"] else low
        bounds = (min(low[0], high[0]), min(low[1], high[1]), max(low[0], high[0]), max(low[1], high[1]))
        self.ranges[name] = sheet, bounds
        return sheet, bounds

    def _cell(self, name: str) -> Cell:
        sheet, (column, row, _, _) = self._range(name)
        return Cell(self._values(sheet)(row, column), f"{self.source}!{sheet}!{column_letter(column)}{row}")

    def _values(self, sheet: str) -> Callable[[int, int], object]:
        """The value at (row, column) of ``sheet``, 1-based, as openpyxl gave it."""
        if sheet not in self.grids:
            rows, columns, errors = _extent_and_errors(self.book.read(self.book.sheets[sheet]))
            if rows * columns > limits.MAX_XLSX_CELLS:
                message = (
                    f"the sheet {sheet!r} spans {rows:,} rows by {columns:,} columns, over the limit of "
                    f"{limits.MAX_XLSX_CELLS:,} cells"
                )
                raise not_a_form(self.source, message)
            self.grids[sheet] = (_calamine_grid(self.data, sheet), errors)
        grid, errors = self.grids[sheet]
        height = len(grid)

        def value(row: int, column: int) -> object:
            if errors and (row, column) in errors:
                return errors[row, column]
            if row > height:
                return None
            cells = grid[row - 1]
            return _value(cells[column - 1]) if column <= len(cells) else None

        return value


def _version(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value == int(value):
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None
