"""Round files: a round as JSON (regime id, period, roster, forms inline or as files beside it, the
appraisal council's adjustments, dates), read into a :class:`~itcriteria.Round` with every problem
listed at once.

A round file may come from someone else, so the files it names are read only inside one folder (the
round file's, or the one the caller names): no absolute path, no ``..``, no symbolic link out of it,
regular files only and within the size limit; any other entry is refused, unopened, by name.
"""

from __future__ import annotations

import contextvars
import os
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import cattrs

from .._core import RefusedInput, base_converter, confined, limits, problems_from, read_bounded
from ..exceptions import Problem, SubmissionError
from ..forms import SkippedForm
from ..model import Deadline, Period, Submission, Unit, answer_field
from ..regimes import ConsistencyWarning, Regime, consistency_warnings
from ..scoring import within
from .appraisal import Adjustment
from .round import Round

#: A progress callback: ``progress(step, done, total)`` after each item of a long step
#: (``"reading"`` the forms), for a command line to draw a bar; it must not raise.
Progress = Callable[[str, int, int], None]

_GLOB = re.compile(r"[*?[]")


def round_from_dict(
    data: Mapping[str, Any],
    *,
    regime: Regime | None = None,
    base: Path | None = None,
    units: Sequence[Unit] | None = None,
    skip_invalid: bool = False,
    progress: Progress | None = None,
) -> Round:
    """Build a round from its JSON shape; raise SubmissionError listing every problem.

    ``{"regime": id, "period": "2019", "units": [...] or "roster": "units.xlsx", "forms": [...],
    "adjustments": [...], "deadline": {...}, "window": {...}}``; ``forms`` lists forms, or names of
    form files read inside the folder ``base`` (a name may be a glob, ``"forms/*.xlsx"``, matched
    inside ``base`` too; one matching nothing is a problem); without ``base`` a named form is a
    problem (only inline forms are read). The units are ``units`` when given, else the round's
    ``units`` or ``roster`` (a CSV or xlsx file inside ``base``, see :func:`itcriteria.read_roster`),
    else the units of the forms. The period, when not given, is the one every form states (forms
    stating different periods are a problem). With ``skip_invalid`` a form with problems is left out
    and listed in ``Round.skipped`` instead.
    """
    problems: list[Problem] = []
    data = dict(data)
    if regime is None:
        from ..registry import get_regime

        if "regime" not in data:
            raise SubmissionError("round", [Problem("regime", "required field missing", field="regime")])
        regime = get_regime(str(data["regime"]))
    read = _forms(data.get("forms", []), base, regime, problems, progress)
    submissions: list[Submission] = []
    origins: list[str] = []
    shown: list[str] = []
    skipped: list[SkippedForm] = []
    warnings: list[ConsistencyWarning] = []
    for entry in read:
        if entry.problems and skip_invalid:
            skipped.append(SkippedForm(entry.path or Path(entry.shown), entry.problems))
            continue
        problems.extend(entry.problems)
        if entry.form is not None:
            submissions.append(entry.form)
            origins.append(entry.where)
            shown.append(entry.shown)
            warnings.extend(entry.warnings)
    adjustments = []
    for i, item in enumerate(data.get("adjustments", [])):
        try:
            adjustments.append(Adjustment.from_dict(item))
        except SubmissionError as err:
            problems.extend(within(f"adjustments[{i}]", err.problems))
    fields = {k: data[k] for k in ("units", "period", "deadline", "window") if k in data}
    unknown = set(data) - {"regime", "forms", "adjustments", "roster", *fields}
    problems.extend(Problem(key, "unknown field", field=key) for key in sorted(unknown))
    if units is None and "roster" in data:
        if "units" in data:
            problems.append(Problem("roster", "give the units or a roster file, not both", field="roster"))
        units = _roster(data["roster"], base, regime, problems)
    try:
        parts = _converter.structure(fields, _RoundFields)
    except cattrs.BaseValidationError as exc:
        problems.extend(problems_from(exc))
        parts = None
    period = parts.period if parts is not None else ""
    if not period and "period" not in data:
        period = _common_period(submissions, shown, problems)
    if problems or parts is None:
        raise SubmissionError(f"round under {regime.id}", problems)
    if units is None:
        units = parts.units if "units" in data else _units_of(submissions)
    return Round(
        regime,
        tuple(units),
        tuple(submissions),
        tuple(adjustments),
        period,
        parts.deadline,
        parts.window,
        origins=tuple(origins),
        warnings=tuple(warnings),
        skipped=tuple(skipped),
    )


