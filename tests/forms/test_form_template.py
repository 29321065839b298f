"""Form templates: the Excel workbook a unit fills (layout, locking, drop-downs, the machine key) and the
JSON template, each written whole or not at all."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import openpyxl
import pytest
from openpyxl.cell.cell import MergedCell
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

import itcriteria
from builders import build, leaf, parent, ratio
from itcriteria.forms.layout import (
    ANSWER_FIELDS,
    LABELS,
    NAME_KEY,
    NAME_REGIME,
    NAME_VERSION,
    TEMPLATE_VERSION,
    UNIT_FIELDS,
)
from itcriteria.forms.template import template_workbook, write_template

FORMS = Path(__file__).parents[2] / "plugins" / "binhthuan" / "examples" / "binhthuan-2019-forms.json"
BINHTHUAN = itcriteria.get_regime("binhthuan-2019")
GROUPS = [None, *(g.id for g in BINHTHUAN.groups)]
CHOICE = {
    "kind": "choice",
    "label": {"vi": "Mức", "en": "Level"},
    "levels": [
        {"id": "du", "title": {"vi": "Đầy đủ", "en": "Complete"}, "fraction": 1},
        {"id": "mot-phan", "title": {"vi": "Một phần, chưa đủ", "en": "Partial"}, "fraction": "0.5"},
    ],
}


def small(**overrides: Any) -> itcriteria.Regime:
    """Every indicator kind, a number with bounds and one without, a group-only criterion."""
    return build(
        parent(
            "1",
            10,
            leaf("1.1", 4, ratio(zero_denominator="not_applicable")),
            leaf("1.2", 3, {"kind": "count", "label": "n"}, rule="per_item(count, 1, 3)"),
            leaf("1.3", 3, {"kind": "number", "label": "x", "min": 1, "max": "99.5"}, rule="value / 100"),
        ),
        leaf("2", 2, {"kind": "yes_no", "label": "Có"}),
        leaf("3", 3, CHOICE, groups=["so"]),
        leaf("4", 1, {"kind": "number", "label": "y", "min": None}, rule="0", groups=["huyen"]),
        **overrides,
    )


class Form:
    """A template opened with openpyxl, found through its defined names as the reader finds it."""

    def __init__(self, path: Path) -> None:
        self.workbook: Workbook = openpyxl.load_workbook(path)
        sheet, (column, first, _, last) = self.range(NAME_KEY)
        self.sheet: Worksheet = self.workbook[sheet]
        self.rows = {self.sheet.cell(r, column).value: r for r in range(first, last + 1)}
        self.rows.pop(None, None)
        self.first, self.last = first, last
        self.columns = {field: self.range(name)[1][0] for field, name in ANSWER_FIELDS.items()}
        self.header = {self.sheet.cell(first - 1, c).value: c for c in range(1, self.sheet.max_column + 1)}

    def range(self, name: str) -> tuple[str, tuple[int, int, int, int]]:
        ((sheet, reference),) = self.workbook.defined_names[name].destinations
        bounds = range_boundaries(reference.replace("$", ""))
        assert None not in bounds
        return sheet, bounds  # type: ignore[return-value]

    def named(self, name: str) -> Any:
        _, (column, row, _, _) = self.range(name)
        return self.sheet.cell(row, column)

    def input(self, criterion: str, field: str) -> Any:
        return self.sheet.cell(self.rows[criterion], self.columns[field])

    def validation(self, coordinate: str) -> DataValidation | None:
        found = [dv for dv in self.sheet.data_validations.dataValidation if coordinate in dv.sqref]
        assert len(found) <= 1
        return found[0] if found else None

    def list_items(self, validation: DataValidation) -> list[str]:
        """The items of a drop-down: inline, or the range of the defined name it refers to."""
        formula = validation.formula1
        assert formula is not None
        if formula.startswith('"'):
            return formula.strip('"').split(",")
        ((sheet, reference),) = self.workbook.defined_names[formula].destinations
        cells = self.workbook[sheet][reference.replace("$", "")]
        return [row[0].value for row in cells]

    def cells(self) -> Iterator[Any]:
        for row in self.sheet.iter_rows():
            for cell in row:
                if not isinstance(cell, MergedCell):
                    yield cell


def template(tmp_path: Path, regime: itcriteria.Regime, group: str | None, lang: str) -> Form:
    path = write_template(regime, tmp_path / "form.xlsx", group=group, lang=lang)
    return Form(path)


# --- The Excel template of binhthuan-2019 -------------------------------------------------------------


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("group", GROUPS)
def test_one_row_per_leaf_in_official_order(tmp_path: Path, group: str | None, lang: str) -> None:
    """The key column lists the group's sub-criteria (or all of them) in official order, each parent a
    heading row just above its children, under the headers of the chosen language."""
    form = template(tmp_path, BINHTHUAN, group, lang)
    assert list(form.rows) == [c.id for c in BINHTHUAN.leaves(group)]
    id_column = form.header[LABELS[lang]["id"]]
    shown = [form.sheet.cell(r, id_column).value for r in range(form.first, form.last + 1)]
    assert shown == [c.id for c in BINHTHUAN.walk(group)]
    labels = LABELS[lang]
    for field in (
        "criterion",
        "max",
        "benchmark",
        "asks",
        "numerator",
        "denominator",
        "value",
        "evidence",
        "note",
    ):
        assert labels[field] in form.header
    assert form.sheet.title == labels["sheet"]
    row = form.rows["1.1"]
    assert form.sheet.cell(row, form.header[labels["max"]]).value == 5
    assert form.sheet.cell(row, form.header[labels["benchmark"]]).value == "100%"
    asks = form.sheet.cell(row, form.header[labels["asks"]]).value
    indicator = BINHTHUAN.criterion("1.1").indicator
    assert isinstance(indicator, itcriteria.Ratio)
    assert isinstance(asks, str)
    assert indicator.numerator.get(lang) in asks and indicator.denominator.get(lang) in asks
    title = form.sheet.cell(row, form.header[labels["criterion"]]).value
    assert title == BINHTHUAN.criterion("1.1").title.get(lang)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("group", GROUPS)
def test_unit_block_and_machine_key(tmp_path: Path, group: str | None, lang: str) -> None:
    """The regime id and template version sit in named cells; the unit block has a labelled input per
    field, the submission date is a date cell, and the group is a drop-down unless the template is for
    one group, when it is fixed and locked."""
    form = template(tmp_path, BINHTHUAN, group, lang)
    assert form.named(NAME_REGIME).value == "binhthuan-2019"
    assert form.named(NAME_VERSION).value == TEMPLATE_VERSION
    for field, name in UNIT_FIELDS.items():
        cell = form.named(name)
        row_text = [c.value for c in form.sheet[cell.row]]
        assert LABELS[lang][field] in row_text
    submitted = form.named(UNIT_FIELDS["submitted"])
    assert submitted.is_date
    rule = form.validation(submitted.coordinate)
    assert rule is not None and rule.type == "date"
    unit_group = form.named(UNIT_FIELDS["unit.group"])
    titles = [g.title.get(lang) for g in BINHTHUAN.groups]
    if group is None:
        assert not unit_group.protection.locked
        rule = form.validation(unit_group.coordinate)
        assert rule is not None and rule.type == "list" and form.list_items(rule) == titles
    else:
        assert unit_group.protection.locked and form.validation(unit_group.coordinate) is None
        assert unit_group.value == BINHTHUAN.group(group).title.get(lang)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("group", GROUPS)
def test_only_input_cells_are_unlocked(tmp_path: Path, group: str | None, lang: str) -> None:
    """Exactly the unit block inputs and each sub-criterion's inputs (numerator and denominator of a
    ratio, the value otherwise, evidence and note) are unlocked; the sheet is protected without a
    password, and so is the workbook structure."""
    form = template(tmp_path, BINHTHUAN, group, lang)
    expected = {
        form.named(name).coordinate
        for field, name in UNIT_FIELDS.items()
        if not (field == "unit.group" and group is not None)
    }
    for leaf_ in BINHTHUAN.leaves(group):
        assert leaf_.indicator is not None
        for field in (*leaf_.indicator.fields, "evidence", "note"):
            expected.add(form.input(leaf_.id, field).coordinate)
    unlocked = {cell.coordinate for cell in form.cells() if not cell.protection.locked}
    assert unlocked == expected
    assert form.sheet.protection.sheet is True and not form.sheet.protection.password
    assert form.workbook.security is not None and form.workbook.security.lockStructure
    assert form.sheet.column_dimensions["A"].hidden  # the key column


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("group", GROUPS)
def test_every_input_has_a_validation_of_its_kind(tmp_path: Path, group: str | None, lang: str) -> None:
    """Ratios take whole numbers ≥ 0 in numerator and denominator (they count things; decimals where the
    regime declares the ratio fractional), counts whole numbers ≥ 0, yes/no and
    choices a drop-down of the words and level titles of the language; evidence and note are free."""
    form = template(tmp_path, BINHTHUAN, group, lang)
    yes_no = ["Có", "Không"] if lang == "vi" else ["Yes", "No"]
    for leaf_ in BINHTHUAN.leaves(group):
        indicator = leaf_.indicator
        if isinstance(indicator, itcriteria.Ratio):
            for field in ("numerator", "denominator"):
                rule = form.validation(form.input(leaf_.id, field).coordinate)
                assert rule is not None
                kind = "decimal" if indicator.fractional else "whole"
                assert (rule.type, rule.operator, rule.formula1) == (kind, "greaterThanOrEqual", "0")
            assert form.validation(form.input(leaf_.id, "value").coordinate) is None
            continue
        rule = form.validation(form.input(leaf_.id, "value").coordinate)
        assert rule is not None and rule.showErrorMessage
        if isinstance(indicator, itcriteria.Count):
            assert (rule.type, rule.operator, rule.formula1) == ("whole", "greaterThanOrEqual", "0")
        elif isinstance(indicator, itcriteria.YesNo):
            assert rule.type == "list" and form.list_items(rule) == yes_no
        else:
            assert isinstance(indicator, itcriteria.Choice)
            assert rule.type == "list"
            assert form.list_items(rule) == [level.title.get(lang) for level in indicator.levels]
        for field in ("evidence", "note"):
            assert form.validation(form.input(leaf_.id, field).coordinate) is None


def test_groups_each_criterion_applies_to(tmp_path: Path) -> None:
    """Without a group every sub-criterion shows the groups it applies to; with one, that column is
    hidden."""
    form = template(tmp_path, BINHTHUAN, None, "vi")
    column = form.header[LABELS["vi"]["applies"]]
    assert form.sheet.cell(form.rows["1.1"], column).value == "Tất cả"
    assert form.sheet.cell(form.rows["2.4"], column).value == "huyen"
    assert form.sheet.cell(form.rows["2.3"], column).value == "so-nganh, don-vi-su-nghiep, luc-luong-vu-trang"
    fixed = template(tmp_path, BINHTHUAN, "huyen", "en")
    letter = get_column_letter(fixed.header[LABELS["en"]["applies"]])
    assert fixed.sheet.column_dimensions[letter].hidden


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_provisional_regimes_say_so(tmp_path: Path, lang: str) -> None:
    """A provisional regime's form carries the notice in the chosen language; an official one does not."""
    notice = LABELS[lang]["provisional"]
    form = template(tmp_path, BINHTHUAN, "huyen", lang)
    assert any(isinstance(c.value, str) and c.value.startswith(notice) for c in form.cells())
    official = template(tmp_path, small(status="official"), None, lang)
    assert not any(isinstance(c.value, str) and notice in c.value for c in official.cells())


