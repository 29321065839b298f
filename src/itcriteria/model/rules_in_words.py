"""A leaf's scoring rule in words, in Vietnamese or English: what the criteria book prints and what the
diff of two regimes shows beside a changed rule.

:func:`phrase_rule` phrases a leaf's rule: ``steps`` becomes a table of thresholds, ``per_item`` a
sentence, a choice's ``fraction * max_points`` a table of levels, arithmetic a formula with the inputs'
labels; the rule itself is kept only when no phrasing fits (a function a plugin registers, ``**``,
``//``). :func:`rule_in_words` gives the same on one line of plain text.
"""

from __future__ import annotations

import ast
from decimal import Decimal

import attrs

from .._core import check_lang, formats, terms
from ..rules import rule_tree
from .criteria import Choice, Count, Criterion, Indicator, Lang, Number, Ratio, Rounding, RoundingMode, YesNo

#: The words of rules in words, in Vietnamese and English (the criteria book's words include them).
RULE_PHRASES: dict[str, tuple[str, str]] = {
    "always": ("Luôn {points} điểm.", "Always {points} points."),
    "below": ("dưới {high}", "under {high}"),
    "best": ("giá trị cao nhất trong nhóm", "the best value in the group"),
    "clamp": ("{x}, không dưới {low} và không quá {high}", "{x}, at least {low} and at most {high}"),
    "formula": ("Điểm = {formula}", "Points = {formula}"),
    "fraction": ("tỷ lệ điểm của mức chọn", "the chosen level's share of points"),
    "from_to": ("từ {low} đến dưới {high}", "{low} to under {high}"),
    "level": ("Mức", "Level"),
    "level_no": ("thứ tự mức chọn", "the chosen level's position"),
    "none": ("—", "—"),
    "not_scored": ("Thu thập, không tính điểm (0 điểm).", "Collected, not scored (0 points)."),
    "or_more": ("từ {low} trở lên", "{low} or more"),
    "points": terms.WORDS["points"],
    "point": ("điểm", "point"),
    "per_item": (
        "{each} {unit} cho mỗi “{label}”, tối đa {cap} điểm.",
        "{each} {unit} for each of “{label}”, at most {cap} points.",
    ),
    "range_int": ("từ {low} đến {high}", "{low} to {high}"),
    "ratio": terms.WORDS["ratio"],
    "rounded": (
        "{x} làm tròn đến {places} chữ số thập phân ({how})",
        "{x} rounded to {places} decimal {unit} ({how})",
    ),
    "share": ("Tỷ lệ điểm", "Share of points"),
    "when": ("{a} khi {test}; nếu không: {b}", "{a} when {test}; otherwise {b}"),
    "yes_no": ("Có: {yes} điểm; không: {no} điểm.", "Yes: {yes} points; no: {no} points."),
    "not": ("không phải", "not"),
    "rule_as_written": terms.WORDS["formula"],
    "true": ("đúng", "true"),
    "false": ("sai", "false"),
    "and": ("và", "and"),
    "or": ("hoặc", "or"),
    "smaller": ("giá trị nhỏ hơn trong", "the smaller of"),
    "larger": ("giá trị lớn hơn trong", "the larger of"),
}

RULE_WORDS = {
    lang: {key: pair[i] for key, pair in RULE_PHRASES.items()} for i, lang in enumerate(("vi", "en"))
}


def _checked(lang: str) -> Lang:
    return "en" if check_lang(lang) == "en" else "vi"


@attrs.frozen
class RuleTable:
    """Thresholds (``steps``) or levels (``levels``) of a rule: a header and rows of plain text."""

    kind: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@attrs.frozen
class RulePhrase:
    """A rule in words: a ``sentence`` (its parts), a ``table`` of thresholds or levels, or, when no
    phrasing fits, the rule ``as_written``."""

    sentence: tuple[str, ...]
    table: RuleTable | None = None
    as_written: str | None = None

    def one_line(self) -> str:
        """The sentence and the table's rows (first and last cell) on one line."""
        sentence = "".join(self.sentence)
        if self.table is None:
            return sentence
        rows = "; ".join(f"{row[0]}: {row[-1]}" for row in self.table.rows)
        return f"{sentence} {rows}" if sentence else rows


class _NoWords(Exception):
    """The rule has a part with no phrasing: show the rule as written."""


def phrase_rule(criterion: Criterion, lang: str = "vi") -> RulePhrase:
    """How a leaf is scored, in words: a sentence, a table of thresholds or levels, or the rule as
    written when no phrasing fits (see the module docstring)."""
    checked: Lang = "en" if check_lang(lang) == "en" else "vi"
    source = criterion.effective_rule
    indicator = criterion.indicator
    if source is None or indicator is None:
        return RulePhrase((RULE_WORDS[checked]["none"],))
    try:
        node = rule_tree(source).body
        sentence, table = _Phrasing(criterion, indicator, checked).rule(node)
    except (_NoWords, SyntaxError, ValueError, ArithmeticError):
        return RulePhrase((), as_written=source.strip())
    return RulePhrase(sentence, table)


def rule_in_words(criterion: Criterion, lang: str = "vi") -> str:
    """How a leaf is scored, on one line of plain text (thresholds listed): "Điểm = tỷ lệ × 8",
    "Tỷ lệ từ 80% trở lên: 10; …"; the rule as written after "công thức:" when no phrasing fits."""
    phrase = phrase_rule(criterion, lang)
    if phrase.as_written is not None:
        return f"{RULE_WORDS[_checked(lang)]['rule_as_written']}: {phrase.as_written}"
    return phrase.one_line()


@attrs.frozen
class _Phrasing:
    criterion: Criterion
    indicator: Indicator
    lang: Lang

    @property
    def w(self) -> dict[str, str]:
        return RULE_WORDS[self.lang]

    def num(self, value: Decimal) -> str:
        return formats.number(value, self.lang)

    def rule(self, node: ast.expr) -> tuple[tuple[str, ...], RuleTable | None]:
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
        return formats.percent(value, self.lang) if name == "ratio" else self.num(value)

    def steps(self, node: ast.expr) -> tuple[tuple[str, ...], RuleTable | None]:
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
        rows: list[tuple[str, ...]] = []
        above: Decimal | None = None
        for threshold, points in pairs:
            rows.append((self.band(name, threshold, above, integral), self.num(points)))
            above = threshold
        lowest = pairs[-1][0]
        if not (name in ("count", "ratio", "level") and lowest <= 0):
            rows.append((self.band(name, None, lowest, integral), self.num(Decimal(0))))
        header = (terms.capital(self.subject(name).strip("“”")), terms.capital(w["points"]))
        return (), RuleTable("steps", header, tuple(rows))

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

    def per_item(self, node: ast.Call) -> tuple[tuple[str, ...], RuleTable | None]:
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

    def levels(self, indicator: Choice) -> tuple[tuple[str, ...], RuleTable | None]:
        w = self.w
        rows = tuple(
            (
                f"{level.title.get(self.lang)} ({level.id})",
                formats.percent(level.fraction, self.lang),
                self.num(level.fraction * self.criterion.max),
            )
            for level in indicator.levels
        )
        return (), RuleTable("levels", (w["level"], w["share"], terms.capital(w["points"])), rows)

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
