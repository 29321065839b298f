"""Appraisal: the council's adjustments, recorded on top of a self-assessment and never overwriting it.

Each adjustment is a record (who, when, why, evidence) giving the appraised answer or the appraised
points of one sub-criterion. A correction is a new record: for each unit and criterion the latest
record (by date, then by order given) is in force, and the earlier ones stay as its history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import attrs
import cattrs

from .._core import base_converter, problems_from
from ..exceptions import Problem, SubmissionError
from ..model import Answer, Given, Submission, structure_answer


@attrs.frozen
class Adjustment:
    """The council's appraised ``answer`` or ``points`` for one sub-criterion of one unit.

    Exactly one of ``answer`` and ``points`` is given. ``by`` is who appraised, ``on`` when, ``reason``
    why, and ``evidence`` the minutes or document it rests on (biên bản thẩm định).
    """

    unit: str
    criterion: str
    reason: str
    by: str
    on: dt.date
    answer: Answer | None = None
    points: Decimal | None = None
    evidence: str = ""

    def __attrs_post_init__(self) -> None:
        if (self.answer is None) == (self.points is None):
            raise ValueError(
                f"appraisal of {self.unit} criterion {self.criterion}: give the appraised answer or "
                "the appraised points, not both and not neither"
            )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Adjustment:
        """Read the JSON shape (``answer`` as in forms: a value or numerator/denominator)."""
        try:
            return _converter.structure(data, cls)
        except cattrs.BaseValidationError as exc:
            raise SubmissionError("appraisal", problems_from(exc)) from None
        except ValueError as exc:
            raise SubmissionError("appraisal", [Problem("", str(exc))]) from None


@attrs.frozen
class AppraisalDifference:
    """A sub-criterion whose appraised points differ from the self-assessed ones, or that was adjusted.

    ``adjustment`` is the record in force (None when the points moved only because the cohort's best
    value moved); ``history`` the earlier records it corrected.
    """

    unit: str
    criterion: str
    self_points: Decimal
    appraised_points: Decimal
    self_given: Mapping[str, Given]
    appraised_given: Mapping[str, Given]
    adjustment: Adjustment | None
    history: tuple[Adjustment, ...] = ()

    @property
    def delta(self) -> Decimal:
        return self.appraised_points - self.self_points


def in_force(adjustments: Iterable[Adjustment]) -> dict[tuple[str, str], tuple[Adjustment, ...]]:
    """Per (unit, criterion), the records oldest first; the last one is in force."""
    ordered = sorted(enumerate(adjustments), key=lambda pair: (pair[1].on, pair[0]))
    result: dict[tuple[str, str], tuple[Adjustment, ...]] = {}
    for _, record in ordered:
        key = (record.unit, record.criterion)
        result[key] = (*result.get(key, ()), record)
    return result


def appraised(
    submission: Submission, records: Mapping[str, tuple[Adjustment, ...]]
) -> tuple[Submission, dict[str, Decimal]]:
    """The submission with the appraised answers in force, and the leaf points the council fixed.

    ``records`` are one unit's records by criterion id, oldest first. The self-assessment is left as
    it is: a new submission is returned.
    """
    answers = dict(submission.answers)
    fixed: dict[str, Decimal] = {}
    for criterion, history in records.items():
        record = history[-1]
        if record.answer is not None:
            evidence = record.answer.evidence or answers.get(criterion, Answer()).evidence
            answers[criterion] = attrs.evolve(record.answer, evidence=evidence)
        else:
            assert record.points is not None
            fixed[criterion] = record.points
    return attrs.evolve(submission, answers=answers), fixed


def _make_converter() -> cattrs.Converter:
    converter = base_converter()
    converter.register_structure_hook(Answer, structure_answer)
    return converter


_converter = _make_converter()
