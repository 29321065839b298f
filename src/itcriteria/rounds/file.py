"""Round files: a round as JSON (regime id, period, roster, forms inline or as files beside it, the
appraisal council's adjustments, dates), read into a :class:`~itcriteria.Round` with every problem
listed at once."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import cattrs

from .._core import base_converter, problems_from
from ..exceptions import Problem, SubmissionError
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
    "deadline": {...}}``; ``forms`` lists forms, or names of JSON files of forms read beside ``base``.
    """
    problems: list[Problem] = []
    data = dict(data)
    if regime is None:
        from ..registry import get_regime

        if "regime" not in data:
            raise SubmissionError("round", [Problem("regime", "required field missing", field="regime")])
        regime = get_regime(str(data["regime"]))
    submissions, origins = [], []
    for where, item in _forms(data.get("forms", []), base or Path.cwd(), regime, problems):
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


def _forms(given: object, base: Path, regime: Regime, problems: list[Problem]) -> list[tuple[str, Any]]:
    """Forms given inline, or as names of files beside the round file: a JSON list of forms, or one
    filled form each (xlsx, csv or json, read by :func:`itcriteria.read_form`), or a mix."""
    from ..forms import read_form_located

    items = given if isinstance(given, list) else [given]
    forms: list[tuple[str, Any]] = []
    for i, item in enumerate(items):
        if not isinstance(item, str):
            forms.append((f"forms[{i}]", item))
            continue
        path = base / item
        if path.suffix.lower() != ".json":
            try:
                form, unit_cell = read_form_located(path, regime)
                forms.append((unit_cell, form))
            except SubmissionError as err:
                problems.extend(within(f"forms[{i}]", err.problems))
            continue
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            problems.append(Problem(f"forms[{i}]", f"cannot read {path}: {err}", field="forms"))
            continue
        listed = loaded if isinstance(loaded, list) else [loaded]
        forms.extend((f"{item}[{j}]", form) for j, form in enumerate(listed))
    return forms


def load_round(path: str | os.PathLike[str]) -> Round:
    """Read a round file (JSON); a ``forms`` file it names is read beside it."""
    file = Path(path)
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except ValueError as err:
        raise SubmissionError(str(file), [Problem("", f"not valid JSON: {err}")]) from None
    return round_from_dict(data, base=file.parent)


@attrs.frozen
class _RoundFields:
    units: tuple[Unit, ...]
    period: str = ""
    deadline: Deadline | None = None
    window: Period | None = None


_converter = base_converter()
