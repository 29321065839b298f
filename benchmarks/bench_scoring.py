"""Scoring speed: scorecards per second for a 60-leaf regime, with and without explanations.

Run by hand: ``.venv/bin/python benchmarks/bench_scoring.py``. Prints side-by-side figures from one
run; the target is 20,000 scorecards per second on one core without explanations.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

import itcriteria

KINDS = ("ratio", "ratio_steps", "count", "yes_no", "choice", "number")
TARGET = 20_000


def sixty_leaf_regime() -> itcriteria.Regime:
    """Six criteria of ten sub-criteria each, every indicator kind, 600 points."""
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


def rate(work: Callable[[], object], items: int, repeat: int = 5) -> float:
    """Best-of-``repeat`` items per second."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return items / best


def main() -> None:
    regime = sixty_leaf_regime()
    batch = forms(regime, 2000)
    assert len(regime.leaves()) == 60
    score = regime.score
    plain = rate(lambda: [score(f) for f in batch], len(batch))
    explained = rate(lambda: [score(f).explanation("1.1") for f in batch], len(batch), repeat=3)
    rendered = rate(lambda: [score(f).explain() for f in batch[:500]], 500, repeat=3)
    print(f"60-leaf regime, {len(batch)} forms, one core")
    print(f"  {'score only':<34} {plain:>10,.0f} /s   1.00x")
    print(f"  {'score + explanation data':<34} {explained:>10,.0f} /s   {plain / explained:.2f}x slower")
    print(f"  {'score + rendered explanation':<34} {rendered:>10,.0f} /s   {plain / rendered:.2f}x slower")
    verdict = "target met" if plain >= TARGET else "target missed"
    print(f"  {verdict}: {plain:,.0f} scorecards/s against {TARGET:,}/s without explanations")


if __name__ == "__main__":
    main()
