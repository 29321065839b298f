"""A regime's scoring plan compiled to one straight-line Python function per unit group.

The generated function handles the regular case only: every answer present, of the plain type its
indicator expects, in range, with no zero denominator and no extra answers. On anything else it
returns None and the general scorer (which reports problems and handles every special case) runs
instead. It performs the same Decimal operations in the same order, so both give identical results;
the property tests check that.

It is called often (tens of thousands of forms a second), so it costs as little as it can per call:
its constants are globals of its own namespace (specialised look-ups, nothing bound per call), it
switches the decimal context itself (``setcontext``, not a ``localcontext`` copy per form), sums in
the exact-sum context (so leaves rounded or not, the sums are the general path's) and reads plain
numeric text ("57.25") with one regular expression before the general number reader.
"""

from __future__ import annotations

import ast
import decimal
import itertools
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .. import expressions
from .._core import CONTEXT, EXACT_SUM_CONTEXT, MAX_DIGITS, ROUNDING_MODES, ZERO, answer_number, to_decimal
from ..exceptions import ExpressionError
from ..model import COHORT_BEST, Choice, Number
from ..rules import BUILTINS

if TYPE_CHECKING:
    from ..regimes import Regime
    from .scorer import Plan

#: answers and the cohort's best values → every criterion's points, the total and the benchmark
#: verdicts of the leaves that have a benchmark (all by id); or None (the general path decides)
FastScorer = Callable[
    [Mapping[str, Any], Mapping[str, Decimal] | None],
    tuple[dict[str, Decimal], Decimal, dict[str, bool | None]] | None,
]


def _number(value: object) -> Decimal | None:
    """The answer as the general path reads a number, or None where that path would report it."""
    try:
        return Decimal(answer_number(value))
    except (TypeError, ValueError):
        return None


# Numeric text the general reader turns into exactly Decimal(text): digits, one point and decimals,
# at most 27 digits in all, and not the "1.830" shape it refuses as ambiguous (thousands or decimals?).
_PLAIN_TEXT = re.compile(r"(?![1-9][0-9]{0,2}\.[0-9]{3}\Z)[0-9]{1,15}(?:\.[0-9]{1,12})?").fullmatch


