"""An annex table read as rows of criteria: the header found by its column names, continuation rows
joined, numbers read, and the tree built from the numbering.

Numbering: ``1``, ``1.1``, ``1.1.a`` (dotted), ``I``, ``II`` (Roman group headings, whose items are
numbered ``I.1``, … in the regime, since items restart from 1 under each heading in some annexes),
``a)`` / ``a.`` (letters under the row above) and ``-`` / ``+`` (items under the row above, numbered
1, 2, … in the regime). Every problem of the table is collected, each naming the table, the row and the
column, and reported together.
"""

from __future__ import annotations

import re
from decimal import Decimal

import attrs

from ..exceptions import Problem
from ._grids import Grid
from ._words import points, squash

#: Column roles and the names (folded) that announce them, most specific first. A header cell that
#: contains one of ``IGNORED`` is a column the importer does not use.
ROLES: dict[str, tuple[str, ...]] = {
    "number": ("stt", "tt", "so tt", "so thu tu", "no", "no.", "item", "ma so"),
    "max": ("diem toi da", "diem chuan", "diemchuan", "tong diem", "max points", "maximum", "max"),
    "scoring": (
        "cach xac dinh va tinh diem",
        "cach tinh diem",
        "phuong phap tinh diem",
        "cach cham diem",
        "huong dan cham",
        "thang diem",
        "cach tinh",
        "scoring",
        "how scored",
    ),
    "evidence": ("tai lieu kiem chung", "kiem chung", "evidence"),
    "data_source": ("nguon thu thap du lieu", "nguon du lieu", "nguon", "data source"),
    "note": ("ghi chu", "notes", "note"),
    "title": ("tieu chi", "chi so", "noi dung", "criterion", "criteria", "indicator", "title"),
}
IGNORED = (
    "so chi so thanh phan",
    "so tieu chi",
    "don vi phoi hop",
    "tu cham",
    "tham dinh",
    "diem dat",
    "self score",
)
REQUIRED = ("number", "title", "max")
HEADER_SEARCH_ROWS = 20
_EXACT = {"number"}  # short names that must be the whole cell ("tt" is inside many words)

ROMAN = re.compile(r"[IVXLC]+")
_DOTTED = re.compile(r"\d+(?:\.\d+)*(?:\.[a-z])?")
_PREFIXED = re.compile(r"([IVXLC]+)\.(\d.*)")
_LETTER = re.compile(r"([a-zđ])[).]?")
_BULLET = frozenset("-+•–—*")
_LEADING_NUMBER = re.compile(r"^\s*((?:[IVXLC]+|\d+(?:\.\d+)*))[.)]?\s+(\S.*)$", re.S)
_TRAILING_POINTS = re.compile(r"[\s:,(]*(\d+(?:[.,]\d+)?)\s*(điểm|đ)\s*\)?\s*$", re.I)
_TRAILING_NUMBER = re.compile(r"\s+(\d+(?:[.,]\d+)?)\s*$")
_TOTAL = re.compile(r"(?:tong\s*(?:cong|diem|so\s*diem)?|cong)\s*[:.]?")
_COLUMN_NUMBERS = re.compile(r"\(?\d{1,2}\)?")


@attrs.frozen
class Header:
    row: int  # index in the grid
    columns: dict[str, int]  # role -> column index
    names: dict[int, str]  # column index -> the header's own text


@attrs.frozen
class Entry:
    """One criterion row of the annex (with the rows that continue it)."""

    id: str
    number: str  # as written in the STT column
    title: str
    max: Decimal | None
    scoring: str
    evidence: str
    data_source: str
    note: str
    row: int  # 1-based row of the table where it starts
    parent: str | None
    children: list[str] = attrs.field(factory=list, eq=False)


@attrs.frozen
class Table:
    """An annex table read: its entries in order (parents before children) and the stated total."""

    grid: Grid
    header: Header
    entries: dict[str, Entry]
    rows_read: int
    stated_total: Decimal | None

    @property
    def has_scoring(self) -> bool:
        return "scoring" in self.header.columns

    def top(self) -> list[Entry]:
        return [e for e in self.entries.values() if e.parent is None]


