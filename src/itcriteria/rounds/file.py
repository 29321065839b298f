"""Round files: a round as JSON (regime id, period, roster, forms inline or as files beside it, the
appraisal council's adjustments, dates), read into a :class:`~itcriteria.Round` with every problem
listed at once.

A round file may come from someone else, so the files it names are read only inside one folder (the
round file's, or the one the caller names): no absolute path, no ``..``, no symbolic link out of it,
regular files only and within the size limit; any other entry is refused, unopened, by name.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import cattrs

from .._core import RefusedInput, base_converter, confined, limits, problems_from, read_bounded
from ..exceptions import ItcriteriaError, Problem, SubmissionError
from ..model import Deadline, Period, Submission, Unit
from ..regimes import Regime
from ..scoring import within
from .appraisal import Adjustment
from .round import Round


def round_from_dict(
    data: Mapping[str, Any], *, regime: Regime | None = None, base: Path | None = None
) -> Round:
    """Build a round from its JSON shape; raise SubmissionError listing every problem.

    ``{"regime": id, "period": "2019", "units": [...], "forms": [...], "adjustments": [...],
    "deadline": {...}}``; ``forms`` lists forms, or names of form files read inside the folder
    ``base``; without ``base`` a named form is a problem (only inline forms are read).
    """
    problems: list[Problem] = []
    data = dict(data)
    if regime is None:
        from ..registry import get_regime

        if "regime" not in data:
            raise SubmissionError("round", [Problem("regime", "required field missing", field="regime")])
        regime = get_regime(str(data["regime"]))
    submissions, origins = [], []
    for where, item in _forms(data.get("forms", []), base, regime, problems):
        try:
            submissions.append(item if isinstance(item, Submission) else Submission.from_dict(item))
            origins.append(where)
        except SubmissionError as err:
            problems.extend(within(where, err.problems))
    adjustments = []
    for i, item in enumerate(data.get("adjustments", [])):
        try:
            adjustments.append(Adjustment.from_dict(item))
        except SubmissionError as err:
            problems.extend(within(f"adjustments[{i}]", err.problems))
    fields = {k: data[k] for k in ("units", "period", "deadline", "window") if k in data}
    unknown = set(data) - {"regime", "forms", "adjustments", *fields}
    problems.extend(Problem(key, "unknown field", field=key) for key in sorted(unknown))
    try:
        parts = _converter.structure(fields, _RoundFields)
    except cattrs.BaseValidationError as exc:
        problems.extend(problems_from(exc))
        parts = None
    if problems or parts is None:
        raise SubmissionError(f"round under {regime.id}", problems)
    return Round(
        regime,
        parts.units,
        tuple(submissions),
        tuple(adjustments),
        parts.period,
        parts.deadline,
        parts.window,
        origins=tuple(origins),
    )


def _forms(
    given: object, base: Path | None, regime: Regime, problems: list[Problem]
) -> list[tuple[str, Any]]:
    """Forms given inline, or as names of files inside ``base``: a JSON list of forms, or one filled
    form each (xlsx, csv or json, read by :func:`itcriteria.read_form`), or a mix."""
    from ..forms import load_json, read_form_located

    items = given if isinstance(given, list) else [given]
    forms: list[tuple[str, Any]] = []
    for i, item in enumerate(items):
        if not isinstance(item, str):
            forms.append((f"forms[{i}]", item))
            continue
        if base is None:
            message = f"{item!r}: forms are given inline here, not as file names"
            problems.append(Problem(f"forms[{i}]", message, field="forms"))
            continue
        try:
            path = confined(base, item)
        except RefusedInput as err:
            problems.append(Problem(f"forms[{i}]", f"not read: {err}", field="forms"))
            continue
        if path.suffix.lower() != ".json":
            try:
                form, unit_cell = read_form_located(path, regime)
                forms.append((unit_cell, form))
            except SubmissionError as err:
                problems.extend(within(f"forms[{i}]", err.problems))
            continue
        try:
            loaded = load_json(_text(path, item), item)
        except RefusedInput as err:
            problems.append(Problem(f"forms[{i}]", f"not read: {err}", field="forms"))
            continue
        except SubmissionError as err:
            problems.extend(within(f"forms[{i}]", err.problems))
            continue
        listed = loaded if isinstance(loaded, list) else [loaded]
        forms.extend((f"{item}[{j}]", form) for j, form in enumerate(listed))
    return forms


def load_round(path: str | os.PathLike[str], *, forms_dir: str | os.PathLike[str] | None = None) -> Round:
    """Read a round file (JSON); the form files it names are read inside its folder, or inside
    ``forms_dir`` when given, and nowhere else."""
    from ..forms import load_json

    file = Path(path)
    try:
        data = load_json(_text(file, str(file), limits.MAX_ROUND_BYTES), str(file))
    except RefusedInput as err:
        raise ItcriteriaError(f"round file {err}") from None
    except SubmissionError as err:
        raise ItcriteriaError(f"round file {err.problems[0]}") from None
    if not isinstance(data, dict):
        raise ItcriteriaError(f"round file {file}: expected a JSON object, got {type(data).__name__}")
    return round_from_dict(data, base=Path(forms_dir) if forms_dir is not None else file.parent)


def _text(path: Path, shown: str, limit: int = limits.MAX_FORM_BYTES) -> str:
    data = read_bounded(path, limit=limit, shown=shown)
    try:
        return data.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError:
        raise RefusedInput(f"{shown}: not UTF-8 text") from None


@attrs.frozen
class _RoundFields:
    units: tuple[Unit, ...]
    period: str = ""
    deadline: Deadline | None = None
    window: Period | None = None


_converter = base_converter()