def compile_fast_scorer(regime: Regime, plan: Plan) -> FastScorer | None:
    """Generate the straight-line scorer of ``plan``, or None when the regime needs the general path."""
    rounding = regime.rounding
    leaf_stage = rounding.stage == "leaf"
    # Plugin functions run in a fresh copy of the context, as the checked call gives them, so nothing
    # they do to it outlives the call; built-in functions never change it and share one.
    plugins = any(leaf.rule.functions_used - BUILTINS.keys() for leaf in plan.leaves)
    env: dict[str, Any] = {
        "D": Decimal,
        "Z": ZERO,
        "NUM": _number,
        "TEXT": _PLAIN_TEXT,
        "BIG": 10**MAX_DIGITS,  # ints below this have at most MAX_DIGITS digits: no need to count them
        "Q": Decimal(1).scaleb(-rounding.places) if leaf_stage else None,
        "R": ROUNDING_MODES[rounding.mode],
        "DIVIDE": CONTEXT.divide,
        "GET_CONTEXT": decimal.getcontext,
        "SET_CONTEXT": decimal.setcontext,
        "CONTEXT": CONTEXT,
        "SUMS": EXACT_SUM_CONTEXT,
    }
    enter = "SET_CONTEXT(CONTEXT.copy())" if plugins else "SET_CONTEXT(CONTEXT)"
    lines = ["    get = answers.get"]
    names: dict[str, str] = {}
    verdicts: dict[str, str] = {}
    for i, leaf in enumerate(plan.leaves):
        name = names[leaf.id] = f"L{i}"
        env[f"F{i}"], env[f"M{i}"] = leaf.function, leaf.max_points
        lines.append(f"    a = get({leaf.id!r})")  # a missing answer is None: its attributes raise
        lines += _read(leaf.kind, i, leaf.criterion.indicator, env, leaf.rule.names, plugins)
        if leaf.kind in ("yes_no", "choice"):
            # Few possible answers: every score is computed now, so scoring is a look-up.
            env[f"T{i}"] = _answer_table(leaf, env["Q"], env["R"])
            lines.append(f"    {name} = T{i}[v]")
            lines += _verdict(leaf, i, env, verdicts)
            continue
        uses_best = COHORT_BEST in leaf.rule.names
        if uses_best:
            lines += [
                f"    b = None if best is None else best.get({leaf.id!r})",
                "    if b is None:",
                "        return None",
            ]
        within = _within_max(leaf.rule.tree.body, leaf.kind, leaf.max_points)
        # A rule that picks one of its numbers (steps, max_points if ... else 0) picks them rounded.
        rounded = env["Q"] if leaf_stage and within else None
        expression, is_rounded = _inline(leaf.rule, _LOCALS[leaf.kind], i, env, leaf.max_points, rounded)
        compute = [f"    p = {expression}"]
        if not within:
            compute += [f"    if type(p) is not D or p < Z or p > M{i}:", "        return None"]
        compute.append(
            f"    {name} = p.quantize(Q, R)" if leaf_stage and not is_rounded else f"    {name} = p"
        )
        if leaf.kind == "count" and not uses_best:
            # Counts are small whole numbers: the points of the first ones are computed now.
            env[f"T{i}"] = _count_table(leaf, env["Q"], env["R"])
            compute = [f"    {name} = T{i}.get(v)", f"    if {name} is None:", *("    " + c for c in compute)]
        lines += compute
        lines += _verdict(leaf, i, env, verdicts)
    # Sums in the exact-sum context, as the general path adds: exact, or an error it reports.
    lines.append("    SET_CONTEXT(SUMS)")
    for j, parent in enumerate(plan.parents):
        name = names[parent.id] = f"P{j}"
        parts = [names[c] for c in parent.children]
        if parent.combine == "best":
            expr = f"max({', '.join(parts)})" if len(parts) > 1 else (parts[0] if parts else "Z")
        else:
            expr = " + ".join(["Z", *parts])
            if parent.combine == "capped_sum":
                env[f"C{j}"] = parent.max
                expr = f"min({expr}, C{j})"
        lines.append(f"    {name} = {expr}")
    scores = ", ".join(f"{cid!r}: {var}" for cid, var in names.items())
    lines.append(f"    total = {' + '.join(['Z', *(names[t] for t in plan.top)])}")
    if not leaf_stage:
        env["TQ"] = Decimal(1).scaleb(-rounding.places)
        lines += ["    SET_CONTEXT(CONTEXT)", "    total = total.quantize(TQ, R)"]
    met = ", ".join(f"{cid!r}: {verdict}" for cid, verdict in verdicts.items())
    lines.append(f"    return {{{scores}}}, total, {{{met}}}")
    # Any failure (a rule dividing by zero, …) leaves it to the general path, which reports it.
    body = "\n".join("    " + line for line in lines)
    source = (
        "def score_fast(answers, best):\n"
        f"    if len(answers) != {len(plan.leaves)}:\n"
        "        return None\n"
        "    caller = GET_CONTEXT()\n"
        f"    {enter}\n"
        f"    try:\n{body}\n"
        "    except Exception:\n"
        "        return None\n"
        "    finally:\n"
        "        SET_CONTEXT(caller)"
    )
    # The source is generated above from validated ids, checked rule trees and our own names only.
    # Constants are globals of the function's own namespace: specialised look-ups, nothing per call.
    code = compile(source, f"<itcriteria fast scorer {regime.id}/{plan.group}>", "exec")
    namespace = dict(env)
    exec(code, namespace)
    scorer: FastScorer = namespace["score_fast"]
    return scorer


