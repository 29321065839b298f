"""Translating a checked rule into a Python function: :class:`Translator` walks the parsed tree once,
checking every node against the allow-list while it builds the tree of the compiled function.
:func:`~itcriteria.rules.compiler.compile_rule` checks the declarations, characters and size first.
"""

from __future__ import annotations

import ast
import builtins
import decimal
import difflib
import inspect
import itertools
import math
import types
import typing

from .. import exceptions
from .._core import CONTEXT as _CONTEXT
from .._core import ONE as _ONE
from .._core import ZERO as _ZERO
from .functions import BUILTINS as _BUILTINS
from .functions import MAX_PLACES as _MAX_PLACES
from .functions import finite as _finite
from .functions import negative_power as _negative_power

if typing.TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from .limits import ExpressionLimits

_Decimal = decimal.Decimal
_ExpressionError = exceptions.ExpressionError


_BINARY = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.Pow: "**",
}
_BINARY_REFUSED = {
    ast.LShift: "bit shift '<<'",
    ast.RShift: "bit shift '>>'",
    ast.BitAnd: "bit operation '&'",
    ast.BitOr: "bit operation '|'",
    ast.BitXor: "bit operation '^'",
    ast.MatMult: "matrix multiplication '@'",
}
_COMPARE = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}
_COMPARE_REFUSED = {
    ast.Is: "'is' is not allowed; compare numbers with == or !=",
    ast.IsNot: "'is not' is not allowed; compare numbers with == or !=",
    ast.In: "'in' is not allowed; compare numbers with ==, <, >, ... and combine with 'or'",
    ast.NotIn: "'not in' is not allowed; compare numbers with ==, <, >, ... and combine with 'and'",
}
_REFUSED = {
    ast.Attribute: "attribute access with '.' is not allowed",
    ast.Subscript: "indexing with [...] is not allowed",
    ast.Slice: "slices are not allowed",
    ast.Lambda: "lambda is not allowed",
    ast.ListComp: "comprehensions are not allowed",
    ast.SetComp: "comprehensions are not allowed",
    ast.DictComp: "comprehensions are not allowed",
    ast.GeneratorExp: "generator expressions are not allowed",
    ast.NamedExpr: "assignment with ':=' is not allowed",
    ast.List: "lists are not allowed",
    ast.Tuple: "tuples (values separated by commas) are not allowed",
    ast.Set: "sets are not allowed",
    ast.Dict: "dicts are not allowed",
    ast.Starred: "unpacking with '*' is not allowed",
    ast.JoinedStr: "text is not allowed (f-strings); rules compute with numbers only",
    ast.FormattedValue: "text is not allowed (f-strings); rules compute with numbers only",
    ast.Await: "'await' is not allowed",
    ast.Yield: "'yield' is not allowed",
    ast.YieldFrom: "'yield' is not allowed",
}
# The default of an input left out of a checked call (see Translator.build_checked).
_NOT_GIVEN = object()
# What the compiler knows of a value's type (see Translator).
_DECIMAL, _BOOL, _EITHER = "decimal", "bool", "either"


