"""Writing a province's results: a round of 1,000 units of binhthuan-2019 to xlsx, CSV and JSON; and
the results workbook of a national round (12,000 units), the old writer against the new.

Run by hand: ``.venv/bin/python benchmarks/bench_results.py`` for the 1,000-unit table, and
``.venv/bin/python benchmarks/bench_results.py --workbook 12000 --rounds 2`` for the workbook: each
candidate runs in a process of its own (interleaved: old, new, old, new, …), which makes the round,
runs it, then writes the workbook, and reports the CPU time of the writing and the process's peak
memory (``ru_maxrss``) before and after it. "old" is the writer before issue 16
(``benchmarks/results_openpyxl.py``: openpyxl's write-only mode, a sheet per evaluated unit); "new" is
``write_results`` (XlsxWriter in constant memory, the criteria sheet, unit sheets up to 500 units).
Targets (issue 16): 12,000 units in at most 60 s and 400 MB. The units' forms are the Bình Thuận
2019 example forms with their numbers varied (ratios, counts, yes/no and levels), spread over the
regime's groups; some forms are late and some answers appraised, so every sheet has rows. Prints
side-by-side figures from one run: running the round, then ``write_results`` to each format (best
of two), with the time per unit of the roster and the file's size; the gap reports, which the
workbook and the JSON both include, are timed alone for comparison. The workbook has a ranking
sheet per group, the statuses, appraisal and gap sheets, and one explanation sheet per evaluated
unit.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import timing
from scale import province

from itcriteria.results.writing import write_results

UNITS = 1000

timed = functools.partial(timing.timed, repeat=2)  # best of 2 runs


def main() -> None:
    round_ = province(UNITS)
    running, result = timed(round_.run)
    evaluated = len(result.cards)
    print(
        f"binhthuan-2019: {UNITS} units, {evaluated} evaluated, {len(result.round.adjustments)} adjustments, "
        f"{len(result.appraisal_differences())} appraisal differences"
    )
    print(f"  {'step':<32} {'seconds':>9} {'ms/unit':>9} {'size':>10}")
    print(f"  {'run the round':<32} {running:>9.3f} {running / UNITS * 1000:>9.2f} {'':>10}")
    gaps, _ = timed(lambda: [result.gaps(unit) for unit in result.cards])
    print(f"  {'gap reports (xlsx and json)':<32} {gaps:>9.3f} {gaps / UNITS * 1000:>9.2f} {'':>10}")
    with tempfile.TemporaryDirectory() as folder:
        for fmt, options in (
            ("xlsx", {}),
            ("csv", {}),
            ("csv", {"decimal_comma": True}),
            ("json", {}),
        ):
            path = Path(folder) / f"ket-qua.{fmt}"
            seconds, _ = timed(lambda path=path, options=options: write_results(result, path, **options))
            size = path.stat().st_size / 1_000_000
            label = f"write_results {fmt}" + (" decimal comma" if options else "")
            print(f"  {label:<32} {seconds:>9.3f} {seconds / UNITS * 1000:>9.2f} {size:>8.1f} MB")


SECONDS, MEGABYTES = 60, 400  # the targets of issue 16 for 12,000 units


def candidate(name: str, units: int, path: str) -> None:
    """In a process of its own: make and run the round, write the workbook with ``name``, print figures."""
    result = province(units).run()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.process_time()
    if name == "old":
        from results_openpyxl import write_results_openpyxl

        write_results_openpyxl(result, path)
    else:
        write_results(result, path)
    seconds = time.process_time() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size = os.path.getsize(path) / 1_000_000
    print(json.dumps({"seconds": seconds, "before": before, "peak": peak, "size": size}))


def workbook(units: int, rounds: int) -> None:
    """Old writer against new, each in a fresh process per run, interleaved."""
    times: dict[str, list[float]] = {"old (openpyxl, sheet per unit)": [], "new (write_results)": []}
    figures: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(rounds):
            for label in times:
                name = label.split()[0]
                path = str(Path(folder) / f"{name}.xlsx")
                command = [sys.executable, __file__, "--candidate", name, "--workbook", str(units), path]
                done = subprocess.run(command, check=True, capture_output=True, text=True)
                got = json.loads(done.stdout.splitlines()[-1])
                times[label].append(got["seconds"])
                figures[label] = {key: max(got[key], figures.get(label, {}).get(key, 0)) for key in got}
    print(f"results workbook of {units} units (binhthuan-2019), CPU seconds of write_results:")
    print(timing.report(times, limit=SECONDS * units / 12_000))
    print(f"  {'candidate':<34} {'before':>9} {'peak':>9} {'size':>9}   peak memory vs {MEGABYTES} MB")
    for label, got in figures.items():
        verdict = "meets" if got["peak"] <= MEGABYTES else "misses"
        print(
            f"  {label:<34} {got['before']:>6.0f} MB {got['peak']:>6.0f} MB {got['size']:>6.1f} MB"
            f"   {verdict} ({got['peak'] / MEGABYTES:.2f} of it)"
        )
    with open("/proc/loadavg") as load:
        print(f"  load average while measured: {load.read().split()[:3]}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--workbook", type=int, help="compare the workbook writers on this many units")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--candidate", help=argparse.SUPPRESS)
    parser.add_argument("path", nargs="?", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.candidate:
        candidate(arguments.candidate, arguments.workbook, arguments.path)
    elif arguments.workbook:
        workbook(arguments.workbook, arguments.rounds)
    else:
        main()