def find_header(grid: Grid) -> Header | None:
    """The first row (among the first few) naming at least the STT, title and maximum columns."""
    for r, row in enumerate(grid.rows[:HEADER_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        names: dict[int, str] = {}
        for c, cell in enumerate(row):
            role = column_role(cell)
            if role is not None and role not in columns:
                columns[role] = c
                names[c] = " ".join(cell.split())
        if all(role in columns for role in REQUIRED):
            return Header(r, columns, names)
    return None


def column_role(cell: str) -> str | None:
    """Which role a header cell announces (``number``, ``title``, ``max``, …), or None."""
    name = squash(cell).strip(" .:")
    if not name or any(word in name for word in IGNORED):
        return None
    for role, words in ROLES.items():
        for word in words:
            if name == word or (role not in _EXACT and _contains(name, word)):
                return role
    return None


def _contains(name: str, word: str) -> bool:
    return re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", name) is not None


def read_table(grid: Grid, header: Header) -> tuple[Table, list[Problem]]:
    """The entries of ``grid`` below ``header``, and every problem found (each naming row and column)."""
    problems: list[Problem] = []
    cols = header.columns

    def where(r: int, role: str) -> str:
        c = cols[role]
        return f"{grid.name}, row {r + 1}, column {grid.column(c)} ({header.names[c]})"

    def cell(row: tuple[str, ...], role: str) -> str:
        c = cols.get(role)
        return row[c].strip() if c is not None and c < len(row) else ""

    entries: dict[str, Entry] = {}
    last_dotted: str | None = None  # the last row numbered 1, 1.1, …: letters and dashes go under it
    last_item: str | None = None  # the last row of any numbering: its continuation rows join it
    section: str | None = None  # the Roman heading in force
    bullets: dict[str, int] = {}
    stated_total: Decimal | None = None
    rows_read = 0
    header_text = tuple(squash(c) for c in grid.rows[header.row])

    for r in range(header.row + 1, len(grid.rows)):
        row = grid.rows[r]
        if not any(c.strip() for c in row):
            continue
        if tuple(squash(c) for c in row) == header_text or _column_numbers(row):
            continue  # the header repeated on a new page, or a row of column numbers (1) (2) (3)
        rows_read += 1
        number, title = cell(row, "number"), cell(row, "title")
        scoring, max_text = cell(row, "scoring"), cell(row, "max")
        if number and not title:  # "I. Hạ tầng kỹ thuật" merged across the STT and title columns
            split = _LEADING_NUMBER.match(number)
            if split:
                number, title = split.group(1), split.group(2).strip()
        elif not number and title:  # "1. Nhận thức số: (60 điểm)" in the title column
            split = _LEADING_NUMBER.match(title)
            if split and not max_text and _TRAILING_POINTS.search(title):
                number, title = split.group(1), split.group(2).strip()
        try:
            maximum = points(max_text)
        except ValueError as err:
            problems.append(Problem(where(r, "max"), str(err)))
            continue
        if maximum is None and title:
            title, maximum = _points_in_title(title, roman=bool(ROMAN.fullmatch(number.rstrip(".)"))))

        if not number:
            if maximum is not None and _TOTAL.fullmatch(squash(title)):  # "Tổng cộng | 1000"
                stated_total = maximum
                continue
            if last_item is None:
                problems.append(Problem(where(r, "number"), "a row without STT before any numbered row"))
                continue
            extras = {role: cell(row, role) for role in ("evidence", "data_source", "note")}
            _continue(entries, last_item, title, scoring, maximum, extras)
            continue

        raw = number.rstrip(".)").strip() if number not in _BULLET else number
        parent: str | None
        prefixed = _PREFIXED.fullmatch(raw)
        if prefixed and prefixed.group(1) == section:  # "I.1" written in full under heading I
            raw = prefixed.group(2)
        if ROMAN.fullmatch(raw):
            cid, parent = raw, None
            section, last_dotted = raw, None
        elif _DOTTED.fullmatch(raw.lower()):
            local = raw
            cid = f"{section}.{local}" if section else local
            parent_local = local.rsplit(".", 1)[0] if "." in local else None
            if parent_local is None:
                parent = section
            else:
                parent = f"{section}.{parent_local}" if section else parent_local
                if parent not in entries:
                    problems.append(
                        Problem(
                            where(r, "number"), f"{number!r} comes without a row {parent_local!r} above it"
                        )
                    )
                    continue
            last_dotted = cid
        elif _LETTER.fullmatch(raw.lower()) or number in _BULLET:
            if last_dotted is None:
                problems.append(
                    Problem(where(r, "number"), f"{number!r} comes before any row numbered 1, 1.1, …")
                )
                continue
            base = last_dotted
            if number in _BULLET:
                bullets[base] = bullets.get(base, 0) + 1
                local_id = str(bullets[base])
            else:
                local_id = "dd" if raw.lower()[0] == "đ" else raw.lower()[0]
            cid, parent = f"{base}.{local_id}", base
        else:
            problems.append(
                Problem(
                    where(r, "number"),
                    f"{number!r} is not a numbering like 1, 1.1, 1.1.a, I, a) or -",
                )
            )
            continue
        if cid in entries:
            first = entries[cid]
            problems.append(
                Problem(
                    where(r, "number"), f"STT {number!r} again: criterion {cid} is already row {first.row}"
                )
            )
            continue
        if not title:
            problems.append(Problem(where(r, "title"), f"row {number!r} has no title"))
        entry = Entry(
            id=cid,
            number=number,
            title=" ".join(title.split()),
            max=maximum,
            scoring=scoring,
            evidence=cell(row, "evidence"),
            data_source=cell(row, "data_source"),
            note=cell(row, "note"),
            row=r + 1,
            parent=parent,
        )
        entries[cid] = entry
        if parent is not None:
            entries[parent].children.append(cid)
        last_item = cid
    if not entries and not problems:
        problems.append(Problem(f"{grid.name}", f"no criterion rows below the header (row {header.row + 1})"))
    return Table(grid, header, entries, rows_read, stated_total), problems


def _continue(
    entries: dict[str, Entry],
    cid: str,
    title: str,
    scoring: str,
    maximum: Decimal | None,
    extras: dict[str, str],
) -> None:
    """Join a row without STT to the row above: its title and scoring text continue that row's; a
    line with points ("Có | 5", "Không | 0") becomes a line of the scoring text."""
    entry = entries[cid]
    changes: dict[str, str] = {}
    if maximum is not None:
        text = scoring or title
        line = f"{text}: {maximum} điểm"
        changes["scoring"] = _join(entry.scoring, line)
    else:
        if title:
            changes["title"] = " ".join(f"{entry.title} {title}".split())
        if scoring:
            changes["scoring"] = _join(entry.scoring, scoring)
    for role, extra in extras.items():
        if extra:
            changes[role] = _join(getattr(entry, role), extra)
    replaced = attrs.evolve(entry, **changes)  # type: ignore[arg-type]  # only its text fields
    replaced.children.extend(entry.children)
    entries[cid] = replaced


def _join(text: str, more: str) -> str:
    return f"{text}\n{more}" if text else more


def _points_in_title(title: str, *, roman: bool) -> tuple[str, Decimal | None]:
    """A maximum written at the end of the title: "Nhận thức số: (60 điểm)", or after a Roman heading's
    title in the same cell ("I CÁC TIÊU CHÍ VỀ CƠ SỞ HẠ TẦNG THÔNG TIN 18")."""
    found = _TRAILING_POINTS.search(title) or (_TRAILING_NUMBER.search(title) if roman else None)
    if not found:
        return title, None
    return title[: found.start()].rstrip(" :,("), Decimal(found.group(1).replace(",", "."))


def _column_numbers(row: tuple[str, ...]) -> bool:
    filled = [c.strip() for c in row if c.strip()]
    return (
        len(filled) >= 3
        and all(_COLUMN_NUMBERS.fullmatch(c) for c in filled)
        and ([int(c.strip("()")) for c in filled] == list(range(1, len(filled) + 1)))
    )
