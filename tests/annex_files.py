"""Annex files written by the tests: the same rows as a real .xlsx, .docx or .csv, with merged cells.

A table is a list of rows; a row is a list of cells (text, or a number for a spreadsheet cell). A merge
is ``(first_row, first_column, last_row, last_column)``, counted from 0 in the table; the text of a
merged range is the text of its first cell.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import docx
import openpyxl

Cell = str | int | float
Rows = Sequence[Sequence[Cell]]
Merge = tuple[int, int, int, int]


def write_csv(path: Path, rows: Rows, *, delimiter: str = ",") -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows([[str(c) for c in row] for row in rows])
    return path


def write_xlsx(
    path: Path, sheets: dict[str, tuple[Rows, Sequence[Merge]]], *, title_rows: Sequence[str] = ()
) -> Path:
    """A workbook with one sheet per entry; ``title_rows`` go above each table (as annexes have)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, (rows, merges) in sheets.items():
        sheet = book.create_sheet(name)
        for line in title_rows:
            sheet.append([line])
        offset = len(title_rows)
        for row in rows:
            sheet.append(list(row))
        for r1, c1, r2, c2 in merges:
            sheet.merge_cells(
                start_row=r1 + 1 + offset, start_column=c1 + 1, end_row=r2 + 1 + offset, end_column=c2 + 1
            )
    book.save(path)
    return path


def write_docx(
    path: Path, tables: Sequence[tuple[Rows, Sequence[Merge]]], *, title_rows: Sequence[str] = ()
) -> Path:
    """A Word document with a heading paragraph and the tables in order."""
    document = docx.Document()
    for line in title_rows:
        document.add_paragraph(line)
    for rows, merges in tables:
        width = max(len(r) for r in rows)
        table = document.add_table(rows=len(rows), cols=width)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.cell(r, c).text = str(value)
        for r1, c1, r2, c2 in merges:
            merged = table.cell(r1, c1).merge(table.cell(r2, c2))
            merged.text = str(rows[r1][c1])  # Word joins the merged cells' paragraphs; keep the first's
        document.add_paragraph("")
    document.save(str(path))
    return path


def write_annex(
    path: Path, rows: Rows, merges: Sequence[Merge] = (), *, title_rows: Sequence[str] = ()
) -> Path:
    """One annex table in the format of ``path``'s suffix. A spreadsheet gets whole numbers as
    numbers (as typed in Excel); csv has no merges, so a merged range is its first cell and empties."""
    if path.suffix == ".xlsx":
        typed = [[int(c) if isinstance(c, str) and c.isdigit() else c for c in row] for row in rows]
        return write_xlsx(path, {"Phụ lục": (typed, merges)}, title_rows=title_rows)
    if path.suffix == ".docx":
        return write_docx(path, [(rows, merges)], title_rows=title_rows)
    spanned = {
        (r, c)
        for r1, c1, r2, c2 in merges
        for r in range(r1, r2 + 1)
        for c in range(c1, c2 + 1)
        if (r, c) != (r1, c1)
    }
    flat = [["" if (r, c) in spanned else cell for c, cell in enumerate(row)] for r, row in enumerate(rows)]
    return write_csv(path, [[line] for line in title_rows] + flat)