def test_number_bounds_and_choice_levels(tmp_path: Path) -> None:
    """A number takes decimals within its bounds (or above its minimum, or any); a choice lists its
    level titles even when they hold commas."""
    form = template(tmp_path, small(), None, "vi")
    bounded = form.validation(form.input("1.3", "value").coordinate)
    assert bounded is not None
    assert (bounded.type, bounded.operator, bounded.formula1, bounded.formula2) == (
        "decimal",
        "between",
        "1",
        "99.5",
    )
    open_ = form.validation(form.input("4", "value").coordinate)
    assert open_ is not None and open_.type == "decimal"
    choice = form.validation(form.input("3", "value").coordinate)
    assert choice is not None and form.list_items(choice) == ["Đầy đủ", "Một phần, chưa đủ"]
    asks = form.sheet.cell(form.rows["1.1"], form.header[LABELS["vi"]["asks"]]).value
    assert isinstance(asks, str) and LABELS["vi"]["zero_not_applicable"] in asks


def test_workbook_without_writing(tmp_path: Path) -> None:
    """``template_workbook`` builds the same workbook in memory; writing it changes nothing."""
    workbook = template_workbook(BINHTHUAN, group="so-nganh", lang="en")
    assert workbook.sheetnames == ["Form", "Lists"]
    assert list(tmp_path.iterdir()) == []