def round_from_folder(
    regime: Regime,
    folder: str | os.PathLike[str],
    *,
    units: Sequence[Unit] | None = None,
    period: str = "",
    deadline: Deadline | None = None,
    window: Period | None = None,
    adjustments: Sequence[Adjustment] = (),
    skip_invalid: bool = False,
    progress: Progress | None = None,
) -> Round:
    """A round of the filled forms in ``folder`` (every ``.xlsx``, ``.csv`` and ``.json`` file in it,
    not its subfolders), read under the same rules as a round file's: the units are ``units`` or the
    forms' own, the period ``period`` or the one every form states, the deadline and data window
    ``deadline`` and ``window`` or the regime's. A folder without forms is an error."""
    base = Path(folder)
    patterns = [name for name in _FOLDER_PATTERNS if any(base.glob(name))]
    if not patterns:
        message = f"no forms (.xlsx, .csv or .json files) in the folder {base}"
        raise SubmissionError(f"round under {regime.id}", [Problem(str(base), message, field="forms")])
    data: dict[str, Any] = {"forms": patterns}
    if period:
        data["period"] = period
    round_ = round_from_dict(
        data, regime=regime, base=base, units=units, skip_invalid=skip_invalid, progress=progress
    )
    return attrs.evolve(round_, adjustments=tuple(adjustments), deadline=deadline, window=window)


_FOLDER_PATTERNS = ("*.xlsx", "*.csv", "*.json")


@attrs.frozen
class _Entry:
    """One form of a round file's ``forms``: where it is named, the form or its problems, warnings."""

    where: str
    shown: str
    form: Submission | None = None
    problems: tuple[Problem, ...] = ()
    warnings: tuple[ConsistencyWarning, ...] = ()
    path: Path | None = None  # the form file, for a form read from one


def _forms(
    given: object, base: Path | None, regime: Regime, problems: list[Problem], progress: Progress | None
) -> list[_Entry]:
    """Forms given inline, or as names (or globs) of files inside ``base``: a JSON list of forms, or
    one filled form each (xlsx, csv or json, read by :func:`itcriteria.read_form`), or a mix."""
    items = _expanded(given if isinstance(given, list) else [given], base, problems)
    forms: list[_Entry] = []
    for done, (label, item) in enumerate(items, 1):
        forms.extend(_read_entry(label, item, base, regime))
        if progress is not None:
            progress("reading", done, len(items))
    return forms


def _expanded(items: list[Any], base: Path | None, problems: list[Problem]) -> list[tuple[str, Any]]:
    """The items with each glob replaced by the files it matches inside ``base``, in name order."""
    expanded: list[tuple[str, Any]] = []
    for i, item in enumerate(items):
        if not (isinstance(item, str) and base is not None and _GLOB.search(item)):
            expanded.append((f"forms[{i}]", item))
            continue
        try:
            confined(base, item)  # the pattern itself: relative, no '..'
        except RefusedInput as err:
            problems.append(Problem(f"forms[{i}]", f"not read: {err}", field="forms"))
            continue
        root = base.resolve()
        try:
            matches = sorted(
                path.absolute().relative_to(base.absolute()).as_posix()
                for path in base.glob(item)
                if path.is_symlink() or not path.is_dir()
            )
        except ValueError as err:  # "a/**b": '**' only as a whole component (found by fuzzing)
            problems.append(Problem(f"forms[{i}]", f"{item!r} is not a valid glob: {err}", field="forms"))
            continue
        matches = [name for name in matches if (root / name).resolve() != _ROUND_FILE.get()]
        if not matches:
            message = f"{item!r}: no file in {base} matches it"
            problems.append(Problem(f"forms[{i}]", message, field="forms"))
        expanded.extend((f"forms[{i}]", name) for name in matches)
    return expanded


def _read_entry(label: str, item: Any, base: Path | None, regime: Regime) -> list[_Entry]:
    from ..forms import load_json, read_form_located

    if not isinstance(item, str):
        return [_inline(label, label, item, regime)]
    if base is None:
        message = f"{item!r}: forms are given inline here, not as file names"
        return [_Entry(label, label, problems=(Problem(label, message, field="forms"),))]
    try:
        path = confined(base, item)
    except RefusedInput as err:
        refused = (Problem(label, f"not read: {err}", field="forms"),)
        return [_Entry(label, item, problems=refused, path=base / item)]
    if path.suffix.lower() != ".json":
        try:
            form, unit_cell, warnings = read_form_located(path, regime)
        except SubmissionError as err:
            return [_Entry(label, item, problems=tuple(within(label, err.problems)), path=path)]
        return [_Entry(unit_cell, item, form, warnings=warnings, path=path)]
    try:
        loaded = load_json(_text(path, item), item)
    except RefusedInput as err:
        refused = (Problem(label, f"not read: {err}", field="forms"),)
        return [_Entry(label, item, problems=refused, path=path)]
    except SubmissionError as err:
        return [_Entry(label, item, problems=tuple(within(label, err.problems)), path=path)]
    if not isinstance(loaded, list):  # one form: its answers named as a JSON form file's are
        return [attrs.evolve(_inline(item, item, loaded, regime, f"{item}!"), path=path)]
    return [
        attrs.evolve(_inline(f"{item}[{j}]", item, form, regime), path=path) for j, form in enumerate(loaded)
    ]


