"""What scoring and explaining did before issue 16 (points 5 and 6), kept so the benchmarks can run it
beside the code of today: the fast path's call as ``scoring.score`` made it, and the explanation that
scored every leaf again and evaluated every described argument with a checked call."""

from __future__ import annotations

import ast
import contextlib
import decimal
import functools
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

import attrs

import itcriteria
from itcriteria import expressions
from itcriteria._core import CONTEXT, ONE, ZERO, to_decimal
from itcriteria.model import Criterion, rule_inputs
from itcriteria.rules import describe
from itcriteria.scoring import ScoreCard, card_best, plan_for
from itcriteria.scoring import explain as _explain
from itcriteria.scoring.scorer import _score_leaves

from .fastpath_before_issue16 import compile_fast_scorer


def plans_before(regime: itcriteria.Regime) -> dict[str, Any]:
    """Each group's plan with the fast scorer compiled as it was (None for total-stage regimes)."""
    return {
        group.id: attrs.evolve(
            plan_for(regime, group.id), fast=compile_fast_scorer(regime, plan_for(regime, group.id))
        )
        for group in regime.groups
    }


def general_twin(regime: itcriteria.Regime) -> itcriteria.Regime:
    """The regime with no fast scorer: what a total-stage regime got before."""
    twin = itcriteria.regime_from_dict(itcriteria.regime_to_dict(regime))
    for group in twin.groups:
        twin.compiled.plans[group.id] = attrs.evolve(plan_for(twin, group.id), fast=None)
    return twin


def score_before(
    regime: itcriteria.Regime,
    plans: Mapping[str, Any],
    twin: itcriteria.Regime,
    submission: itcriteria.Submission,
) -> ScoreCard:
    """``scoring.score`` as it ran a valid form before: checks, a localcontext per form, the old fast
    scorer (keyword defaults bound every call), else the general path."""
    if not isinstance(submission, itcriteria.Submission):
        raise TypeError("a Submission")
    unit = submission.unit
    problems: list[object] = []
    if submission.regime is not None and submission.regime != regime.id:
        problems.append("regime")
    plan = plans[unit.group]
    answers = submission.answers
    best_values = None
    fixed: dict[str, Decimal] = {}
    if plan.fast is not None and not problems and not fixed:
        with decimal.localcontext(CONTEXT):
            fast = plan.fast(answers, best_values)
        if fast is not None:
            scores, total = fast
            band = regime.band_for(total, plan.max_total)
            return ScoreCard(
                regime,
                submission,
                total,
                plan.max_total,
                band,
                scores=scores,
                maxes=plan.maxes,
                best=best_values,
            )
    return twin.score(submission)


def checked_call_before(
    rule: expressions.CompiledExpression, declared: tuple[str, ...], inputs: dict[str, object]
) -> Decimal:
    """``rule(**inputs)`` as ``CompiledExpression.__call__`` ran it before (``declared``: the inputs the
    rule was compiled with); today's ``_check_slowly``, which the generated call hands odd cases to."""
    used = [name for name in declared if name in rule.names]

    def error(cause: str) -> itcriteria.ExpressionError:
        return itcriteria.ExpressionError(rule.source, cause, rule.criterion)

    values: dict[str, object] = {}
    missing = []
    for name in used:
        if name not in inputs:
            missing.append(name)
            continue
        value = inputs[name]
        if type(value) is not bool:
            try:
                value = to_decimal(value)
            except (TypeError, ValueError) as err:
                raise error(f"input {name}: {err}") from None
        values[name] = value
    if missing:
        raise error(f"missing input{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
    if len(inputs) > len(values) and not inputs.keys() <= frozenset(declared):
        unknown = sorted(set(inputs).difference(declared))
        if unknown:
            raise error(
                f"unknown input{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}; "
                f"declared: {', '.join(declared) or 'none'}"
            )
    with decimal.localcontext(CONTEXT):
        try:
            result: object = rule.function(**values)
        except Exception as err:
            shown = ", ".join(f"{name}={value}" for name, value in values.items())
            raise error(f"{describe(err)} when {shown}" if shown else describe(err)) from err
    if isinstance(result, bool):
        result = ONE if result else ZERO
    elif isinstance(result, int):
        result = Decimal(result)
    elif not isinstance(result, Decimal):
        raise error(f"the rule gave {type(result).__name__} {result!r}, not a number")
    if not result.is_finite():
        raise error(f"the rule gave {result}, not a finite number")
    return result


def _calls_of_before(
    rule: expressions.CompiledExpression, criterion: Criterion, inputs: Mapping[str, Any]
) -> tuple[_explain.StepCall, ...]:
    if not rule.functions_used.intersection(_explain._DESCRIBED):
        return ()
    assert criterion.indicator is not None
    found = []
    names = rule_inputs(criterion.indicator)
    for name, first, parts in _calls_before(rule.source, names):
        try:
            args = [checked_call_before(part, names, dict(inputs)) for part in parts]
        except Exception:
            continue
        found.append(_explain.StepCall(name, first, tuple(args)))
    return tuple(found)


@functools.lru_cache(maxsize=1024)
def _calls_before(
    source: str, names: tuple[str, ...]
) -> tuple[tuple[str, str, tuple[expressions.CompiledExpression, ...]], ...]:
    found = []
    for node in ast.walk(ast.parse(source, mode="eval")):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in _explain._DESCRIBED
        ):
            parts = tuple(expressions.compile(ast.unparse(arg), names) for arg in node.args)
            found.append((node.func.id, ast.unparse(node.args[0]), parts))
    return tuple(found)


@contextlib.contextmanager
def _old_steps() -> Iterator[None]:
    kept = _explain._calls
    _explain._calls = _calls_of_before  # type: ignore[assignment]
    try:
        yield
    finally:
        _explain._calls = kept  # type: ignore[assignment]


def explain_before(card: ScoreCard) -> dict[str, Any]:
    """What the first ``card.explanation(cid)`` did before: every leaf scored again with notes, the
    described arguments evaluated by checked calls."""
    notes: dict[str, Any] = {}
    plan = plan_for(card.regime, card.group)
    with _old_steps(), decimal.localcontext(CONTEXT):
        _score_leaves(card.regime, plan, card.submission.answers, card_best(card), [], notes, card.fixed)
    return notes