# The local holding the quantity a ratio or value benchmark compares (``measure`` of the general path).
_MEASURED = {"ratio": "r", "count": "cv", "number": "v"}


def _verdict(leaf: Any, i: int, env: dict[str, Any], verdicts: dict[str, str]) -> list[str]:
    """The line setting ``V{i}``, the leaf's benchmark verdict as ``benchmark_met`` gives it (every leaf
    the fast path scores applies), and its name in ``verdicts``; nothing for a leaf without a benchmark."""
    benchmark = leaf.criterion.benchmark
    if benchmark is None:
        return []
    if benchmark.points is not None:
        env[f"BP{i}"] = benchmark.points
        test = f"L{i} >= BP{i}"
    else:
        target = benchmark.ratio if benchmark.ratio is not None else benchmark.value
        if target is None or leaf.kind not in _MEASURED:
            verdicts[leaf.id] = "None"
            return []
        env[f"BT{i}"] = target
        test = f"{_MEASURED[leaf.kind]} >= BT{i}"
    verdicts[leaf.id] = f"V{i}"
    return [f"    V{i} = {test}"]


def _within_max(node: ast.expr, kind: str, maximum: Decimal) -> bool:
    """Whether the rule provably gives a Decimal in [0, max] for every valid answer, so the generated
    code can skip checking it: a few common shapes only (``ratio * max_points``, literal steps, caps).
    """

    def bounded(value: ast.expr) -> bool:
        if isinstance(value, ast.IfExp):
            return bounded(value.body) and bounded(value.orelse)
        if isinstance(value, ast.Constant):
            return not isinstance(value.value, bool) and ZERO <= to_decimal(value.value) <= maximum
        if isinstance(value, ast.Name):
            return value.id == "max_points"
        if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Mult):
            names = {getattr(value.left, "id", None), getattr(value.right, "id", None)}
            return kind == "ratio" and names == {"ratio", "max_points"}
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
            args, name = value.args, value.func.id
            if name == "steps":
                return all(bounded(points) for points in args[2::2])
            if name in ("min", "max"):
                return all(bounded(arg) for arg in args)
            if name == "clamp":
                return bounded(args[1]) and bounded(args[2])
            if name == "per_item" and kind == "count":
                each = args[1]
                nonnegative = isinstance(each, ast.Constant) and to_decimal(each.value) >= 0
                return nonnegative and getattr(args[0], "id", None) == "count" and bounded(args[2])
        return False

    return bounded(node)


#: Counts from 0 to this are scored once, when the plan is compiled.
COUNT_TABLE_SIZE = 100


def _count_table(leaf: Any, quantum: Decimal | None, mode: str) -> dict[object, Decimal]:
    """The rounded points of the counts 0–COUNT_TABLE_SIZE, as the rule gives them."""
    cases: dict[object, dict[str, object]] = {
        n: {"count": Decimal(n), "max_points": leaf.max_points} for n in range(COUNT_TABLE_SIZE + 1)
    }
    return _table(leaf, cases, quantum, mode)


def _answer_table(leaf: Any, quantum: Decimal | None, mode: str) -> dict[object, Decimal]:
    """The rounded points of every possible answer of a yes/no or choice leaf, as the rule gives them.

    Answers whose rule fails or leaves 0–max are left out, so the general path reports them.
    """
    indicator = leaf.criterion.indicator
    cases: dict[object, dict[str, object]]
    if isinstance(indicator, Choice):
        cases = {
            level.id: {"fraction": level.fraction, "level": Decimal(k), "max_points": leaf.max_points}
            for k, level in enumerate(indicator.levels, start=1)
        }
    else:
        cases = {answer: {"yes": answer, "max_points": leaf.max_points} for answer in (True, False)}
    return _table(leaf, cases, quantum, mode)


