"""Reading filled forms: an Excel template filled in, a CSV form or a JSON form in, a checked
:class:`~itcriteria.Submission` out, or every problem of the file at once.

The format comes from the suffix (``.xlsx``, ``.csv``, ``.json``; see :mod:`itcriteria._form_sources` for
the CSV layout). Every value is checked against the regime as scoring would check it, so a form read
here scores without error; each problem names the file and the cell (``form.xlsx!Phiếu!H24``,
``form.csv!C12``, ``form.json!answers["1.1"].numerator``), the criterion id and the field. Values are
read as :mod:`itcriteria._form_values` says: numbers with a decimal comma or point and never a thousands
separator, yes/no in Vietnamese or English, choice levels by id or title, unit groups by id or title,
dates as real date cells, dd/mm/yyyy or ISO. The date the form was sent is required, for the deadline.

Reading is pure: nothing is written, and the regime is not changed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from ..exceptions import Problem, SubmissionError
from ..model import Answer, Choice, Criterion, Ratio, Submission, Unit
from ..regimes import ConsistencyWarning, Regime
from ..scoring import READERS, missing
from . import values
from .consistency import located_warnings
from .sources import Cell, RawForm, not_a_form, read_csv, read_json
from .xlsx import read_xlsx

_FORMATS: dict[str, Callable[[Path, str], RawForm]] = {
    ".xlsx": read_xlsx,
    ".csv": read_csv,
    ".json": read_json,
}
_INPUTS = ("numerator", "denominator", "value")


@attrs.frozen
class SkippedForm:
    """A form left out of a batch, and every problem that kept it out."""

    path: Path
    problems: tuple[Problem, ...]

    def __str__(self) -> str:
        noun = "problem" if len(self.problems) == 1 else "problems"
        lines = "".join(f"\n  - {problem}" for problem in self.problems)
        return f"{self.path}: {len(self.problems)} {noun}:{lines}"


@attrs.frozen
class FormBatch:
    """The forms of a batch that were read, in the order given, with the file each came from
    (``paths[i]`` holds ``forms[i]``), the forms skipped with their problems, and the regime's
    consistency warnings about the forms read (each naming its two cells)."""

    forms: tuple[Submission, ...]
    paths: tuple[Path, ...]
    skipped: tuple[SkippedForm, ...] = ()
    warnings: tuple[ConsistencyWarning, ...] = ()


def read_form(path: str | os.PathLike[str], regime: Regime) -> Submission:
    """Read one filled form (``.xlsx``, ``.csv`` or ``.json``) of ``regime`` and check every value.

    Returns the :class:`~itcriteria.Submission`, answers converted (numbers as int or Decimal, yes/no as
    booleans, levels as ids), ready for ``regime.score`` or ``regime.score_all``. Raises
    :class:`~itcriteria.SubmissionError` listing every problem of the file, each naming the file, the
    cell, the criterion and the field; a file that is not a form of this regime (another regime, an
    unknown template version, not a workbook) gets one problem saying so.
    """
    return _read(path, regime)[0]


def read_forms(
    paths: Iterable[str | os.PathLike[str]], regime: Regime, *, skip_invalid: bool = False
) -> FormBatch:
    """Read a batch of filled forms of ``regime``, in the order given.

    Every bad form is found: by default one :class:`~itcriteria.SubmissionError` lists the problems of
    all of them; with ``skip_invalid`` the good forms are returned and ``FormBatch.skipped`` holds each
    bad file with its problems. A second form from the same unit is a problem of the later file.
    ``paths`` is consumed once, lazily, so it may be a progress bar wrapping the list. The regime's
    consistency warnings about the forms read are in ``FormBatch.warnings``, each naming its cells.
    """
    forms: list[Submission] = []
    read: list[Path] = []
    skipped: list[SkippedForm] = []
    first: dict[str, str] = {}
    warnings: list[ConsistencyWarning] = []
    for given in paths:
        path = Path(given)
        try:
            form, unit_where, found = _read(given, regime)
        except SubmissionError as error:
            skipped.append(SkippedForm(path, error.problems))
            continue
        if form.unit.id in first:
            message = f"a second form from unit {form.unit.id} (the first is {first[form.unit.id]})"
            skipped.append(SkippedForm(path, (Problem(unit_where, message, field="unit.id"),)))
            continue
        first[form.unit.id] = os.fspath(given)
        forms.append(form)
        read.append(path)
        warnings.extend(found)
    if skipped and not skip_invalid:
        total = len(forms) + len(skipped)
        subject = f"batch of {total} forms under {regime.id} ({len(skipped)} not read)"
        raise SubmissionError(subject, [problem for form in skipped for problem in form.problems])
    return FormBatch(tuple(forms), tuple(read), tuple(skipped), tuple(warnings))


def read_form_located(
    path: str | os.PathLike[str], regime: Regime
) -> tuple[Submission, str, tuple[ConsistencyWarning, ...]]:
    """:func:`read_form`, with where the form names its unit (``file!sheet!cell``), for messages, and
    the regime's consistency warnings about it."""
    return _read(path, regime)


