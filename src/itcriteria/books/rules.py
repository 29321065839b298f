"""The rule language written for people: a leaf's scoring rule in words, and the language's reference tables.

:func:`scoring` phrases a leaf's rule: ``steps`` becomes a table of thresholds, ``per_item`` a sentence,
a choice's ``fraction * max_points`` a table of levels, arithmetic a formula with the inputs' labels; the
rule itself is shown only when no phrasing fits (a function a plugin registers, ``**``, ``//``).
:func:`language_table` renders the rule language's allow-list (operators, functions, inputs, limits) as
tables, for the expression reference.
"""

from __future__ import annotations

import ast
import inspect
import re
from collections.abc import Sequence
from decimal import Decimal

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
    Rounding,
    RoundingMode,
    Text,
    YesNo,
    rule_inputs,
)
from ..rules import BUILTINS, rule_tree
from .document import Code, Inline, Line, Paragraph, Strong, Table, _plain
from .words import _WORDS, _lang, capital, number, percent

# --- Scoring rules in words -------------------------------------------------------------------------


class _NoWords(Exception):
    """The rule has a part with no phrasing: show the rule as written."""


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
    w = _WORDS[lang]
    source = criterion.effective_rule
    indicator = criterion.indicator
    if source is None or indicator is None:
        return (w["none"],), None
    try:
        node = rule_tree(source).body
        return _Phrasing(criterion, indicator, lang).rule(node)
    except (_NoWords, SyntaxError, ValueError, ArithmeticError):
        return (Strong(f"{w['rule_as_written']}: "), Code(source.strip())), None