# --- The JSON template --------------------------------------------------------------------------------


@pytest.mark.parametrize("group", GROUPS)
def test_json_template_is_the_published_schema(tmp_path: Path, group: str | None) -> None:
    """``.json`` writes ``submission_schema(regime, group)``, which the example forms of that group
    satisfy."""
    path = write_template(BINHTHUAN, tmp_path / "form.json", group=group)
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert schema == itcriteria.submission_schema(BINHTHUAN, group)
    examples = json.loads(FORMS.read_text(encoding="utf-8"))
    for example in examples:
        if group is None or example["unit"]["group"] == group:
            jsonschema.validate(example, schema)


def test_format_overrides_the_suffix(tmp_path: Path) -> None:
    """``format`` chooses the format whatever the file is called; an unknown suffix without it is an
    error before anything is written."""
    write_template(BINHTHUAN, tmp_path / "form.txt", format="json")
    assert json.loads((tmp_path / "form.txt").read_text(encoding="utf-8"))["title"].endswith("binhthuan-2019")
    write_template(BINHTHUAN, tmp_path / "phieu", format="xlsx")
    with (tmp_path / "phieu").open("rb") as handle:
        assert openpyxl.load_workbook(handle).sheetnames == ["Phiếu", "Danh mục"]
    with pytest.raises(ValueError, match=r"cannot tell the template format from 'form\.ods'"):
        write_template(BINHTHUAN, tmp_path / "form.ods")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["form.txt", "phieu"]


