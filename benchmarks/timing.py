"""The timers the benchmark scripts share.

``timed`` is the old best-of wall clock. ``compare`` is what issue 16 asks for: several candidates run
interleaved (A, B, A, B, ...) so a busy machine slows each alike, timed in process CPU time, and reported
as min/median/max with each candidate's ratio to the first, side by side in one table.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Mapping
from typing import TypeVar

T = TypeVar("T")


def timed(work: Callable[[], T], repeat: int = 1) -> tuple[float, T]:
    """Best-of-``repeat`` seconds of ``work()``, and the result of its last run."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return best, result


def compare(candidates: Mapping[str, Callable[[], object]], rounds: int = 5) -> dict[str, list[float]]:
    """CPU seconds of each candidate over ``rounds`` interleaved runs, keyed like ``candidates``."""
    times: dict[str, list[float]] = {name: [] for name in candidates}
    for _ in range(rounds):
        for name, work in candidates.items():
            start = time.process_time()
            work()
            times[name].append(time.process_time() - start)
    return times


def report(
    times: Mapping[str, list[float]], unit: str = "s", per: int = 1, limit: float | None = None
) -> str:
    """A table of min/median/max per candidate (divided by ``per`` items), with ratios to the first.

    ``limit`` (in the same unit, per item) adds a column saying how each median stands against a target.
    """
    scale = {"s": 1.0, "ms": 1e3, "µs": 1e6}[unit]
    rows = []
    first = None
    for name, samples in times.items():
        low, mid, high = (
            value * scale / per for value in (min(samples), statistics.median(samples), max(samples))
        )
        first = mid if first is None else first
        row = (
            f"{name:<34} {low:>10.3f} {mid:>10.3f} {high:>10.3f} {unit:<3} x{first / mid if mid else 0:>7.2f}"
        )
        if limit is not None:
            row += f"   {'meets' if mid <= limit else 'misses'} {limit:g} {unit} ({mid / limit:.2f} of it)"
        rows.append(row)
    header = f"{'candidate':<34} {'min':>10} {'median':>10} {'max':>10}     speed-up vs first"
    return "\n".join([header, *rows])