@attrs.frozen
class _Phrasing:
    criterion: Criterion
    indicator: Indicator
    lang: Lang

    @property
    def w(self) -> dict[str, str]:
        return _WORDS[self.lang]

    def num(self, value: Decimal) -> str:
        return number(value, self.lang)

    def rule(self, node: ast.expr) -> tuple[Line, Table | None]:
        w = self.w
        constant = _literal(node)
        if constant is not None:
            text = w["not_scored"] if constant == 0 else w["always"].format(points=self.num(constant))
            return (text,), None
        if _call(node, "steps"):
            return self.steps(node)
        if _call(node, "per_item") and isinstance(node, ast.Call):
            return self.per_item(node)
        if isinstance(self.indicator, YesNo) and isinstance(node, ast.IfExp) and _name(node.test) == "yes":
            yes, no = self.value(node.body), self.value(node.orelse)
            return (w["yes_no"].format(yes=self.num(yes), no=self.num(no)),), None
        if isinstance(self.indicator, Choice) and _is_product(node, "fraction", "max_points"):
            return self.levels(self.indicator)
        return (w["formula"].format(formula=self.words(node)),), None

    def value(self, node: ast.expr) -> Decimal:
        """A number written in the rule, or max_points."""
        if _name(node) == "max_points":
            return self.criterion.max
        literal = _literal(node)
        if literal is None:
            raise _NoWords
        return literal

    def subject(self, name: str) -> str:
        """How an input is called in a sentence or a table header."""
        w, indicator = self.w, self.indicator
        if name == "ratio":
            return w["ratio"]
        if name == "max_points":
            return self.num(self.criterion.max)
        if name == "best":
            return w["best"]
        if name == "fraction":
            return w["fraction"]
        if name == "level":
            return w["level_no"]
        if isinstance(indicator, Ratio) and name in ("numerator", "denominator"):
            label = indicator.numerator if name == "numerator" else indicator.denominator
            return f"“{label.get(self.lang)}”"
        if isinstance(indicator, Count | Number | YesNo | Choice):
            return f"“{indicator.label.get(self.lang)}”"
        raise _NoWords

    def threshold(self, name: str | None, value: Decimal) -> str:
        return percent(value, self.lang) if name == "ratio" else self.num(value)

    def steps(self, node: ast.expr) -> tuple[Line, Table | None]:
        assert isinstance(node, ast.Call)
        name = _name(node.args[0])
        if name is None or len(node.args) < 3 or len(node.args) % 2 == 0:
            raise _NoWords
        pairs = sorted(
            ((self.value(t), self.value(p)) for t, p in zip(node.args[1::2], node.args[2::2], strict=True)),
            reverse=True,
        )
        w = self.w
        whole = name == "count" or (name == "level" and isinstance(self.indicator, Choice))
        integral = whole and all(t == t.to_integral_value() for t, _ in pairs)
        rows: list[tuple[Line, ...]] = []
        above: Decimal | None = None
        for threshold, points in pairs:
            rows.append(((self.band(name, threshold, above, integral),), (self.num(points),)))
            above = threshold
        lowest = pairs[-1][0]
        if not (name in ("count", "ratio", "level") and lowest <= 0):
            rows.append(((self.band(name, None, lowest, integral),), (self.num(Decimal(0)),)))
        header = (capital(self.subject(name).strip("“”")), capital(w["points"]))
        return (), Table("steps", header, tuple(rows))

    def band(self, name: str, low: Decimal | None, high: Decimal | None, integral: bool) -> str:
        """The answers from ``low`` (included) to ``high`` (excluded) in words; whole numbers as ranges."""
        w = self.w
        if integral and high is not None:
            top = high - 1
            if low is None:
                low = Decimal(0)
            if low == top:
                return self.num(low)
            return w["range_int"].format(low=self.num(low), high=self.num(top))
        if low is None:
            assert high is not None
            return w["below"].format(high=self.threshold(name, high))
        if high is None:
            return w["or_more"].format(low=self.threshold(name, low))
        return w["from_to"].format(low=self.threshold(name, low), high=self.threshold(name, high))

    def per_item(self, node: ast.Call) -> tuple[Line, Table | None]:
        if len(node.args) != 3:
            raise _NoWords
        name = _name(node.args[0])
        if name is None:
            raise _NoWords
        each, cap = self.value(node.args[1]), self.value(node.args[2])
        unit = self.w["point"] if each == 1 else self.w["points"]
        text = self.w["per_item"].format(
            label=self.subject(name).strip("“”"), each=self.num(each), cap=self.num(cap), unit=unit
        )
        return (text,), None

    def levels(self, indicator: Choice) -> tuple[Line, Table | None]:
        w = self.w
        rows = tuple(
            (
                (f"{level.title.get(self.lang)} ({level.id})",),
                (percent(level.fraction, self.lang),),
                (self.num(level.fraction * self.criterion.max),),
            )
            for level in indicator.levels
        )
        return (), Table("levels", (w["level"], w["share"], capital(w["points"])), rows)

    # A formula in words: numbers, inputs by their labels, + − × ÷, comparisons, if/else, a few calls.

    def words(self, node: ast.expr, context: str | None = None) -> str:
        w = self.w
        literal = _literal(node)
        if literal is not None:
            return self.threshold(context, literal)
        if isinstance(node, ast.Constant) and isinstance(node.value, bool):
            return w["true" if node.value else "false"]
        if isinstance(node, ast.Name):
            return self.subject(node.id)
        if isinstance(node, ast.BinOp) and type(node.op) in _SYMBOLS:
            left = self.operand(node.left, node, right=False)
            right = self.operand(node.right, node, right=True)
            return f"{left} {_SYMBOLS[type(node.op)]} {right}"
        if isinstance(node, ast.Compare) and all(type(op) in _COMPARISONS for op in node.ops):
            parts = [node.left, *node.comparators]
            names = {_name(p) for p in parts} & {"ratio"}
            side = "ratio" if names else None
            text = self.words(node.left, side)
            for op, other in zip(node.ops, node.comparators, strict=True):
                text += f" {_COMPARISONS[type(op)]} {self.words(other, side)}"
            return text
        if isinstance(node, ast.BoolOp):
            joiner = f" {w['and' if isinstance(node.op, ast.And) else 'or']} "
            return joiner.join(
                f"({self.words(v)})" if isinstance(v, ast.BoolOp) else self.words(v) for v in node.values
            )
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return f"{w['not']} ({self.words(node.operand)})"
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return f"−{self.operand(node.operand, node, right=True)}"
        if isinstance(node, ast.IfExp):
            return w["when"].format(
                a=self.words(node.body), test=self.words(node.test), b=self.words(node.orelse)
            )
        if isinstance(node, ast.Call):
            return self.call(node)
        raise _NoWords

    def operand(self, node: ast.expr, parent: ast.BinOp | ast.UnaryOp, *, right: bool) -> str:
        text = self.words(node)
        mine, theirs = _precedence(node), _precedence(parent)
        if mine < theirs or (right and mine == theirs and not isinstance(parent.op, ast.Add | ast.Mult)):
            return f"({text})"
        return text

    def call(self, node: ast.Call) -> str:
        w = self.w
        name = _name(node.func)
        args = node.args
        if name in ("min", "max") and len(args) >= 2:
            which = w["smaller" if name == "min" else "larger"]
            return f"{which} ({', '.join(self.words(a) for a in args)})"
        if name == "abs" and len(args) == 1:
            return f"|{self.words(args[0])}|"
        if name == "divide" and len(args) == 2:
            return f"{self.operand_of(args[0])} ÷ {self.operand_of(args[1])}"
        if name == "clamp" and len(args) == 3:
            return w["clamp"].format(x=self.words(args[0]), low=self.words(args[1]), high=self.words(args[2]))
        if name in _ROUNDINGS and len(args) == 2:
            places = _literal(args[1])
            if places is None:
                raise _NoWords
            how = Rounding(mode=_ROUNDINGS[name]).describe(self.lang).split(", ")[1]
            unit = "" if self.lang == "vi" else "place" if places == 1 else "places"
            return w["rounded"].format(x=self.words(args[0]), places=self.num(places), how=how, unit=unit)
        raise _NoWords

    def operand_of(self, node: ast.expr) -> str:
        text = self.words(node)
        return f"({text})" if _precedence(node) < _PRECEDENCE[ast.Mult] else text


