"""The rule language written for people: a leaf's scoring rule in words, and the language's reference tables.

:func:`scoring` sets a leaf's rule in words (phrased by ``regimes.phrase_rule``, which the diff of two
regimes shares) as the book's blocks: a sentence, and a table of thresholds or levels; the rule itself,
as code, only when no phrasing fits (a function a plugin registers, ``**``, ``//``).
:func:`language_table` renders the rule language's allow-list (operators, functions, inputs, limits) as
tables, for the expression reference.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Sequence

import attrs

from .. import expressions
from ..exceptions import ArgumentError
from ..model import (
    INDICATOR_KINDS,
    Choice,
    Count,
    Criterion,
    Indicator,
    Lang,
    Number,
    Ratio,
    Text,
    YesNo,
    rule_inputs,
)
from ..regimes import phrase_rule
from ..rules import BUILTINS
from .document import Code, Inline, Line, Paragraph, Strong, Table, _plain
from .words import _WORDS, _lang

# --- Scoring rules in words -------------------------------------------------------------------------


def scoring(criterion: Criterion, lang: str = "vi") -> tuple[Paragraph | Table, ...]:
    """How a leaf is scored, for people: a sentence, and a table for thresholds or levels.

    The rule as written is shown only when no phrasing fits (see the module docstring).
    """
    checked = _lang(lang)
    sentence, table = _phrase(criterion, checked)
    blocks: list[Paragraph | Table] = [Paragraph((Strong(f"{_WORDS[checked]['scoring']}: "), *sentence))]
    if table is not None:
        blocks.append(table)
    return tuple(blocks)


def rule_summary(criterion: Criterion, lang: str = "vi") -> Line:
    """How a leaf is scored, on one line (thresholds listed): for change tables."""
    sentence, table = _phrase(criterion, _lang(lang))
    if table is None:
        return sentence
    rows = "; ".join(f"{_plain(row[0])}: {_plain(row[-1])}" for row in table.rows)
    return (*sentence, " ", rows) if sentence else (rows,)


def _phrase(criterion: Criterion, lang: Lang) -> tuple[Line, Table | None]:
    """The rule in words as a line of the book and its table; the rule as written set as code."""
    phrase = phrase_rule(criterion, lang)
    if phrase.as_written is not None:
        return (Strong(f"{_WORDS[lang]['rule_as_written']}: "), Code(phrase.as_written)), None
    table = phrase.table
    if table is None:
        return phrase.sentence, None
    rows = tuple(tuple((cell,) for cell in row) for row in table.rows)
    return phrase.sentence, Table(table.kind, table.header, rows)


# --- The rule language's allow-list as tables -------------------------------------------------------

LANGUAGE_TABLES = ("operators", "functions", "inputs", "limits")


def language_table(kind: str) -> Table:
    """One table of the rule language's reference, generated from the allow-list itself:

    ``operators`` (:data:`itcriteria.expressions.OPERATORS`), ``functions``
    (:data:`itcriteria.expressions.FUNCTIONS`, with the call each takes and its docstring), ``inputs``
    (the names a rule of each indicator kind may use) or ``limits``
    (:class:`itcriteria.expressions.ExpressionLimits` and its defaults). In English.
    """
    rows: tuple[tuple[Line, ...], ...]
    if kind == "operators":
        rows = tuple(((Code(op),), _inline_code(meaning)) for op, meaning in expressions.OPERATORS.items())
        return Table("operators", ("Operator", "Meaning"), rows)
    if kind == "functions":
        rows = tuple(
            ((Code(name),), (Code(BUILTINS[name][1].usage.split(": ")[-1]),), _inline_code(_doc(function)))
            for name, function in sorted(expressions.FUNCTIONS.items())
        )
        return Table("functions", ("Function", "Call", "What it does"), rows)
    if kind == "inputs":
        rows = tuple(
            (
                (Code(kind_),),
                _join_code(rule_inputs(_sample(kind_))),
                (Code(cls.default_rule),) if cls.default_rule else ("none: the regime gives the rule",),
            )
            for kind_, cls in INDICATOR_KINDS.items()
        )
        return Table("inputs", ("Indicator kind", "Names a rule may use", "Default rule"), rows)
    if kind == "limits":
        limits = expressions.LIMITS
        rows = tuple(
            ((Code(field.name),), (str(getattr(limits, field.name)),))
            for field in attrs.fields(expressions.ExpressionLimits)
        )
        return Table("limits", ("Limit", "Default"), rows)
    raise ArgumentError(f"no language table {kind!r}; use one of {', '.join(LANGUAGE_TABLES)}")


def _sample(kind: str) -> Indicator:
    """An indicator of ``kind``, to ask it the names its rules may use."""
    label = Text("x")
    samples: dict[str, Indicator] = {
        "ratio": Ratio(label, label),
        "count": Count(label),
        "yes_no": YesNo(label),
        "choice": Choice(label, ()),
        "number": Number(label),
    }
    return samples[kind]


def _doc(function: object) -> str:
    """A docstring on one line."""
    return " ".join((inspect.getdoc(function) or "").split())


def _inline_code(text: str) -> Line:
    """Text with its ``double-backquoted`` parts as code."""
    parts: list[Inline] = []
    for i, piece in enumerate(re.split(r"``(.+?)``", text)):
        if piece:
            parts.append(Code(piece) if i % 2 else piece)
    return tuple(parts)


def _join_code(names: Sequence[str]) -> Line:
    parts: list[Inline] = []
    for i, name in enumerate(names):
        if i:
            parts.append(", ")
        parts.append(Code(name))
    return tuple(parts)
