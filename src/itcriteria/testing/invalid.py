"""A Hypothesis strategy for forms with exactly one defect, each with the problem it must be refused for.

Public through :mod:`itcriteria.testing`.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import strategies as st

from ..exceptions import SubmissionError
from ..model import Choice, Criterion, Number, Ratio
from ..regimes import Regime
from .form_strategies import submissions

_MISSING = object()
_NOT_NUMBERS = ["x", "", "NaN", "Infinity", "1.830", "1_830", "1e3", "1" * 29, "mười"]  # "1.830": ambiguous


@attrs.frozen
class InvalidSubmission:
    """A form with one defect (``defect`` says which) and the problem its SubmissionError must name.

    ``criterion`` and ``field`` are those of that problem (``"2.1"`` and ``"numerator"``); a problem of
    the form itself (an unknown unit group) has no criterion, and ``field`` is then its path
    (``"unit.group"``).
    """

    submission: dict[str, Any]
    criterion: str | None
    field: str
    defect: str

    def matches(self, error: SubmissionError) -> bool:
        """Whether ``error`` lists the expected problem (among any others)."""
        for problem in error.problems:
            if self.criterion is None:
                if problem.criterion is None and (
                    problem.where == self.field or problem.where.endswith("." + self.field)
                ):
                    return True
            elif problem.criterion == self.criterion and problem.field == self.field:
                return True
        return False

    def assert_rejected(self, regime: Regime) -> SubmissionError:
        """Score the form (as a cohort of one) and assert it is refused for the expected problem."""
        try:
            regime.score_all([self.submission])
        except SubmissionError as err:
            if self.matches(err):
                return err
            expected = f"criterion {self.criterion}, field {self.field}" if self.criterion else self.field
            raise AssertionError(f"{self.defect}: expected a problem at {expected}, got {err}") from err
        raise AssertionError(f"{self.defect}: the form was accepted")


def _leaf_defects(criterion: Criterion) -> list[st.SearchStrategy[tuple[object, str, str]]]:
    """(answer or _MISSING, field, defect) for one sub-criterion."""
    indicator = criterion.indicator
    assert indicator is not None
    numbers = st.integers(0, 1000)
    texts = st.sampled_from(_NOT_NUMBERS)
    options = [st.just((_MISSING, indicator.fields[0], "no answer"))]
    if isinstance(indicator, Ratio):

        def ratio(n: object, d: object) -> dict[str, object]:
            return {"numerator": n, "denominator": d}

        options += [
            st.tuples(numbers, st.integers(1, 50)).map(
                lambda t: (ratio(t[0] + t[1], t[0]), "numerator", "numerator above the denominator")
            ),
            st.tuples(st.integers(1, 50), numbers).map(
                lambda t: (ratio(-t[0], t[1]), "numerator", "negative numerator")
            ),
            st.integers(1, 50).map(lambda k: (ratio(0, -k), "denominator", "negative denominator")),
            st.tuples(texts, numbers).map(
                lambda t: (ratio(t[0], t[1]), "numerator", "numerator not a number")
            ),
            numbers.map(lambda n: ({"numerator": n}, "denominator", "no denominator")),
            numbers.map(lambda n: (n, "value", "a ratio answered with one value")),
        ]
        if indicator.zero_denominator == "error":
            options.append(
                st.just((ratio(0, 0), "denominator", "zero denominator the regime does not allow"))
            )
        return options
    shaped = st.just(({"numerator": 1, "denominator": 2}, "numerator", "answered as a ratio"))
    if isinstance(indicator, Choice):
        levels = {level.id for level in indicator.levels}
        unknown = next(
            f"khong-co-muc-{i}" for i in range(len(levels) + 1) if f"khong-co-muc-{i}" not in levels
        )
        return [
            *options,
            shaped,
            st.sampled_from([unknown, 1, True]).map(lambda v: (v, "value", "not a level")),
        ]
    if isinstance(indicator, Number):
        options += [
            texts.map(lambda v: (v, "value", "not a number")),
            st.just((True, "value", "yes/no value")),
        ]
        if indicator.min is not None:
            options.append(st.just((indicator.min - 1, "value", "below the minimum")))
        if indicator.max is not None:
            options.append(st.just((indicator.max + Decimal("0.001"), "value", "above the maximum")))
        return [*options, shaped]
    if indicator.kind == "count":
        return [
            *options,
            shaped,
            st.sampled_from(["2.5", Decimal("0.1"), -1, True, "nhiều"]).map(
                lambda v: (v, "value", "not a count")
            ),
        ]
    return [
        *options,
        shaped,
        st.sampled_from(["maybe", 2, -1, ""]).map(lambda v: (v, "value", "not yes or no")),
    ]


def invalid_submissions(regime: Regime, group: str | None = None) -> st.SearchStrategy[InvalidSubmission]:
    """Forms for ``regime`` (of ``group``, or any group) with exactly one defect, each paired with the
    problem its SubmissionError must name.

    Defects: a missing answer; per kind, answers that are not numbers, negative, fractional counts,
    numerators above denominators, zero denominators the regime does not allow, values outside a
    number's bounds, unknown levels, yes/no answers that are neither, answers of the wrong shape; and
    for the form, an answer to an unknown criterion, to a criterion with sub-criteria, to a
    sub-criterion of another group, an unknown unit group and another regime's id. Check one with
    ``bad.assert_rejected(regime)``.
    """
    valid = submissions(regime, group)
    known = {c.id for c in regime.walk()}
    unknown_id = next(f"9{i}.9" for i in range(len(known) + 1) if f"9{i}.9" not in known)

    @st.composite
    def spoiled(draw: st.DrawFn) -> InvalidSubmission:
        form = copy.deepcopy(draw(valid))
        own = form["unit"]["group"]
        answers: dict[str, Any] = form["answers"]
        parents = [c.id for c in regime.walk(own) if not c.is_leaf]
        others = sorted({c.id for c in regime.leaves()} - set(answers))
        kinds = ["leaf", "leaf", "leaf", "unknown criterion", "unknown group", "other regime"]
        kinds += ["parent"] * bool(parents) + ["other group"] * bool(others)
        kind = draw(st.sampled_from(kinds))
        if kind == "leaf":
            criterion = regime.criterion(draw(st.sampled_from(sorted(answers))))
            answer, field, defect = draw(st.one_of(_leaf_defects(criterion)))
            if answer is _MISSING:
                del answers[criterion.id]
            else:
                answers[criterion.id] = answer
            return InvalidSubmission(form, criterion.id, field, f"{criterion.id}: {defect}")
        if kind == "unknown group":
            form["unit"]["group"] = "khong-co-nhom"
            return InvalidSubmission(form, None, "unit.group", "an unknown unit group")
        if kind == "other regime":
            form["regime"] = regime.id + "-khac"
            return InvalidSubmission(form, None, "regime", "the form names another regime")
        cid = {"unknown criterion": unknown_id, "parent": None, "other group": None}[kind]
        if cid is None:
            cid = draw(st.sampled_from(parents if kind == "parent" else others))
        answers[cid] = 1
        return InvalidSubmission(form, cid, "id", f"an answer to {kind} {cid}")

    return spoiled()
