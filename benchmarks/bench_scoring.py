"""Scoring speed: scorecards per second for a 60-leaf regime, with and without explanations.

Run by hand: ``.venv/bin/python benchmarks/bench_scoring.py``. Prints, from one run (interleaved, process
CPU time, min/median/max over rounds, see timing.py), the scorer and the explanations of before issue 16
(kept in benchmarks/previous/) beside today's, with the targets of issue 16: at least 35,000 forms a
second and 1.8x before on the fast path (leaf- and total-stage regimes), explanations at most 5x scoring.
"""

from __future__ import annotations

import os
import random
import sys
from typing import Any

sys.path.insert(0, os.path.dirname(__file__))

from previous.scoring_before_issue16 import explain_before, general_twin, plans_before, score_before
from timing import compare, report

import itcriteria

KINDS = ("ratio", "ratio_steps", "count", "yes_no", "choice", "number")
TARGET = 35_000  # forms a second on the fast path (issue 16, point 5)
SPEED_UP = 1.8  # against the fast path before, in the same run
EXPLAIN_LIMIT = 5  # explanations at most this many times the cost of scoring (point 6)


def sixty_leaf_regime(stage: str = "leaf") -> itcriteria.Regime:
    """Six criteria of ten sub-criteria each, every indicator kind, 600 points, rounded at ``stage``."""
    criteria = []
    for c in range(1, 7):
        children = []
        for s in range(1, 11):
            kind = KINDS[(c * 10 + s) % len(KINDS)]
            child: dict[str, Any] = {
                "id": f"{c}.{s}",
                "title": f"Tiêu chí {c}.{s}",
                "max": 10,
                "source": "bench",
            }
            if kind == "ratio":
                child["indicator"] = {"kind": "ratio", "numerator": "Tử số", "denominator": "Mẫu số"}
                child["benchmark"] = {"ratio": 0.8}
            elif kind == "ratio_steps":
                child["indicator"] = {"kind": "ratio", "numerator": "Tử số", "denominator": "Mẫu số"}
                child["rule"] = "steps(ratio, 0.8, 10, 0.6, 7, 0.4, 4)"
            elif kind == "count":
                child["indicator"] = {"kind": "count", "label": "Số"}
                child["rule"] = "per_item(count, 2, 10)"
            elif kind == "yes_no":
                child["indicator"] = {"kind": "yes_no", "label": "Có"}
            elif kind == "choice":
                child["indicator"] = {
                    "kind": "choice",
                    "label": "Mức",
                    "levels": [
                        {"id": "a", "title": "Đủ", "fraction": 1},
                        {"id": "b", "title": "Một phần", "fraction": 0.5},
                        {"id": "c", "title": "Không", "fraction": 0},
                    ],
                }
            else:
                child["indicator"] = {"kind": "number", "label": "Giá trị", "max": 100}
                child["rule"] = "clamp(value / 10, 0, max_points)"
            children.append(child)
        criteria.append(
            {"id": str(c), "title": f"Nhóm {c}", "max": 100, "source": "bench", "children": children}
        )
    return itcriteria.regime_from_dict(
        {
            "id": "bench-2019",
            "province": "bench",
            "title": "Benchmark",
            "legal_basis": [{"decision": "0/QĐ", "date": "2019-01-01"}],
            "effective": {"start": "2019-01-01"},
            "groups": [{"id": "so", "title": "Sở"}],
            "bands": [{"id": "a", "title": "A", "min": 300}, {"id": "b", "title": "B", "below": 300}],
            "criteria": criteria,
            "rounding": {"places": 2, "mode": "half_up", "stage": stage},
        }
    )