class Translator:
    """Checks each node against the allow-list while building the tree of the compiled function.

    ``value(node, numeric)`` returns the translated node and its kind: ``_DECIMAL`` (surely a Decimal),
    ``_BOOL`` (surely a bool) or ``_EITHER`` (an input, or a choice between values of both kinds).
    ``numeric`` asks for a Decimal, as the rule's result and the operands of arithmetic need: yes/no
    values count as Decimal 0 or 1 there, so ``True / True`` is 1, never the float 1.0. An arithmetic
    operation needs only one Decimal operand (Decimal converts a bool exactly), so ``ratio * max_points``
    converts just one input. Elsewhere (tests, comparisons, function arguments) values pass as they are.
    """

    def __init__(
        self,
        text: str,
        declared: tuple[str, ...],
        extra: dict[str, Callable[..., object]],
        limits: ExpressionLimits,
        fail: Callable[[str], Exception],
    ) -> None:
        self.text = text
        self.lines: list[bytes] | None = None
        self.declared = frozenset(declared)
        self.declared_order = declared
        self.extra = extra
        self.limits = limits
        self.fail = fail
        self.used: dict[str, None] = {}
        self.numeric: set[str] = set()
        self.functions_used: set[str] = set()
        self.env: dict[str, object] = {
            "__builtins__": {},
            "_ONE": _ONE,
            "_ZERO": _ZERO,
            "_number": _finite,
            "_negative_power": _negative_power,
        }
        self.constants: dict[str, str] = {}
        self.temps = 0
        self.handlers: dict[type[ast.AST], Callable[[typing.Any, bool], tuple[ast.expr, str]]] = {
            ast.Constant: self._constant,
            ast.Name: self._name,
            ast.BinOp: self._binop,
            ast.UnaryOp: self._unaryop,
            ast.BoolOp: self._boolop,
            ast.Compare: self._compare,
            ast.IfExp: self._ifexp,
            ast.Call: self._call,
        }

    # Helpers.

    def refuse(self, node: ast.AST) -> Exception:
        if isinstance(node, ast.Attribute):
            return self.fail(f"attribute access ('.{node.attr}') is not allowed")
        return self.fail(_REFUSED.get(type(node), f"{type(node).__name__} is not allowed in a rule"))

    @staticmethod
    def load(name: str) -> ast.Name:
        return ast.Name(name, ast.Load())

    def constant(self, value: decimal.Decimal) -> ast.Name:
        """A global name holding the Decimal ``value`` (one per distinct value and exponent)."""
        key = str(value)
        name = self.constants.get(key)
        if name is None:
            name = self.constants[key] = f"_k{len(self.constants)}"
            self.env[name] = value
        return self.load(name)

    def segment(self, node: ast.expr) -> str | None:
        """The source text of ``node``. ``ast.get_source_segment`` splits the whole source into lines on
        every call, which made compiling a rule with many number literals quadratic in its length; the
        lines are split once here (as UTF-8, since the parser's column offsets count bytes)."""
        if self.lines is None:
            self.lines = self.text.encode("utf-8").splitlines(keepends=True)
        end_line, end_column = node.end_lineno, node.end_col_offset
        if end_line is None or end_column is None:
            return None
        first, last = node.lineno - 1, end_line - 1
        if first == last:
            return self.lines[first][node.col_offset : end_column].decode("utf-8")
        parts = [
            self.lines[first][node.col_offset :],
            *self.lines[first + 1 : last],
            self.lines[last][:end_column],
        ]
        return b"".join(parts).decode("utf-8")

    def literal(self, node: ast.Constant) -> decimal.Decimal:
        """The exact value of a number literal; text, complex numbers, None and ... are refused."""
        value = node.value
        if isinstance(value, int) and not isinstance(value, bool):
            result = _Decimal(value)
        elif isinstance(value, float):
            written = self.segment(node) or repr(value)
            try:
                exact = _Decimal(written.replace("_", ""))
            except decimal.InvalidOperation:
                exact = None
            if not math.isfinite(value):
                raise self.fail(f"the number {written} is too large")
            result = _Decimal(repr(value))
            if exact is not None and exact != result:
                raise self.fail(f"the number {written} has too many digits to be exact: use at most 15")
        elif isinstance(value, (str, bytes)):
            raise self.fail("text is not allowed; rules compute with numbers only")
        elif isinstance(value, complex):
            raise self.fail("complex numbers are not allowed")
        else:
            raise self.fail(f"{value!r} is not allowed; rules compute with numbers only")
        if result.adjusted() > _CONTEXT.Emax:
            raise self.fail("a number in the rule is too large")
        return result

    def signed_literal(self, node: ast.expr) -> decimal.Decimal | None:
        """The value of a number written in the rule, with an optional sign; None for anything else."""
        sign = None
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            sign, node = node.op, node.operand
        if not isinstance(node, ast.Constant) or type(node.value) not in (int, float):
            return None
        value = self.literal(node)
        if isinstance(sign, ast.USub):
            return _CONTEXT.minus(value)
        return _CONTEXT.plus(value) if sign else value

    def as_decimal(self, node: ast.expr, kind: str) -> ast.expr:
        """``node`` made to give a Decimal: bools become Decimal 1 or 0."""
        if kind == _DECIMAL:
            return node
        if kind == _BOOL:
            return ast.IfExp(node, self.load("_ONE"), self.load("_ZERO"))
        if isinstance(node, ast.Name) and node.id in self.declared:
            self.numeric.add(node.id)  # converted once, on entry to the function
            return node
        return ast.Call(self.load("_number"), [node], [])

    # The allow-list, node by node.

    def value(self, node: ast.AST, numeric: bool) -> tuple[ast.expr, str]:
        handler = self.handlers.get(type(node))
        if handler is None:
            raise self.refuse(node)
        result, kind = handler(node, numeric)
        if numeric and kind != _DECIMAL:
            return self.as_decimal(result, kind), _DECIMAL
        return result, kind

    def _constant(self, node: ast.Constant, numeric: bool) -> tuple[ast.expr, str]:
        if type(node.value) is bool:
            if numeric:
                return self.load("_ONE" if node.value else "_ZERO"), _DECIMAL
            return ast.Constant(node.value), _BOOL
        return self.constant(self.literal(node)), _DECIMAL

    def _name(self, node: ast.Name, numeric: bool) -> tuple[ast.expr, str]:
        name = node.id
        if name.startswith("_"):
            raise self.fail(f"names starting with '_' are not allowed: {name!r}")
        if name in self.declared:
            self.used[name] = None
            return self.load(name), _EITHER
        if name in _BUILTINS or name in self.extra:
            usage = _BUILTINS[name][1].usage.split(": ")[-1] if name in _BUILTINS else f"{name}(...)"
            raise self.fail(f"{name!r} is a function: call it with its arguments, as in {usage}")
        allowed = ", ".join([*sorted(self.declared), "True", "False"])
        close = difflib.get_close_matches(name, sorted(self.declared), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise self.fail(f"unknown name {name!r}{hint}; allowed names: {allowed}")

    def _binop(self, node: ast.BinOp, numeric: bool) -> tuple[ast.expr, str]:
        op = type(node.op)
        if op not in _BINARY:
            raise self.fail(f"{_BINARY_REFUSED.get(op, op.__name__)} is not allowed")
        left, kind = self.value(node.left, numeric=False)
        if op is ast.Pow:
            exponent = self.signed_literal(node.right)
            if exponent is None:
                raise self.fail("the exponent of '**' must be a number written in the rule, such as x ** 2")
            if abs(exponent) > self.limits.max_exponent:
                raise self.fail(
                    f"the exponent {exponent} is too large: at most {self.limits.max_exponent} either way"
                )
            if exponent < 0:  # Decimal gives Infinity for 0 ** -1; the helper raises instead
                return ast.Call(self.load("_negative_power"), [left, self.constant(exponent)], []), _DECIMAL
            return ast.BinOp(left, ast.Pow(), self.constant(exponent)), _DECIMAL
        right, _ = self.value(node.right, numeric=kind != _DECIMAL)
        return ast.BinOp(left, op(), right), _DECIMAL

    def _unaryop(self, node: ast.UnaryOp, numeric: bool) -> tuple[ast.expr, str]:
        op = type(node.op)
        if op is ast.Not:
            operand, _ = self.value(node.operand, numeric=False)
            if numeric:
                return ast.IfExp(operand, self.load("_ZERO"), self.load("_ONE")), _DECIMAL
            return ast.UnaryOp(ast.Not(), operand), _BOOL
        if op is ast.Invert:
            raise self.fail("bit inversion '~' is not allowed")
        folded = self.signed_literal(node)
        if folded is not None:
            return self.constant(folded), _DECIMAL
        return ast.UnaryOp(op(), self.value(node.operand, numeric=True)[0]), _DECIMAL

    def _boolop(self, node: ast.BoolOp, numeric: bool) -> tuple[ast.expr, str]:
        values = [self.value(v, numeric) for v in node.values]
        return ast.BoolOp(type(node.op)(), [v for v, _ in values]), _join(kind for _, kind in values)

    def _compare(self, node: ast.Compare, numeric: bool) -> tuple[ast.expr, str]:
        for op in node.ops:
            if type(op) not in _COMPARE:
                raise self.fail(_COMPARE_REFUSED.get(type(op), f"{type(op).__name__} is not allowed"))
        left, _ = self.value(node.left, numeric=False)
        comparators = [self.value(c, numeric=False)[0] for c in node.comparators]
        return ast.Compare(left, [type(op)() for op in node.ops], comparators), _BOOL

    def _ifexp(self, node: ast.IfExp, numeric: bool) -> tuple[ast.expr, str]:
        test, _ = self.value(node.test, numeric=False)
        (body, body_kind), (orelse, orelse_kind) = (
            self.value(node.body, numeric),
            self.value(node.orelse, numeric),
        )
        return ast.IfExp(test, body, orelse), _join((body_kind, orelse_kind))

    def _call(self, node: ast.Call, numeric: bool) -> tuple[ast.expr, str]:
        func = node.func
        if not isinstance(func, ast.Name):
            if type(func) in _REFUSED:
                raise self.refuse(func)
            raise self.fail("only a function's name can be called, as in min(a, b)")
        name = func.id
        if (func.lineno, func.col_offset) != (node.lineno, node.col_offset):
            raise self.fail(f"call a function by its name: {name}(...), not ({name})(...)")
        if name.startswith("_"):
            raise self.fail(f"names starting with '_' are not allowed: {name!r}")
        if name in self.declared:
            raise self.fail(f"{name!r} is an input, not a function")
        if name not in _BUILTINS and name not in self.extra:
            allowed = ", ".join(sorted([*_BUILTINS, *self.extra]))
            close = difflib.get_close_matches(name, sorted([*_BUILTINS, *self.extra]), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise self.fail(f"unknown function {name!r}{hint}; allowed functions: {allowed}")
        if node.keywords:
            keyword_ = node.keywords[0].arg
            shown = f"{keyword_}=..." if keyword_ else "**..."
            raise self.fail(
                f"functions take their arguments by position only: {name}(..., {shown}) is not allowed"
            )
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise self.fail(f"unpacking with '*' is not allowed: {name}(*...)")
            if type(arg) in _REFUSED:
                raise self.refuse(arg)
        count = len(node.args)
        self.functions_used.add(name)
        if name in self.extra:
            self._check_extra_arity(name, count)
            global_name = f"_x_{name}"
            self.env[global_name] = self.extra[name]
            args = [self.value(a, numeric=False)[0] for a in node.args]
            call = ast.Call(self.load(global_name), args, [])
            return ast.Call(self.load("_number"), [call], []), _DECIMAL  # a plugin's result is checked
        problem = _BUILTINS[name][1].problem(name, count)
        if problem:
            raise self.fail(problem)
        if name == "steps":
            return self._steps(node), _DECIMAL
        args = [self.value(a, numeric=False)[0] for a in node.args]
        if name.startswith("round_"):
            places = node.args[1]
            if not (
                isinstance(places, ast.Constant)
                and type(places.value) is int
                and 0 <= places.value <= _MAX_PLACES
            ):
                raise self.fail(
                    f"{name}: places must be a whole number from 0 to {_MAX_PLACES} written in the rule"
                )
            args[1] = ast.Constant(places.value)
        elif name == "clamp":
            low, high = self.signed_literal(node.args[1]), self.signed_literal(node.args[2])
            if low is not None and high is not None and low > high:
                raise self.fail(f"clamp: low {low} is above high {high}")
        global_name = f"_f_{name}"
        self.env[global_name] = _BUILTINS[name][0]
        return ast.Call(self.load(global_name), args, []), _DECIMAL

    def _check_extra_arity(self, name: str, count: int) -> None:
        try:
            signature = inspect.signature(self.extra[name])
        except (TypeError, ValueError):
            return  # no signature to check (some built-in callables): the call will tell
        try:
            signature.bind(*range(count))
        except TypeError as err:
            raise self.fail(
                f"{name} cannot take {count} argument{'' if count == 1 else 's'}: {err}"
            ) from None

    def _steps(self, node: ast.Call) -> ast.expr:
        """Inline steps(x, t1, p1, ...) as ``p1 if x >= t1 else p2 if x >= t2 ... else 0``, highest first."""
        pairs = []
        for threshold_node, points_node in zip(node.args[1::2], node.args[2::2], strict=True):
            threshold = self.signed_literal(threshold_node)
            points = self.signed_literal(points_node)
            if threshold is None or points is None:
                raise self.fail("steps: thresholds and points must be numbers written in the rule")
            pairs.append((threshold, points))
        pairs.sort(key=lambda pair: pair[0], reverse=True)
        for (higher, _), (lower, _) in itertools.pairwise(pairs):
            if higher == lower:
                raise self.fail(f"steps: threshold {lower} appears twice")
        subject, _ = self.value(node.args[0], numeric=False)
        first: ast.expr = subject
        if not isinstance(subject, ast.Name):
            temp = f"_t{self.temps}"
            self.temps += 1
            first = ast.NamedExpr(ast.Name(temp, ast.Store()), subject)
            subject = self.load(temp)
        result: ast.expr = self.load("_ZERO")
        for i in range(len(pairs) - 1, -1, -1):
            threshold, points = pairs[i]
            test = ast.Compare(first if i == 0 else subject, [ast.GtE()], [self.constant(threshold)])
            result = ast.IfExp(test, self.constant(points), result)
        return result

    # The compiled function.

    def build(self, body: ast.expr, criterion: str | None) -> Callable[..., decimal.Decimal]:
        """Compile ``body`` into ``def rule(*, <every declared input>): return body``.

        Inputs the rule uses as numbers first turn a bool into Decimal 1 or 0.
        """
        statements: list[ast.stmt] = []
        for name in self.declared_order:
            if name in self.numeric:
                is_true = ast.Compare(self.load(name), [ast.Is()], [ast.Constant(True)])
                is_false = ast.Compare(self.load(name), [ast.Is()], [ast.Constant(False)])
                converted = ast.IfExp(
                    is_true, self.load("_ONE"), ast.IfExp(is_false, self.load("_ZERO"), self.load(name))
                )
                statements.append(ast.Assign([ast.Name(name, ast.Store())], converted))
        statements.append(ast.Return(body))
        arguments = ast.arguments(
            posonlyargs=[],
            args=[],
            vararg=None,
            kwonlyargs=[ast.arg(name) for name in self.declared_order],
            kw_defaults=[None for _ in self.declared_order],
            kwarg=None,
            defaults=[],
        )
        extra: dict[str, typing.Any] = {"type_params": []} if "type_params" in ast.FunctionDef._fields else {}
        definition = ast.FunctionDef(
            name="rule", args=arguments, body=statements, decorator_list=[], returns=None, **extra
        )
        module = ast.fix_missing_locations(ast.Module([definition], type_ignores=[]))
        filename = f"<rule of criterion {criterion}>" if criterion else "<rule>"
        code = builtins.compile(module, filename, "exec", dont_inherit=True)
        body_code = next(c for c in code.co_consts if isinstance(c, types.CodeType))
        function = types.FunctionType(body_code, self.env, "rule")
        function.__kwdefaults__ = {name: None for name in self.declared_order if name not in self.used}
        return function

    def build_checked(self, body: ast.expr, criterion: str | None) -> Callable[..., decimal.Decimal]:
        """The checked call's function (see ``_checked_function``); for a rule nested too deeply to
        rewrite (only under limits far above the defaults), one that hands every call to ``_slow``."""
        try:
            return self._checked_function(body, criterion)
        except (RecursionError, MemoryError):
            namespace: dict[str, typing.Any] = {"__builtins__": {}}
            exec("def checked(**_inputs):\n    return _slow(_inputs)", self.env, namespace)
            checked: Callable[..., decimal.Decimal] = namespace["checked"]
            return checked

    def _checked_function(self, body: ast.expr, criterion: str | None) -> Callable[..., decimal.Decimal]:
        """Compile ``body`` into ``checked(**inputs)``: the checked call's regular case in one function.

        It takes every declared input as a keyword (``_NOT_GIVEN`` when left out) and runs the rule
        itself when every input the rule uses is given, no undeclared one is, and each is a finite
        Decimal, an int or a yes/no value; it enters the scoring context with ``setcontext`` (a fresh
        copy when the rule calls a plugin's function, which might change it). For anything else (an
        input missing, unknown or of another type, a failure, a result that is not a finite Decimal)
        it returns ``_slow(inputs)``: the general checked call, which gives the same result or raises
        the error naming the rule and its inputs. ``_slow`` is bound in the globals by
        :func:`itcriteria.expressions.compile`.
        """
        used = [name for name in self.declared_order if name in self.used]
        self.env["_Decimal"] = _Decimal
        self.env["_NOT_GIVEN"] = _NOT_GIVEN
        self.env["_getcontext"], self.env["_setcontext"] = decimal.getcontext, decimal.setcontext
        self.env["_CONTEXT"] = _CONTEXT
        # The rule's globals have no builtins; the few the checker needs get private names.
        self.env.update(_type=type, _int=int, _bool=bool, _Exception=Exception)
        self.env["_given"], self.env["_names"] = _given, self.declared_order
        plugins = bool(self.functions_used.intersection(self.extra))
        parameters = "".join(f"{name}=_NOT_GIVEN, " for name in self.declared_order)
        values = "".join(f"{name}, " for name in self.declared_order)
        slow = f"return _slow(_given(_names, ({values}), _unknown))"
        keywords = f"*, {parameters}" if parameters else ""
        lines = [f"def checked({keywords}**_unknown):", "    if _unknown:", f"        {slow}"]
        for name in used:
            lines += [
                f"    if _type({name}) is _Decimal:",
                f"        if not {name}.is_finite():",
                f"            {slow}",
                f"    elif _type({name}) is _int:",
                f"        {name} = _Decimal({name})",
                f"    elif _type({name}) is not _bool:",  # _NOT_GIVEN among the rest
                f"        {slow}",
            ]
            if name in self.numeric:  # under another name: the general call is given what came in
                lines.append(
                    f"    _n_{name} = _ONE if {name} is True else _ZERO if {name} is False else {name}"
                )
        body = _Renamed({name: f"_n_{name}" for name in self.numeric}).visit(body)  # compiled already
        powers = any(
            isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_negative_power"
            for node in ast.walk(body)
        )
        if self.functions_used <= _CONTEXT_FREE and not powers:
            # Arithmetic through the scoring context's own methods: the same results as the operators
            # inside it, without switching the thread's context (which costs more than the rule).
            self.env.update(
                {f"_c_{method}": getattr(_CONTEXT, method) for method in _CONTEXT_METHODS.values()}
            )
            body = _ContextMethods().visit(body)
            if isinstance(body, ast.Call) and getattr(body.func, "id", "").startswith("_c_"):
                # The scoring context traps invalid operations, division by zero and overflow, so its
                # arithmetic on finite numbers (the checked inputs, the rule's constants, what the
                # context-free functions return of them) gives a finite Decimal or raises: no result
                # check is needed.
                lines += ["    try:", "        return _BODY", "    except _Exception:", f"        {slow}"]
                return self._function_of(lines, body, criterion)
            lines += ["    try:", "        _result = _BODY", "    except _Exception:", f"        {slow}"]
        else:
            lines += [
                "    _caller = _getcontext()",
                f"    _setcontext({'_CONTEXT.copy()' if plugins else '_CONTEXT'})",
                "    try:",
                "        _result = _BODY",
                "    except _Exception:",
                f"        {slow}",
                "    finally:",
                "        _setcontext(_caller)",
            ]
        lines += [
            "    if _type(_result) is _Decimal and _result.is_finite():",
            "        return _result",
            f"    {slow}",
        ]
        return self._function_of(lines, body, criterion)

    def _function_of(
        self, lines: list[str], body: ast.expr, criterion: str | None
    ) -> Callable[..., decimal.Decimal]:
        """The function ``checked`` of the source ``lines``, the rule's ``body`` written where a line
        ends in ``= _BODY`` or ``return _BODY``: compiled from text, which costs a fraction of building
        and fixing a tree of the whole function (most of a regime's loading before)."""
        expression = f"({ast.unparse(body)})"
        source = "\n".join(
            line.removesuffix("_BODY") + expression if line.endswith(("= _BODY", "return _BODY")) else line
            for line in lines
        )
        filename = f"<checked rule of criterion {criterion}>" if criterion else "<checked rule>"
        code = builtins.compile(source, filename, "exec", dont_inherit=True)
        body_code = next(c for c in code.co_consts if isinstance(c, types.CodeType))
        checked = types.FunctionType(body_code, self.env, "checked")
        checked.__kwdefaults__ = dict.fromkeys(self.declared_order, _NOT_GIVEN)
        return checked


def _given(
    names: tuple[str, ...], values: tuple[object, ...], unknown: dict[str, object]
) -> dict[str, object]:
    """What the caller of a checked rule gave, rebuilt for the general checked call (only on the way
    there): the declared inputs given, by name, and the unknown ones."""
    return {**{k: v for k, v in zip(names, values, strict=True) if v is not _NOT_GIVEN}, **unknown}


# Built-in functions that compute in no decimal context but the one they are given (comparisons, and
# rounding with context=CONTEXT), so a checked rule calling only these needs no context switch.
_CONTEXT_FREE = frozenset(
    {"min", "max", "clamp", "steps", "round_down", "round_half_even", "round_half_up", "round_up"}
)
# Each arithmetic operator and the scoring context's method that computes it as the operator does
# inside that context (unary minus and plus round to its precision too).
_CONTEXT_METHODS: dict[type[ast.AST], str] = {
    ast.Add: "add",
    ast.Sub: "subtract",
    ast.Mult: "multiply",
    ast.Div: "divide",
    ast.FloorDiv: "divide_int",
    ast.Mod: "remainder",
    ast.Pow: "power",
    ast.USub: "minus",
    ast.UAdd: "plus",
}


class _Renamed(ast.NodeTransformer):
    """Rename the inputs of a translated rule (to the names holding their converted values)."""

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names

    def visit_Name(self, node: ast.Name) -> ast.AST:
        return ast.Name(self.names.get(node.id, node.id), node.ctx)


class _ContextMethods(ast.NodeTransformer):
    """Rewrite the arithmetic of a translated rule into calls of the scoring context's methods."""

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        self.generic_visit(node)
        name = f"_c_{_CONTEXT_METHODS[type(node.op)]}"
        return ast.Call(ast.Name(name, ast.Load()), [node.left, node.right], [])

    def visit_UnaryOp(self, node: ast.UnaryOp) -> ast.AST:
        self.generic_visit(node)
        method = _CONTEXT_METHODS.get(type(node.op))
        if method is None:  # not: no arithmetic
            return node
        return ast.Call(ast.Name(f"_c_{method}", ast.Load()), [node.operand], [])


def _join(kinds: Iterable[str]) -> str:
    """The kind of a value that is one of values of ``kinds``."""
    found = set(kinds)
    return found.pop() if len(found) == 1 else _EITHER