def _table(
    leaf: Any, cases: dict[object, dict[str, object]], quantum: Decimal | None, mode: str
) -> dict[object, Decimal]:
    """Each case's points, computed by the rule as the general path would (rule failures left out),
    rounded to ``quantum`` when leaves are rounded (None: the regime rounds the total only)."""
    table: dict[object, Decimal] = {}
    for answer, inputs in cases.items():
        try:
            raw = leaf.rule(**inputs)
        except ExpressionError:
            continue
        if ZERO <= raw <= leaf.max_points:
            table[answer] = raw if quantum is None else raw.quantize(quantum, rounding=mode, context=CONTEXT)
    return table


# The local name each rule input has in the generated code; ``M`` is suffixed with the leaf's index.
_LOCALS = {
    "ratio": {"numerator": "n", "denominator": "d", "ratio": "r", "max_points": "M", "best": "b"},
    "count": {"count": "D(cv)", "max_points": "M", "best": "b"},
    "number": {"value": "v", "max_points": "M", "best": "b"},
}


class _Inliner(ast.NodeTransformer):
    """Rewrite a checked rule tree into an expression over the generated function's names."""

    def __init__(self, names: Mapping[str, str], index: int, env: dict[str, Any], maximum: Decimal) -> None:
        self.names, self.index, self.env, self.maximum = names, index, env, maximum
        self.constants = itertools.count()

    def known(self, node: ast.expr) -> Decimal | None:
        """The value of a literal argument or of ``max_points`` (fixed per leaf), else None."""
        if isinstance(node, ast.Constant) and not isinstance(node.value, bool):
            return to_decimal(node.value)
        if isinstance(node, ast.Name) and node.id == "max_points":
            return self.maximum
        return None

    def visit_Name(self, node: ast.Name) -> ast.AST:
        local = self.names[node.id]
        if local == "M":
            local = f"M{self.index}"
        return ast.copy_location(ast.parse(local, mode="eval").body, node)

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        if isinstance(node.value, bool):
            return node
        return ast.copy_location(self._hoist(to_decimal(node.value)), node)

    def _hoist(self, value: Decimal) -> ast.Name:
        name = f"K{self.index}_{next(self.constants)}"
        self.env[name] = value
        return ast.Name(name, ast.Load())

    def visit_Call(self, node: ast.Call) -> ast.AST:
        assert isinstance(node.func, ast.Name)
        constants = all(isinstance(a, ast.Constant) for a in node.args[1:])
        if node.func.id == "steps" and constants:
            return self._steps(node)
        if node.func.id == "per_item":  # per_item(x, each, cap) is min(x * each, cap)
            x, each, cap = (self.visit(a) for a in node.args)
            product = ast.BinOp(x, ast.Mult(), each)
            return ast.copy_location(self._pick("min", [product, cap]), node)
        if node.func.id == "clamp":
            low, high = (self.known(a) for a in node.args[1:])
            if low is not None and high is not None and low <= high:
                # clamp(x, low, high) is min(max(x, low), high); else let clamp raise
                inner = self._pick("max", [self.visit(node.args[0]), self.visit(node.args[1])])
                return ast.copy_location(self._pick("min", [inner, self.visit(node.args[2])]), node)
        if node.func.id in ("min", "max", "abs"):
            # On Decimals (the operands here are numbers only), Python's own give the same value and
            # pick the same operand among equal ones as the rule language's.
            args = [self.visit(arg) for arg in node.args]
            if node.func.id != "abs" and len(args) > 1:
                return ast.copy_location(self._pick(node.func.id, args), node)
            return ast.copy_location(ast.Call(ast.Name(node.func.id, ast.Load()), args, []), node)
        self.env[f"G_{node.func.id}"] = expressions.FUNCTIONS[node.func.id]
        args = [self.visit(arg) for arg in node.args]
        return ast.copy_location(ast.Call(ast.Name(f"G_{node.func.id}", ast.Load()), args, []), node)

    def _pick(self, name: str, args: list[ast.expr]) -> ast.expr:
        """``min(a, b, …)`` or ``max`` as comparisons, which cost a fraction of the call: Python's own
        keeps the operand it holds unless the next is strictly smaller (larger), left to right; so does
        this, each operand evaluated once and in order."""
        better = ast.Gt() if name == "min" else ast.Lt()  # held > next: next is smaller (min)
        held = args[0]
        for arg in args[1:]:
            first, second = (f"_{name}{self.index}_{next(self.constants)}" for _ in range(2))
            test = ast.Compare(
                ast.NamedExpr(ast.Name(first, ast.Store()), held),
                [better],
                [ast.NamedExpr(ast.Name(second, ast.Store()), arg)],
            )
            held = ast.IfExp(test, ast.Name(second, ast.Load()), ast.Name(first, ast.Load()))
        return held

    def _steps(self, node: ast.Call) -> ast.AST:
        # steps(x, t1, p1, …) with literal thresholds: a chain of comparisons, highest threshold first.
        pairs = sorted(
            ((_literal(t), p) for t, p in zip(node.args[1::2], node.args[2::2], strict=True)),
            key=lambda pair: pair[0],
        )
        x = self.visit(node.args[0])
        result: ast.expr = ast.Name("Z", ast.Load())
        for threshold, points in pairs:
            test = ast.Compare(x, [ast.GtE()], [self._hoist(threshold)])
            result = ast.IfExp(test, self.visit(points), result)
        return ast.copy_location(result, node)