def _read(
    path: str | os.PathLike[str], regime: Regime
) -> tuple[Submission, str, tuple[ConsistencyWarning, ...]]:
    source = os.fspath(path)
    suffix = Path(source).suffix.lower()
    reader = _FORMATS.get(suffix)
    if reader is None:
        shown = f"{suffix!r}" if suffix else "no suffix"
        raise not_a_form(source, f"not a form file ({shown}): forms are .xlsx, .csv or .json")
    raw = reader(Path(source), source)
    form, unit_where = _Check(raw, regime).submission()
    return form, unit_where, located_warnings(regime, form, raw)


class _Check:
    """Checks a form's cells against the regime, gathering every problem."""

    def __init__(self, raw: RawForm, regime: Regime) -> None:
        self.raw, self.regime = raw, regime
        self.problems: list[Problem] = list(raw.problems)

    def submission(self) -> tuple[Submission, str]:
        raw, regime = self.raw, self.regime
        stated = raw.fields.get("regime")
        if (
            stated is not None
            and not values.is_blank(stated.value)
            and str(stated.value).strip() != regime.id
        ):
            message = f"this is a form of regime {str(stated.value).strip()!r}, not {regime.id!r}"
            raise SubmissionError(raw.source, [Problem(stated.where, message, field="regime")])
        unit_id = self._field("unit.id", values.unit_id, required=True)
        name = self._field("unit.name", values.text, required=True)
        group = self._field("unit.group", lambda value: values.group(regime, value), required=True)
        parent = self._field("unit.parent", values.unit_id)
        period = self._field("period", values.text)
        submitted = self._field("submitted", values.day, required=True)
        answers = self._answers(group)
        if self.problems:
            raise SubmissionError(raw.source, self.problems)
        assert isinstance(unit_id, str) and isinstance(name, str) and isinstance(group, str)
        unit = Unit(unit_id, name, group, parent or None)
        form = Submission(unit, answers, period=period or "", submitted=submitted, regime=regime.id)
        where = raw.fields["unit.id"].where if "unit.id" in raw.fields else raw.source
        return form, where

    def _field(self, field: str, read: Callable[[object], Any], *, required: bool = False) -> Any:
        cell = self.raw.fields.get(field)
        if cell is None or values.is_blank(cell.value):
            if required:
                where = cell.where if cell is not None else self.raw.source
                self.problems.append(Problem(where, f"required field {field} missing", field=field))
            return None
        try:
            return read(cell.value)
        except ValueError as error:
            self.problems.append(Problem(cell.where, str(error), field=field))
            return None

    def _answers(self, group: str | None) -> dict[str, Answer]:
        raw, regime = self.raw, self.regime
        answers: dict[str, Answer] = {}
        leaves = regime.leaves(group) if group is not None else ()
        ours = {leaf.id for leaf in leaves}
        reported = {problem.criterion for problem in raw.problems}  # a malformed answer is not also missing
        for leaf in leaves:  # official order
            cells = raw.answers.get(leaf.id)
            if cells is None:
                if leaf.id in reported:
                    continue
                problem = missing(leaf)
                self.problems.append(attrs.evolve(problem, where=raw.absent_where(leaf.id)))
                continue
            answer = self._answer(leaf, cells)
            if answer is not None:
                answers[leaf.id] = answer
        for cid, cells in raw.answers.items():  # what the unit's group does not answer, last
            if cid not in ours:
                self._other(cid, cells, group)
        return answers

    def _other(self, cid: str, cells: Mapping[str, Cell], group: str | None) -> None:
        filled = [(field, cell) for field, cell in cells.items() if not values.is_blank(cell.value)]
        where = self.raw.rows[cid]
        try:
            criterion = self.regime.criterion(cid)
        except KeyError:
            self.problems.append(
                Problem(where, f"regime {self.regime.id} has no criterion {cid!r}", cid, "id")
            )
            return
        if not filled:
            return  # a row of another group's sub-criterion, left empty as it should be
        if not criterion.is_leaf:
            children = ", ".join(child.id for child in criterion.children)
            message = f"criterion {cid} is scored by its sub-criteria ({children}); answer those"
            self.problems.append(Problem(where, message, cid, "id"))
        elif group is None:
            self._answer(criterion, cells)  # the unit's group is not known: check what was filled in
        else:
            field, cell = filled[0]
            message = f"sub-criterion {cid} is not for unit group {group!r}: leave it empty"
            self.problems.append(Problem(cell.where, message, cid, field))

    def _answer(self, criterion: Criterion, cells: Mapping[str, Cell]) -> Answer | None:
        """The answer of one sub-criterion, or None after recording its problems."""
        indicator = criterion.indicator
        assert indicator is not None
        found: list[Problem] = []
        given: dict[str, Any] = {}
        settled: set[str] = set()  # fields already reported here; the regime's reader need not repeat
        for field in _INPUTS:
            cell = cells.get(field)
            if cell is None or values.is_blank(cell.value):
                if field in indicator.fields:
                    where = cell.where if cell is not None else self.raw.rows[criterion.id]
                    found.append(Problem(where, _missing(criterion, field), criterion.id, field))
                    settled.add(field)
                continue
            try:
                given[field] = self._value(criterion, field, cell.value)
            except ValueError as error:
                found.append(Problem(cell.where, str(error), criterion.id, field))
                settled.add(field)
        for field in ("evidence", "note"):
            cell = cells.get(field)
            if cell is not None and not values.is_blank(cell.value):
                try:
                    given[field] = values.free_text(cell.value)
                except ValueError as error:
                    found.append(Problem(cell.where, str(error), criterion.id, field))
        answer = Answer(**given)
        checked: list[Problem] = []
        READERS[indicator.kind](criterion, answer, checked)
        for problem in checked:
            if problem.field not in settled:
                cell = cells.get(problem.field or "")
                where = cell.where if cell is not None else self.raw.rows[criterion.id]
                found.append(attrs.evolve(problem, where=where))
        self.problems.extend(found)
        return None if found else answer

    def _value(self, criterion: Criterion, field: str, value: object) -> object:
        indicator = criterion.indicator
        assert indicator is not None
        if field not in indicator.fields:
            return value  # the regime's reader says which fields this sub-criterion takes
        if indicator.kind == "yes_no":
            return values.yes_no(value)
        if isinstance(indicator, Choice):
            return values.level(indicator, value)
        return values.number(value)


def _missing(criterion: Criterion, field: str) -> str:
    indicator = criterion.indicator
    if isinstance(indicator, Ratio):
        label = indicator.numerator if field == "numerator" else indicator.denominator
        return f"missing {field} ({label.vi})"
    assert indicator is not None and hasattr(indicator, "label")
    return f"missing value ({indicator.label.vi}) of “{criterion.title.vi}”"
