"""Filling a form template as a clerk would, with openpyxl: shared by the form and command-line tests."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
from hypothesis import strategies as st
from openpyxl.utils.cell import range_boundaries
from openpyxl.workbook.workbook import Workbook

import itcriteria
from itcriteria.forms.layout import ANSWER_FIELDS, NAME_KEY, UNIT_FIELDS
from itcriteria.testing.form_strategies import is_yes

YES_NO = {"vi": ("Có", "Không"), "en": ("Yes", "No")}
AMBIGUOUS = re.compile(r"[+-]?[1-9]\d{0,2}[.,]\d{3}")


class Sheet:
    """A template opened for filling; input cells found through the defined names."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.workbook: Workbook = openpyxl.load_workbook(path)
        sheet, (column, first, _, last) = self.range(NAME_KEY)
        self.sheet = self.workbook[sheet]
        self.rows = {self.sheet.cell(r, column).value: r for r in range(first, last + 1)}
        self.columns = {field: self.range(name)[1][0] for field, name in ANSWER_FIELDS.items()}

    def range(self, name: str) -> tuple[str, tuple[int, int, int, int]]:
        ((sheet, reference),) = self.workbook.defined_names[name].destinations
        return sheet, range_boundaries(reference.replace("$", ""))  # type: ignore[return-value]

    def named(self, name: str) -> Any:
        _, (column, row, _, _) = self.range(name)
        return self.sheet.cell(row, column)

    def unit(self, field: str) -> Any:
        return self.named(UNIT_FIELDS[field])

    def input(self, criterion: str, field: str) -> Any:
        return self.sheet.cell(self.rows[criterion], self.columns[field])

    def where(self, cell: Any) -> str:
        return f"{self.path}!{self.sheet.title}!{cell.coordinate}"

    def save(self) -> Path:
        self.workbook.save(self.path)
        return self.path


#: Picks one of several ways of writing a value: drawn by Hypothesis, or the first (the plainest).
Choose = Callable[[list[Any]], Any]


def first(options: list[Any]) -> Any:
    return options[0]


def drawing(data: st.DataObject) -> Choose:
    return lambda options: data.draw(st.sampled_from(options))


def as_text(number: Decimal | int, comma: bool) -> str:
    """A number as a clerk types it, never ambiguous: ``1.234`` is written ``1.2340``."""
    text = format(Decimal(number), "f")
    if AMBIGUOUS.fullmatch(text):
        text += "0"
    return text.replace(".", ",") if comma else text


def number_cell(value: Any, choose: Choose) -> Any:
    style = choose(["native", "comma", "point"])
    return value if style == "native" else as_text(value, style == "comma")


def fill(
    sheet: Sheet, regime: itcriteria.Regime, form: Mapping[str, Any], lang: str, choose: Choose, fixed: bool
) -> None:
    """Write ``form`` (the JSON shape) into the template's input cells, each value in a style chosen."""
    unit = form["unit"]
    sheet.unit("unit.id").value = unit["id"]
    sheet.unit("unit.name").value = unit["name"]
    if not fixed:
        title = regime.group(unit["group"]).title.get(lang)
        sheet.unit("unit.group").value = choose([title, unit["group"]])
    sheet.unit("period").value = form["period"]
    day = dt.date(2019, 9, 12)
    sheet.unit("submitted").value = choose([day, "12/09/2019", "2019-09-12"])
    for cid, answer in form["answers"].items():
        criterion = regime.criterion(cid)
        kind = criterion.indicator.kind  # type: ignore[union-attr]
        sheet.input(cid, "evidence").value = f"BC-{cid}"
        if kind == "ratio":
            sheet.input(cid, "numerator").value = number_cell(answer["numerator"], choose)
            sheet.input(cid, "denominator").value = number_cell(answer["denominator"], choose)
            continue
        value = answer["value"] if isinstance(answer, Mapping) else answer
        if kind == "yes_no":
            yes = is_yes(value)
            words = [
                YES_NO[lang][0 if yes else 1],
                YES_NO["en" if lang == "vi" else "vi"][0 if yes else 1],
                yes,
            ]
            cell_value = choose(words)
        elif kind == "choice":
            level = criterion.indicator.level(value)  # type: ignore[union-attr]
            assert level is not None
            cell_value = choose([level.title.get(lang), value])
        else:
            cell_value = number_cell(value, choose)
        sheet.input(cid, "value").value = cell_value