def _literal(node: ast.expr) -> Decimal:
    assert isinstance(node, ast.Constant)
    return to_decimal(node.value)


def _inline(
    rule: expressions.CompiledExpression,
    names: Mapping[str, str],
    index: int,
    env: dict[str, Any],
    maximum: Decimal,
    quantum: Decimal | None = None,
) -> tuple[str, bool]:
    """The rule as Python source over local names, or a call of its compiled function.

    Inlined code runs plain Python operators on Decimals, which is what the compiled rule does for
    numbers; booleans are where the rule language differs (a yes/no counts as Decimal 0 or 1), so a
    rule that computes with a boolean anywhere but an ``if`` test is called, not inlined.
    """
    if not _numbers_only(rule.tree.body) or not rule.functions_used <= _INLINED_FUNCTIONS:
        args = ", ".join(
            f"{name}={local if local != 'M' else f'M{index}'}"
            for name, local in names.items()
            if name in rule.names
        )
        return f"F{index}({args})", False
    tree = _Inliner(names, index, env, maximum).visit(ast.parse(ast.unparse(rule.tree), mode="eval"))
    body = tree.body
    if quantum is not None and _picks_a_number(body, env):
        tree.body = _rounded_picks(body, env, quantum, env["R"], itertools.count())
        return f"({ast.unparse(tree)})", True
    return f"({ast.unparse(tree)})", False


def _picks_a_number(node: ast.expr, env: Mapping[str, Any]) -> bool:
    """Whether an inlined rule gives one of the numbers it holds (a chain of ``if`` over constants)."""
    if isinstance(node, ast.IfExp):
        return _picks_a_number(node.body, env) and _picks_a_number(node.orelse, env)
    return isinstance(node, ast.Name) and isinstance(env.get(node.id), Decimal)


def _rounded_picks(node: ast.expr, env: dict[str, Any], quantum: Decimal, mode: str, names: Any) -> ast.expr:
    """The same chain picking each number rounded as the leaf rounds it (so nothing is rounded per form)."""
    if isinstance(node, ast.IfExp):
        node.body = _rounded_picks(node.body, env, quantum, mode, names)
        node.orelse = _rounded_picks(node.orelse, env, quantum, mode, names)
        return node
    assert isinstance(node, ast.Name)
    name = f"{node.id}_rounded"
    env[name] = env[node.id].quantize(quantum, rounding=mode, context=CONTEXT)
    return ast.Name(name, ast.Load())


