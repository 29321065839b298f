"""Rule evaluation speed: compiled rules against hand-written Python and against simpleeval.

Run by hand: ``.venv/bin/python benchmarks/bench_expressions.py``. For each rule it prints, side by side
from one run, the best time per evaluation of

- hand-written Python doing the same Decimal operations, called with keyword arguments,
- ``rule.function(name=value, …)``, called the same way (as generated code or a host calls it),
- both again called with ``**inputs`` (a dict unpacked per call costs about 130 ns on its own),
- ``rule(**inputs)`` as it ran before issue 16 (the step-by-step check, kept as ``_check_slowly``),
- ``rule(**inputs)`` now (a checker generated per rule; same checks, same errors),
- simpleeval evaluating the same rule parsed once (``itcriteria.testing.ReferenceEvaluator`` with
  simpleeval's own operators),

and whether the targets are met: ``rule.function`` within 3x of hand-written and at least 10x faster
than simpleeval, and (issue 16, point 6) the checked call within 3x of ``rule.function``. The checked
call is also timed interleaved in process CPU time (timing.compare), before against now.
"""

from __future__ import annotations

import decimal
import os
import sys
import timeit
from collections.abc import Callable
from decimal import Decimal

import simpleeval

sys.path.insert(0, os.path.dirname(__file__))

from previous.scoring_before_issue16 import checked_call_before
from timing import compare, report

from itcriteria import expressions
from itcriteria._core.numbers import CONTEXT
from itcriteria.testing import ReferenceEvaluator

INPUTS = ("numerator", "denominator", "ratio", "max_points")
VALUES = {
    "numerator": Decimal(31),
    "denominator": Decimal(45),
    "ratio": Decimal(31) / Decimal(45),
    "max_points": Decimal(20),
}
NUMBER = 20_000
REPEAT = 7

K0, K05, K08, K10, K20 = Decimal(0), Decimal("0.5"), Decimal("0.8"), Decimal(10), Decimal(20)


def hand_steps(numerator: Decimal, denominator: Decimal, ratio: Decimal, max_points: Decimal) -> Decimal:
    if denominator > K0:
        if ratio >= K08:
            return K20
        if ratio >= K05:
            return K10
        return K0
    return K0


def hand_product(numerator: Decimal, denominator: Decimal, ratio: Decimal, max_points: Decimal) -> Decimal:
    return ratio * max_points


RULES: list[tuple[str, Callable[..., Decimal]]] = [
    ("steps(ratio, 0.8, 20, 0.5, 10) if denominator > 0 else 0", hand_steps),
    ("ratio * max_points", hand_product),
]


def best(function: Callable[[], object]) -> float:
    """Best time of one call, in seconds."""
    return min(timeit.repeat(function, number=NUMBER, repeat=REPEAT)) / NUMBER


def measure(source: str, hand: Callable[..., Decimal]) -> dict[str, float]:
    """Best time per evaluation of ``source`` by each of the four ways, in seconds."""
    rule = expressions.compile(source, INPUTS)
    function = rule.function
    # simpleeval's own operators, as plain simpleeval runs: the rule language's yes/no arithmetic would
    # only add a wrapper per operation to the reference's time
    evaluator = ReferenceEvaluator(VALUES, operators=simpleeval.DEFAULT_OPERATORS)
    parsed = evaluator.parse(source)
    kw = dict(VALUES)
    n, d, r, m = (VALUES[name] for name in INPUTS)
    with decimal.localcontext(CONTEXT):
        results = {hand(**kw), function(**kw), rule(**kw), evaluator.evaluate(source, parsed)}
        assert len(results) == 1, results
        return {
            "hand-written": best(lambda: hand(numerator=n, denominator=d, ratio=r, max_points=m)),
            "rule.function": best(lambda: function(numerator=n, denominator=d, ratio=r, max_points=m)),
            "hand-written(**kw)": best(lambda: hand(**kw)),
            "rule.function(**kw)": best(lambda: function(**kw)),
            "rule(**kw) before": best(lambda: checked_call_before(rule, INPUTS, dict(kw))),
            "rule(**kw)": best(lambda: rule(**kw)),
            "simpleeval, parsed once": best(lambda: evaluator.evaluate(source, parsed)),
        }


def checked_calls(source: str, loops: int) -> dict[str, list[float]]:
    """``rule.function`` with keywords, the checked call before and now, interleaved in CPU time."""
    rule = expressions.compile(source, INPUTS)
    function, kw = rule.function, dict(VALUES)
    n, d, r, m = (VALUES[name] for name in INPUTS)

    def repeated(call: Callable[[], object]) -> Callable[[], None]:
        def run() -> None:
            for _ in range(loops):
                call()

        return run

    with decimal.localcontext(CONTEXT):  # rule.function computes in the caller's context
        return compare(
            {
                "rule.function(...)": repeated(
                    lambda: function(numerator=n, denominator=d, ratio=r, max_points=m)
                ),
                "rule(**kw) before": repeated(lambda: checked_call_before(rule, INPUTS, dict(kw))),
                "rule(**kw) now": repeated(lambda: rule(**kw)),
            },
            rounds=7,
        )


def main() -> int:
    missed = 0
    for source, hand in RULES:
        times = measure(source, hand)
        base = times["hand-written"]
        print(f"\nrule: {source}")
        for label, seconds in times.items():
            print(f"  {label:<26} {seconds * 1e9:9.0f} ns   {seconds / base:6.2f}x hand-written")
        checked = times["rule(**kw)"]
        function, function_kw = times["rule.function"], times["rule.function(**kw)"]
        print(
            f"  checked call: {times['rule(**kw) before'] / function:.1f}x rule.function before, "
            f"{checked / function:.1f}x now ({checked / function_kw:.1f}x rule.function called the same way, "
            "with **kw)"
        )
        loops = 20_000
        interleaved = checked_calls(source, loops)
        print("  interleaved, process CPU time, µs per call:")
        limit = 3 * sorted(interleaved["rule.function(...)"])[3] * 1e6 / loops  # 3x its median
        print("  " + report(interleaved, unit="µs", per=loops, limit=limit).replace("\n", "\n  "))
        now, plain = (sorted(interleaved[key])[3] for key in ("rule(**kw) now", "rule.function(...)"))
        ok = now / plain <= 3  # interleaved CPU times: steadier than the best wall clock on a busy machine
        print(
            f"  target {'met' if ok else 'missed'}: rule(**kw) within 3x of rule.function: {now / plain:.2f}x"
        )
        missed += not ok
        vs_hand = times["rule.function"] / base
        vs_simpleeval = times["simpleeval, parsed once"] / times["rule.function"]
        floor = times["simpleeval, parsed once"] / base
        print(f"  (hand-written itself is {floor:.1f}x faster than simpleeval)")
        for ok, text in (
            (vs_hand <= 3, f"rule.function within 3x of hand-written: {vs_hand:.2f}x"),
            (vs_simpleeval >= 10, f"rule.function at least 10x faster than simpleeval: {vs_simpleeval:.1f}x"),
        ):
            print(f"  target {'met' if ok else 'missed'}: {text}")
            missed += not ok
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
