"""Gap reports and improvement plans for a whole province: time per unit, 300 units of binhthuan-2019.

Run by hand: ``.venv/bin/python benchmarks/bench_planner.py``. Prints side-by-side figures from one
run: scoring the cohort, the gap report of every unit, the plan to the next band of every unit, and
the round's common gaps. The target is the whole province planned in a few seconds on one core.
"""

from __future__ import annotations

import functools
import random
from typing import Any

import timing

import itcriteria
from itcriteria.improvement.gaps import common_gaps, gaps
from itcriteria.improvement.planner import next_band_target, plan_improvement

UNITS = 300
TARGET_SECONDS = 5.0

timed = functools.partial(timing.timed, repeat=3)  # best of 3 runs


def forms(regime: itcriteria.Regime, count: int, seed: int = 2019) -> list[dict[str, Any]]:
    """Forms of ``count`` units spread over the regime's groups, answers from weak to complete."""
    rnd = random.Random(seed)
    groups = [group.id for group in regime.groups]
    result = []
    for i in range(count):
        group = groups[i % len(groups)]
        strength = rnd.uniform(0.2, 1.0)  # a unit is weak or strong across its answers
        answers: dict[str, Any] = {}
        for leaf in regime.leaves(group):
            indicator = leaf.indicator
            assert indicator is not None
            if isinstance(indicator, itcriteria.Ratio):
                denominator = rnd.randint(5, 2000)
                share = min(1.0, max(0.0, rnd.gauss(strength, 0.2)))
                answers[leaf.id] = {"numerator": round(denominator * share), "denominator": denominator}
            elif isinstance(indicator, itcriteria.Choice):
                answers[leaf.id] = rnd.choice(indicator.levels).id
            elif indicator.kind == "count":
                answers[leaf.id] = rnd.randint(0, round(12 * strength))
            elif indicator.kind == "yes_no":
                answers[leaf.id] = rnd.random() < strength
            else:
                answers[leaf.id] = str(round(rnd.uniform(0, 10), 1))
        unit = {"id": f"u{i:03d}", "name": f"Đơn vị {i}", "group": group}
        result.append({"unit": unit, "period": "2019", "answers": answers})
    return result


def main() -> None:
    regime = itcriteria.get_regime("binhthuan-2019")
    batch = forms(regime, UNITS)
    scoring, cards = timed(lambda: regime.score_all(batch))
    reports, unit_gaps = timed(lambda: [gaps(card) for card in cards])
    targets = [(card, next_band_target(card)) for card in cards]
    planning, plans = timed(
        lambda: [plan_improvement(card, target) for card, target in targets if target is not None]
    )
    common, _ = timed(lambda: common_gaps(cards))
    changes = sum(len(plan.changes) for plan in plans)
    reached = sum(plan.reached for plan in plans)
    listed = sum(len(report) for report in unit_gaps)

    def row(label: str, seconds: float, units: int) -> str:
        per_unit = seconds / units * 1000 if units else 0.0
        return f"  {label:<34} {seconds:>8.3f} s  {per_unit:>8.2f} ms/unit  {per_unit / base:>7.1f}x"

    base = scoring / len(cards) * 1000
    print(f"binhthuan-2019, {len(cards)} generated units over {len(regime.groups)} groups, one core")
    print(row("score the cohort", scoring, len(cards)))
    print(row(f"gap report ({listed} gaps)", reports, len(cards)))
    print(row(f"plan to next band ({len(plans)} units)", planning, len(plans)))
    print(row("common gaps of the round", common, len(cards)))
    print(f"  plans: {changes} changes in all, {reached} of {len(plans)} reach their next band")
    whole = scoring + reports + planning + common
    verdict = "target met" if whole <= TARGET_SECONDS else "target missed"
    print(f"  {verdict}: the whole province in {whole:.2f} s against {TARGET_SECONDS:.0f} s")


if __name__ == "__main__":
    main()
