"""Reading and scoring a province's filled Excel forms: 1,000 forms of binhthuan-2019.

Run by hand: ``.venv/bin/python benchmarks/bench_forms.py`` (``--forms N`` for another count, ``--rounds``
for the interleaved comparison). Writes the Bình Thuận 2019 template once per unit group, fills it
1,000 times with openpyxl as a clerk would (random answers of every indicator kind, numbers typed both
as number cells and as text with a decimal comma, yes/no and levels as their drop-down words) into a
temporary folder, then:

- compares, interleaved in process CPU time, reading them all with ``read_forms`` through the previous
  openpyxl reader (kept below, verbatim but for its imports) and through the python-calamine reader,
  against the target of issue 16 (1,000 forms in 4 s), after checking both give the same submissions;
- times, on one core, running them as a round (scoring and ranking) and writing the round's results
  workbook, and reading the same forms as JSON files, for comparison.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import random
import tempfile
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils.cell import range_boundaries
from openpyxl.workbook.workbook import Workbook
from timing import compare, report, timed

import itcriteria
from itcriteria._core import limits
from itcriteria.exceptions import Problem, SubmissionError
from itcriteria.forms import reading
from itcriteria.forms.layout import (
    ANSWER_FIELDS,
    NAME_KEY,
    NAME_REGIME,
    NAME_VERSION,
    READABLE_VERSIONS,
    UNIT_FIELDS,
    YES_NO_WORDS,
)
from itcriteria.forms.reading import read_forms
from itcriteria.forms.sources import Cell, RawForm, form_bytes, not_a_form
from itcriteria.forms.sources import reason as _reason
from itcriteria.forms.template import write_template

REGIME = "binhthuan-2019"
TARGET_SECONDS = 4.0  # issue 16: 1,000 filled xlsx forms read in at most 4 s


class Template:
    """One group's template open in openpyxl, refilled and saved for each form of the group."""

    def __init__(self, path: Path) -> None:
        self.workbook: Workbook = openpyxl.load_workbook(path)
        sheet, (column, first, _, last) = self._range(NAME_KEY)
        self.sheet = self.workbook[sheet]
        self.rows = {self.sheet.cell(r, column).value: r for r in range(first, last + 1)}
        self.columns = {field: self._range(name)[1][0] for field, name in ANSWER_FIELDS.items()}
        self.unit = {field: self._range(name)[1][:2] for field, name in UNIT_FIELDS.items()}

    def _range(self, name: str) -> tuple[str, tuple[int, ...]]:
        ((sheet, reference),) = self.workbook.defined_names[name].destinations
        return sheet, tuple(int(b or 0) for b in range_boundaries(reference.replace("$", "")))

    def fill(self, form: dict[str, Any], path: Path) -> None:
        for field, value in form["cells"].items():
            column, row = self.unit[field]
            self.sheet.cell(row, column).value = value
        for (cid, field), value in form["answers"].items():
            self.sheet.cell(self.rows[cid], self.columns[field]).value = value
        self.workbook.save(path)


def answers(regime: itcriteria.Regime, group: str, rnd: random.Random) -> dict[tuple[str, str], Any]:
    """Random answers to every sub-criterion of ``group``, as a clerk types them into the cells."""
    cells: dict[tuple[str, str], Any] = {}
    for leaf in regime.leaves(group):
        indicator = leaf.indicator
        if isinstance(indicator, itcriteria.Ratio):
            denominator = rnd.randint(1, 2000)
            numerator = rnd.randint(0, denominator)
            cells[leaf.id, "numerator"] = numerator if rnd.random() < 0.8 else f"{numerator},0"
            cells[leaf.id, "denominator"] = denominator
        elif isinstance(indicator, itcriteria.Count):
            cells[leaf.id, "value"] = rnd.randint(0, 15)
        elif isinstance(indicator, itcriteria.YesNo):
            cells[leaf.id, "value"] = YES_NO_WORDS["vi"][rnd.random() < 0.3]
        elif isinstance(indicator, itcriteria.Choice):
            cells[leaf.id, "value"] = rnd.choice(indicator.levels).title.vi
        cells[leaf.id, "evidence"] = f"BC-{rnd.randint(1, 999)}/BC-UBND"
    return cells


def generate(folder: Path, count: int, seed: int = 2019) -> tuple[list[Path], list[Path]]:
    """``count`` filled xlsx forms of every group in turn, and the same forms as JSON files."""
    regime = itcriteria.get_regime(REGIME)
    rnd = random.Random(seed)
    templates = {}
    for each in regime.groups:
        path = write_template(regime, folder / f"template-{each.id}.xlsx", group=each.id)
        templates[each.id] = Template(path)
    xlsx, json_paths = [], []
    for i in range(count):
        group = regime.groups[i % len(regime.groups)].id
        unit = f"don-vi-{i:04}"
        day = dt.date(2019, 9, rnd.randint(1, 20))
        cells = {"unit.id": unit, "unit.name": f"Đơn vị {i}", "period": "2019", "submitted": day}
        form = {"cells": cells, "answers": answers(regime, group, rnd)}
        path = folder / f"{unit}.xlsx"
        templates[group].fill(form, path)
        xlsx.append(path)
        json_paths.append(_as_json(folder / f"{unit}.json", regime, group, form))
    return xlsx, json_paths