# --- Whole or nothing ---------------------------------------------------------------------------------


def test_bad_arguments_write_nothing(tmp_path: Path) -> None:
    """An unknown group, language or format raises before any file is made."""
    with pytest.raises(KeyError, match="has no unit group 'xa'"):
        write_template(BINHTHUAN, tmp_path / "form.xlsx", group="xa")
    with pytest.raises(KeyError, match="has no unit group 'xa'"):
        write_template(BINHTHUAN, tmp_path / "form.json", group="xa")
    with pytest.raises(itcriteria.ArgumentError, match="unknown language 'fr'"):
        write_template(BINHTHUAN, tmp_path / "form.xlsx", lang="fr")
    with pytest.raises(ValueError, match="format must be 'xlsx' or 'json'"):
        write_template(BINHTHUAN, tmp_path / "form.xlsx", format="csv")
    assert list(tmp_path.iterdir()) == []


def test_a_failing_write_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When saving fails half way (a full disk), neither the target nor a temporary file remains, and
    a form already there is untouched."""
    (tmp_path / "kept.xlsx").write_bytes(b"the old form")

    def broken_save(self: Workbook, handle: Any) -> None:
        handle.write(b"PK\x03\x04 half a workbook")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Workbook, "save", broken_save)
    with pytest.raises(OSError, match="No space left"):
        write_template(BINHTHUAN, tmp_path / "form.xlsx")
    with pytest.raises(OSError, match="No space left"):
        write_template(BINHTHUAN, tmp_path / "kept.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.xlsx"]
    assert (tmp_path / "kept.xlsx").read_bytes() == b"the old form"


def test_a_folder_that_cannot_take_the_file_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A missing folder, a file in the folder's place, a folder in the target's place and a folder that
    refuses new files (read-only: simulated, as tests may run as root) each fail without leaving a
    file."""
    with pytest.raises(FileNotFoundError):
        write_template(BINHTHUAN, tmp_path / "missing" / "form.xlsx")
    (tmp_path / "plain").write_text("not a folder", encoding="utf-8")
    with pytest.raises(NotADirectoryError):
        write_template(BINHTHUAN, tmp_path / "plain" / "form.xlsx")
    (tmp_path / "form.xlsx").mkdir()
    with pytest.raises(IsADirectoryError):
        write_template(BINHTHUAN, tmp_path / "form.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["form.xlsx", "plain"]
    assert list((tmp_path / "form.xlsx").iterdir()) == []

    def read_only(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", read_only)
    with pytest.raises(PermissionError):
        write_template(BINHTHUAN, tmp_path / "other.json")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["form.xlsx", "plain"]


def test_written_file_has_the_mode_of_a_new_file(tmp_path: Path) -> None:
    """The temporary file's private mode does not stick: a new form is readable as any new file, and a
    form written over another keeps that one's mode."""
    mask = os.umask(0o022)
    os.umask(mask)
    path = write_template(BINHTHUAN, tmp_path / "form.json")
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask
    path.chmod(0o640)
    write_template(BINHTHUAN, path, group="huyen")
    assert path.stat().st_mode & 0o777 == 0o640
    assert json.loads(path.read_text(encoding="utf-8")) == itcriteria.submission_schema(BINHTHUAN, "huyen")