_INLINED_FUNCTIONS = frozenset({"steps", "per_item", "clamp", "min", "max", "abs"})
_BOOLEAN = (ast.Compare, ast.BoolOp)


def _plain_test(node: ast.expr) -> bool:
    """Whether an ``if`` test decides the same way in plain Python as in the rule language."""
    if isinstance(node, ast.BoolOp):
        return all(_plain_test(value) for value in node.values)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return _plain_test(node.operand)
    if isinstance(node, ast.Compare):
        return all(_plain_test(part) for part in (node.left, *node.comparators))
    return isinstance(node, ast.Name | ast.Constant) or _numbers_only(node)


def _numbers_only(node: ast.expr) -> bool:
    """Whether ``node`` computes with numbers only: booleans appear only as the tests of ``if``."""
    if isinstance(node, ast.IfExp):
        return _plain_test(node.test) and _numbers_only(node.body) and _numbers_only(node.orelse)
    if isinstance(node, _BOOLEAN) or (isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not)):
        return False
    if isinstance(node, ast.Name):
        return node.id != "yes"
    if isinstance(node, ast.Constant):
        return not isinstance(node.value, bool)
    return all(_numbers_only(child) for child in ast.iter_child_nodes(node) if isinstance(child, ast.expr))


def _read(
    kind: str, i: int, indicator: Any, env: dict[str, Any], used: frozenset[str], plugins: bool
) -> list[str]:
    """Lines that read one answer into local names, returning None unless it is plainly valid."""
    if kind == "ratio":
        # Whole numbers are checked as ints (cheaper); Decimal / int divides exactly as Decimal / Decimal.
        convert = ["        n = D(n)"] if "numerator" in used else []
        convert += ["        d = D(d)"] if "denominator" in used else []
        lines = [
            "    if a.value is not None:",
            "        return None",
            "    n = a.numerator",
            "    d = a.denominator",
            "    if type(n) is int and type(d) is int:",
            "        if n < 0 or n > d or d == 0 or d >= BIG:",
            "            return None",
            f"        r = {'D(n) / d' if plugins else 'DIVIDE(n, d)'}",  # DIVIDE: D(n) / d in one call
            *convert,
            "    else:",
        ]
        if not indicator.fractional:  # whole parts given otherwise (text, 45.0): the general path reads them
            return [*lines, "        return None"]
        return [
            *lines,
            "        n = NUM(n)",
            "        d = NUM(d)",
            "        if n is None or d is None or n < Z or n > d or d == Z:",
            "            return None",
            "        r = n / d",
        ]
    lines = [
        "    if a.numerator is not None or a.denominator is not None:",
        "        return None",
        "    v = a.value",
    ]
    if kind == "count":
        return [
            *lines,
            "    if type(v) is not int or v < 0 or v >= BIG:",
            "        return None",
            "    cv = v",
        ]
    if kind == "yes_no":
        return [*lines, "    if type(v) is not bool:", "        return None"]
    if kind == "choice":
        return [*lines, "    if type(v) is not str:", "        return None"]
    assert isinstance(indicator, Number)
    lines += [
        "    t = type(v)",
        "    if t is int:",
        "        if not -BIG < v < BIG:",
        "            return None",
        "        v = D(v)",
        "    elif t is str and TEXT(v):",  # plain numeric text: what the general reader makes of it
        "        v = D(v)",
        "    else:",  # other text and the rest: the one reading rule of every answer
        "        v = NUM(v)",
        "        if v is None:",
        "            return None",
    ]
    if indicator.min is not None:
        env[f"LO{i}"] = indicator.min
        lines += [f"    if v < LO{i}:", "        return None"]
    if indicator.max is not None:
        env[f"HI{i}"] = indicator.max
        lines += [f"    if v > HI{i}:", "        return None"]
    return lines