def _as_json(path: Path, regime: itcriteria.Regime, group: str, form: dict[str, Any]) -> Path:
    cells = form["cells"]
    data: dict[str, Any] = {
        "regime": regime.id,
        "unit": {"id": cells["unit.id"], "name": cells["unit.name"], "group": group},
        "period": cells["period"],
        "submitted": cells["submitted"].isoformat(),
        "answers": {},
    }
    for (cid, field), value in form["answers"].items():
        data["answers"].setdefault(cid, {})[field] = value
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


# --- The previous reader (openpyxl), as it was before python-calamine --------------------------------


def old_read_xlsx(path: Path, source: str) -> RawForm:
    """The cells of a filled template, found through its defined names (see ``forms.layout``)."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    data = form_bytes(path, source)
    archive = io.BytesIO(data)
    _check_archive(archive, source)
    try:
        with warnings.catch_warnings():
            # openpyxl warns about features it does not keep (extensions, styles); reading needs none.
            warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl\b")
            workbook = openpyxl.load_workbook(archive, read_only=True, data_only=True)
    except (*_DAMAGED, InvalidFileException) as error:
        raise not_a_form(source, f"not an Excel workbook (.xlsx): {_reason(error)}") from None
    try:
        return _Workbook(workbook, source).read()
    except SubmissionError:
        raise
    except _DAMAGED as error:  # openpyxl reads parts lazily: a damaged part fails here, not on opening
        raise not_a_form(
            source, f"the workbook is damaged: {type(error).__name__}: {_reason(error)}"
        ) from None
    finally:
        workbook.close()


#: What a damaged workbook raises from inside openpyxl, zipfile, zlib or the XML parser while it is read.
_DAMAGED = (
    zipfile.BadZipFile,
    zlib.error,
    SyntaxError,  # the XML parser's ParseError
    ValueError,
    KeyError,
    TypeError,
    IndexError,
    AttributeError,
    EOFError,
    OSError,
    NotImplementedError,  # a zip compression method zipfile lacks
    RuntimeError,  # an encrypted zip part
)


def _check_archive(archive: io.BytesIO, source: str) -> None:
    """Refuse a zip bomb from its directory alone, before anything is decompressed."""
    try:
        with zipfile.ZipFile(archive) as opened:
            entries = opened.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise not_a_form(source, f"not an Excel workbook (.xlsx): {_reason(error)}") from None
    finally:
        archive.seek(0)
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


def _column_letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)


class _Workbook:
    def __init__(self, workbook: Workbook, source: str) -> None:
        self.workbook, self.source = workbook, source
        self.grids: dict[str, list[tuple[object, ...]]] = {}

    def read(self) -> RawForm:
        names = self.workbook.defined_names
        if not all(name in names for name in (NAME_REGIME, NAME_VERSION, NAME_KEY)):
            raise not_a_form(
                self.source,
                "not an itcriteria form: the workbook has no form key (defined names itcriteria_…); "
                "fill a template written by itcriteria",
            )
        version = self._cell(NAME_VERSION)
        if _version(version.value) not in READABLE_VERSIONS:
            known = ", ".join(str(v) for v in sorted(READABLE_VERSIONS))
            message = f"form template version {version.value!r} is not one this itcriteria reads ({known})"
            raise not_a_form(self.source, message)
        problems: list[Problem] = []
        fields = {"regime": self._cell(NAME_REGIME)}
        if fields["regime"].value is None or not str(fields["regime"].value).strip():
            raise not_a_form(
                self.source, f"the form does not say its regime ({fields['regime'].where} is empty)"
            )
        for field, name in UNIT_FIELDS.items():
            if name in names:
                fields[field] = self._cell(name)
            else:
                problems.append(Problem(self.source, f"the form has no {field} cell (defined name {name})"))
        sheet, key = self._range(NAME_KEY)
        columns = {field: self._range(name)[1][0] for field, name in ANSWER_FIELDS.items() if name in names}
        answers: dict[str, dict[str, Cell]] = {}
        rows: dict[str, str] = {}
        grid = self._grid(sheet)
        for row in range(key[1], key[3] + 1):
            cid = _at(grid, row, key[0])
            if cid is None or not str(cid).strip():
                continue
            cid = str(cid).strip()
            if cid in answers:
                problems.append(
                    Problem(f"{self.source}!{sheet}!{row}:{row}", f"criterion {cid} has two rows", cid)
                )
                continue
            rows[cid] = f"{self.source}!{sheet}!{row}:{row}"
            answers[cid] = {
                field: Cell(_at(grid, row, column), f"{self.source}!{sheet}!{_column_letter(column)}{row}")
                for field, column in columns.items()
            }
        return RawForm(self.source, fields, answers, rows, f"{self.source}!{sheet}", tuple(problems))

    def _range(self, name: str) -> tuple[str, tuple[int, int, int, int]]:
        destinations = list(self.workbook.defined_names[name].destinations)
        if len(destinations) != 1 or destinations[0][0] not in self.workbook.sheetnames:
            raise not_a_form(self.source, f"the form key {name} does not point at a cell of this workbook")
        sheet, reference = destinations[0]
        from openpyxl.utils.cell import range_boundaries

        low_column, low_row, high_column, high_row = range_boundaries(reference.replace("$", ""))
        assert (
            low_column is not None
            and low_row is not None
            and high_column is not None
            and high_row is not None
        )
        return sheet, (low_column, low_row, high_column, high_row)

    def _cell(self, name: str) -> Cell:
        sheet, (column, row, _, _) = self._range(name)
        where = f"{self.source}!{sheet}!{_column_letter(column)}{row}"
        return Cell(_at(self._grid(sheet), row, column), where)

    def _grid(self, sheet: str) -> list[tuple[object, ...]]:
        if sheet not in self.grids:
            worksheet = self.workbook[sheet]
            worksheet.reset_dimensions()  # some writers record too small a sheet
            self.grids[sheet] = list(worksheet.iter_rows(min_row=1, min_col=1, values_only=True))
        return self.grids[sheet]


def _at(grid: list[tuple[object, ...]], row: int, column: int) -> object:
    if row > len(grid) or column > len(grid[row - 1]):
        return None
    return grid[row - 1][column - 1]


def _version(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float | Decimal) and value == int(value):
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


@contextlib.contextmanager
def openpyxl_reader() -> Iterator[None]:
    """``read_forms`` reading xlsx forms through the previous openpyxl reader while inside."""
    current = reading._FORMATS[".xlsx"]
    reading._FORMATS[".xlsx"] = old_read_xlsx
    try:
        yield
    finally:
        reading._FORMATS[".xlsx"] = current


def read_with_openpyxl(paths: list[Path], regime: itcriteria.Regime) -> reading.FormBatch:
    with openpyxl_reader():
        return read_forms(paths, regime)


def write_results_step(result: itcriteria.RoundResult, folder: Path) -> Path:
    """Write the round's results workbook (rankings, statuses, one sheet per unit, gaps, appraisal)."""
    path = folder / "results.xlsx"
    itcriteria.write_results(result, path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, default=1000, help="how many forms (default 1000)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds of each reader (default 3)")
    arguments = parser.parse_args()
    count = arguments.forms
    regime = itcriteria.get_regime(REGIME)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        generated, (xlsx, json_paths) = timed(lambda: generate(folder, count))
        before = read_with_openpyxl(xlsx, regime)
        read_xlsx, batch = timed(lambda: read_forms(xlsx, regime))
        assert batch == before, "the calamine reader reads other submissions than the openpyxl one"
        readers = compare(
            {
                "openpyxl reader (before)": lambda: read_with_openpyxl(xlsx, regime),
                "python-calamine reader": lambda: read_forms(xlsx, regime),
            },
            rounds=arguments.rounds,
        )
        scored, result = timed(
            lambda: itcriteria.Round(regime, tuple(f.unit for f in batch.forms), batch.forms).run()
        )
        cards = list(result.cards.values())
        results, _ = timed(lambda: write_results_step(result, folder))
        read_json, from_json = timed(lambda: read_forms(json_paths, regime))
        size = sum(p.stat().st_size for p in xlsx) / len(xlsx)
    assert len(batch.forms) == len(cards) == len(from_json.forms) == count
    assert [c.total for c in regime.score_all(from_json.forms)] == [c.total for c in cards]
    rows = [
        ("read xlsx forms (read_forms)", read_xlsx),
        ("run the round (score, rank)", scored),
        ("write the results workbook", results),
    ]
    total = sum(seconds for _, seconds in rows)
    made = f"{size / 1024:.1f} KiB each, generated in {generated:.1f} s"
    print(f"{REGIME}: {count:,} filled xlsx forms ({made}), one core")
    scaled = TARGET_SECONDS * count / 1000
    print(
        f"reading them all, process CPU seconds, {arguments.rounds} interleaved rounds (target {scaled:g} s):"
    )
    print(report(readers, unit="s", limit=scaled))
    print(f"  {'step':<36} {'total':>9} {'per form':>10} {'share':>7}")
    for label, seconds in rows:
        print(f"  {label:<36} {seconds:>8.2f}s {seconds / count * 1000:>8.2f}ms {seconds / total:>7.0%}")
    print(f"  {'read + score + write':<36} {total:>8.2f}s {total / count * 1000:>8.2f}ms {1:>7.0%}")
    print(f"  {'(same forms as JSON: read_forms)':<36} {read_json:>8.2f}s {read_json / count * 1000:>8.2f}ms")


if __name__ == "__main__":
    main()
