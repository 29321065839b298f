"""Reading and scoring a province's filled Excel forms: 1,000 forms of binhthuan-2019.

Run by hand: ``.venv/bin/python benchmarks/bench_forms.py`` (``--forms N`` for another count). Writes
the Bình Thuận 2019 template once per unit group, fills it 1,000 times with openpyxl as a clerk would
(random answers of every indicator kind, numbers typed both as number cells and as text with a decimal
comma, yes/no and levels as their drop-down words) into a temporary folder, then times, on one core,
reading them all with ``read_forms``, running them as a round (scoring and ranking) and writing the
round's results workbook, and prints side-by-side figures from one run: each step's total and per-form
time. The same forms read as JSON files are shown for comparison.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import tempfile
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils.cell import range_boundaries
from openpyxl.workbook.workbook import Workbook
from timing import timed

import itcriteria
from itcriteria.forms.layout import ANSWER_FIELDS, NAME_KEY, UNIT_FIELDS, YES_NO_WORDS
from itcriteria.forms.reading import read_forms
from itcriteria.forms.template import write_template

REGIME = "binhthuan-2019"


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


def write_results_step(result: itcriteria.RoundResult, folder: Path) -> Path:
    """Write the round's results workbook (rankings, statuses, one sheet per unit, gaps, appraisal)."""
    path = folder / "results.xlsx"
    itcriteria.write_results(result, path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, default=1000, help="how many forms (default 1000)")
    count = parser.parse_args().forms
    regime = itcriteria.get_regime(REGIME)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        generated, (xlsx, json_paths) = timed(lambda: generate(folder, count))
        read_xlsx, batch = timed(lambda: read_forms(xlsx, regime))
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
    print(f"  {'step':<36} {'total':>9} {'per form':>10} {'share':>7}")
    for label, seconds in rows:
        print(f"  {label:<36} {seconds:>8.2f}s {seconds / count * 1000:>8.2f}ms {seconds / total:>7.0%}")
    print(f"  {'read + score + write':<36} {total:>8.2f}s {total / count * 1000:>8.2f}ms {1:>7.0%}")
    print(f"  {'(same forms as JSON: read_forms)':<36} {read_json:>8.2f}s {read_json / count * 1000:>8.2f}ms")


if __name__ == "__main__":
    main()