def _inline(where: str, shown: str, item: Any, regime: Regime, prefix: str = "") -> _Entry:
    try:
        form = item if isinstance(item, Submission) else Submission.from_dict(item)
    except SubmissionError as err:
        return _Entry(where, shown, problems=tuple(within(where, err.problems)))
    prefix = prefix or f"{where}."
    located = {(cid, field): f'{prefix}answers["{cid}"].{field}' for cid, field in _named(regime)}
    return _Entry(where, shown, form, warnings=consistency_warnings(regime, form, where=located))


def _named(regime: Regime) -> set[tuple[str, str]]:
    return {answer_field(entry) for check in regime.consistency for entry in check.fields}


def _roster(given: object, base: Path | None, regime: Regime, problems: list[Problem]) -> tuple[Unit, ...]:
    from ..forms import read_roster

    if not isinstance(given, str) or base is None:
        message = "the name of a roster file (.csv or .xlsx) beside the round file"
        problems.append(Problem("roster", message, field="roster"))
        return ()
    try:
        return read_roster(confined(base, given), regime, shown=given)
    except RefusedInput as err:
        problems.append(Problem("roster", f"not read: {err}", field="roster"))
    except SubmissionError as err:
        problems.extend(err.problems)
    return ()


def _common_period(forms: Sequence[Submission], shown: Sequence[str], problems: list[Problem]) -> str:
    """The period every form states ("" when none does), or a problem naming the forms of each."""
    by_period: dict[str, list[str]] = {}
    for form, name in zip(forms, shown, strict=True):
        if form.period:
            by_period.setdefault(form.period, []).append(name)
    if len(by_period) <= 1:
        return next(iter(by_period), "")
    listed = "; ".join(
        f"{period!r} in {', '.join(names[:5])}{', …' if len(names) > 5 else ''}"
        for period, names in by_period.items()
    )
    message = f"the forms are for different periods ({listed}); give the round's period"
    problems.append(Problem("period", message, field="period"))
    return ""


def _units_of(forms: Sequence[Submission]) -> tuple[Unit, ...]:
    """The units the forms name, each once (a second form of a unit is the round's problem)."""
    units: dict[str, Unit] = {}
    for form in forms:
        units.setdefault(form.unit.id, form.unit)
    return tuple(units.values())


#: The round file being read, left out of its own globs (``"*.json"`` beside it).
_ROUND_FILE: contextvars.ContextVar[Path | None] = contextvars.ContextVar("round_file", default=None)


def load_round(
    path: str | os.PathLike[str],
    *,
    forms_dir: str | os.PathLike[str] | None = None,
    skip_invalid: bool = False,
    progress: Progress | None = None,
) -> Round:
    """Read a round file (JSON); the form files it names are read inside its folder, or inside
    ``forms_dir`` when given, and nowhere else: names and globs of forms, a ``roster`` file. With
    ``skip_invalid`` a form with problems is left out and listed in ``Round.skipped``;
    ``progress(step, done, total)`` is called as each form is read (step ``"reading"``)."""
    from ..forms import load_json

    file = Path(path)
    try:
        data = load_json(_text(file, str(file), limits.MAX_ROUND_BYTES), str(file))
    except RefusedInput as err:
        raise _not_a_round_file(file, str(err).removeprefix(f"{file}: ")) from None
    except SubmissionError as err:  # not JSON, or nested or numbered beyond the limits
        raise _not_a_round_file(file, err.problems[0].message) from None
    if not isinstance(data, dict):
        raise _not_a_round_file(file, f"expected a JSON object, got {type(data).__name__}")
    base = Path(forms_dir) if forms_dir is not None else file.parent
    token = _ROUND_FILE.set(file.resolve())
    try:
        return round_from_dict(data, base=base, skip_invalid=skip_invalid, progress=progress)
    finally:
        _ROUND_FILE.reset(token)


def _not_a_round_file(file: Path, message: str) -> SubmissionError:
    """The error of a round file refused whole: one problem naming the file."""
    return SubmissionError(str(file), [Problem(str(file), f"not a round file: {message}")])


def _text(path: Path, shown: str, limit: int = limits.MAX_FORM_BYTES) -> str:
    data = read_bounded(path, limit=limit, shown=shown)
    try:
        return data.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError:
        raise RefusedInput(f"{shown}: not UTF-8 text") from None


@attrs.frozen
class _RoundFields:
    units: tuple[Unit, ...] = ()
    period: str = ""
    deadline: Deadline | None = None
    window: Period | None = None


_converter = base_converter()
