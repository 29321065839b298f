"""Consistency warnings: the checks across criteria a regime declares (``[[consistency]]``), applied to
one form. A form that breaks one is still scored; the warning names both answers, at their cells
(``form.xlsx!Phiếu!H12``) when the form came from a file, else by criterion id and field.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Literal

import attrs

from .._core import answer_number, check_lang
from ..model import ANSWER_FIELD_LABELS, Consistency, Ratio, Submission, Text, answer_field
from .regime import Regime


@attrs.frozen
class AnswerRef:
    """One answer a warning names: the criterion, the field, the value the form gives and its cell."""

    criterion: str
    field: str
    value: Decimal
    where: str | None = None

    def describe(self, regime: Regime, lang: str = "vi") -> str:
        """``tiêu chí 1.2, mẫu số “Tổng số máy tính” = 45 (form.xlsx!Phiếu!G12)``."""
        indicator = regime.criterion(self.criterion).indicator
        label: Text | None = getattr(indicator, "label", None)
        if isinstance(indicator, Ratio):
            label = indicator.numerator if self.field == "numerator" else indicator.denominator
        field = ANSWER_FIELD_LABELS[self.field].get(lang)
        named = f" “{label.get(lang)}”" if label is not None else ""
        value = f"{self.value:f}"
        if lang == "vi":
            value = value.replace(".", ",")
        at = f" ({self.where})" if self.where else ""
        what = "criterion" if lang == "en" else "tiêu chí"
        return f"{what} {self.criterion}, {field}{named} = {value}{at}"


@attrs.frozen
class ConsistencyWarning:
    """A form's two answers that break a regime's consistency check (``same`` or ``at_most``)."""

    unit: str
    kind: Literal["same", "at_most"]
    first: AnswerRef
    second: AnswerRef
    check: Consistency
    regime: Regime = attrs.field(repr=False, eq=False)

    def describe(self, lang: str = "vi") -> str:
        """The warning in words, naming both answers (Vietnamese, or English with ``lang="en"``)."""
        en = check_lang(lang) == "en"
        first, second = self.first.describe(self.regime, lang), self.second.describe(self.regime, lang)
        if self.kind == "same":
            text = (
                f"{first} differs from {second}; the two should be equal"
                if en
                else f"{first} khác {second}; hai số liệu này phải bằng nhau"
            )
        else:
            text = (
                f"{first} is above {second}, which it cannot exceed"
                if en
                else f"{first} lớn hơn {second}, không được vượt quá"
            )
        note = f" ({self.check.note.get(lang)})" if self.check.note is not None else ""
        return f"{self.unit}: {text}{note}"

    def __str__(self) -> str:
        return self.describe("vi")


def consistency_warnings(
    regime: Regime, form: Submission, *, where: Mapping[tuple[str, str], str] | None = None
) -> tuple[ConsistencyWarning, ...]:
    """The regime's consistency checks that ``form`` breaks, in the order declared.

    ``where`` maps ``(criterion id, field)`` to the cell holding that answer, for messages. Only the
    checks whose criteria the unit's group answers apply; an answer missing or not a number is left
    to reading and scoring to report.
    """
    if not regime.consistency:
        return ()
    found: list[ConsistencyWarning] = []
    located = where or {}
    answered = {leaf.id for leaf in regime.leaves(form.unit.group)}
    for check in regime.consistency:
        answers = [_answer(form, entry, answered, located) for entry in check.fields]
        given = [answer for answer in answers if answer is not None]
        if check.same:
            found.extend(
                ConsistencyWarning(form.unit.id, "same", given[0], other, check, regime)
                for other in given[1:]
                if other.value != given[0].value
            )
        elif len(given) == 2 == len(answers) and given[0].value > given[1].value:
            found.append(ConsistencyWarning(form.unit.id, "at_most", given[0], given[1], check, regime))
    return tuple(found)


def _answer(
    form: Submission, entry: str, answered: set[str], where: Mapping[tuple[str, str], str]
) -> AnswerRef | None:
    cid, field = answer_field(entry)
    if cid not in answered:  # not a sub-criterion of the unit's group
        return None
    answer = form.answers.get(cid)
    value = getattr(answer, field, None) if answer is not None else None
    if value is None or isinstance(value, bool):
        return None
    try:
        number = Decimal(answer_number(value))
    except (TypeError, ValueError, ArithmeticError):
        return None
    return AnswerRef(cid, field, number, where.get((cid, field)))