_SYMBOLS: dict[type[ast.operator], str] = {ast.Add: "+", ast.Sub: "−", ast.Mult: "×", ast.Div: "÷"}
_PRECEDENCE: dict[type[ast.AST], int] = {ast.Add: 1, ast.Sub: 1, ast.Mult: 2, ast.Div: 2, ast.USub: 3}
_COMPARISONS: dict[type[ast.cmpop], str] = {
    ast.Lt: "<",
    ast.LtE: "≤",
    ast.Gt: ">",
    ast.GtE: "≥",
    ast.Eq: "=",
    ast.NotEq: "≠",
}
_ROUNDINGS: dict[str, RoundingMode] = {
    "round_half_up": "half_up",
    "round_half_even": "half_even",
    "round_down": "down",
    "round_up": "up",
}


def _precedence(node: ast.AST) -> int:
    if isinstance(node, ast.BinOp | ast.UnaryOp):
        return _PRECEDENCE.get(type(node.op), 0)
    if isinstance(node, ast.Compare | ast.BoolOp | ast.IfExp):
        return 0
    return 9


def _literal(node: ast.expr) -> Decimal | None:
    """A number written in the rule (with its sign), exactly; None for anything else."""
    sign = 1
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        sign = -1 if isinstance(node.op, ast.USub) else 1
        node = node.operand
    if not isinstance(node, ast.Constant) or isinstance(node.value, bool):
        return None
    if isinstance(node.value, int):
        value = Decimal(node.value)
    elif isinstance(node.value, float):
        value = Decimal(repr(node.value))
    else:
        return None
    return value if sign > 0 else -value


def _name(node: ast.expr) -> str | None:
    return node.id if isinstance(node, ast.Name) else None


def _call(node: ast.expr, function: str) -> bool:
    return isinstance(node, ast.Call) and _name(node.func) == function


def _is_product(node: ast.expr, a: str, b: str) -> bool:
    if not isinstance(node, ast.BinOp) or not isinstance(node.op, ast.Mult):
        return False
    return {_name(node.left), _name(node.right)} == {a, b}


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