def forms(regime: itcriteria.Regime, count: int, seed: int = 7) -> list[itcriteria.Submission]:
    rnd = random.Random(seed)
    result = []
    for i in range(count):
        answers: dict[str, Any] = {}
        for leaf in regime.leaves():
            assert leaf.indicator is not None
            kind = leaf.indicator.kind
            if kind == "ratio":
                den = rnd.randint(1, 500)
                answers[leaf.id] = {"numerator": rnd.randint(0, den), "denominator": den}
            elif kind == "count":
                answers[leaf.id] = rnd.randint(0, 8)
            elif kind == "yes_no":
                answers[leaf.id] = rnd.random() < 0.7
            elif kind == "choice":
                answers[leaf.id] = rnd.choice("abc")
            else:
                answers[leaf.id] = str(round(rnd.uniform(0, 100), 2))
        data = {"unit": {"id": f"u{i}", "name": f"Đơn vị {i}", "group": "so"}, "answers": answers}
        result.append(itcriteria.Submission.from_dict(data))
    return result


def stage_figures(stage: str, rounds: int = 7) -> int:
    """Print before against now for a regime rounded at ``stage``; the number of targets missed."""
    regime = sixty_leaf_regime(stage)
    batch = forms(regime, 2000)
    assert len(regime.leaves()) == 60
    plans, twin = plans_before(regime), general_twin(regime)
    score = regime.score
    for form in batch[:200]:  # both give the same scorecards
        old, new = score_before(regime, plans, twin, form), score(form)
        assert (old.total, dict(old.scores)) == (new.total, dict(new.scores))
    label = "before (fast path of before)" if stage == "leaf" else "before (general path)"
    times = compare(
        {
            label: lambda: [score_before(regime, plans, twin, f) for f in batch],
            "now: regime.score": lambda: [score(f) for f in batch],
        },
        rounds=rounds,
    )
    print(f"\n60-leaf regime, {stage}-stage rounding, {len(batch)} forms: µs per form")
    print(report(times, unit="µs", per=len(batch), limit=1e6 / TARGET))
    before, now = (sorted(t)[len(t) // 2] for t in times.values())
    rate = len(batch) / now
    missed = 0
    for ok, text in (
        (rate >= TARGET, f"{rate:,.0f} forms/s against {TARGET:,}/s"),
        (before / now >= SPEED_UP, f"{before / now:.2f}x before against {SPEED_UP}x"),
    ):
        print(f"  target {'met' if ok else 'missed'}: {text}")
        missed += not ok
    return missed


def main() -> int:
    load = os.getloadavg()[0]
    print(f"load average {load:.2f} on {os.cpu_count()} cores (a shared machine: absolute times inflated)")
    missed = stage_figures("leaf") + stage_figures("total")

    regime = sixty_leaf_regime()
    batch = forms(regime, 500)
    score = regime.score
    leaf_ids = [leaf.id for leaf in regime.leaves()]
    times = compare(
        {
            "score only": lambda: [score(f) for f in batch],
            "before: score + explanation of 1.1": lambda: [explain_before(score(f)) for f in batch],
            "now: score + explanation of 1.1": lambda: [score(f).explanation("1.1") for f in batch],
            "before: score + every explanation": lambda: [explain_before(score(f)) for f in batch],
            "now: score + every explanation": lambda: [score(f).explanations() for f in batch],
            "now: explanation(id) for every leaf": lambda: [
                [card.explanation(cid) for cid in leaf_ids] for card in map(score, batch)
            ],
            "now: score + rendered explanation": lambda: [score(f).explain() for f in batch],
        },
        rounds=5,
    )
    print(f"\nexplanations (data, not rendered), 60-leaf regime, {len(batch)} forms: µs per form")
    print(report(times, unit="µs", per=len(batch)))
    scoring = sorted(times["score only"])[2]
    for label in ("now: score + explanation of 1.1", "now: score + every explanation"):
        cost = sorted(times[label])[2] / scoring
        ok = cost <= EXPLAIN_LIMIT
        verdict = "met" if ok else "missed"
        print(f"  target {verdict}: {label[5:]} costs {cost:.1f}x scoring, against {EXPLAIN_LIMIT}x")
        missed += not ok
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
