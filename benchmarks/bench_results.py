"""Writing a province's results: a round of 1,000 units of binhthuan-2019 to xlsx, CSV and JSON.

Run by hand: ``.venv/bin/python benchmarks/bench_results.py``. The units' forms are the Bình Thuận
2019 example forms with their numbers varied (ratios, counts, yes/no and levels), spread over the
regime's groups; some forms are late and some answers appraised, so every sheet has rows. Prints
side-by-side figures from one run: running the round, then ``write_results`` to each format (best
of two), with the time per unit of the roster and the file's size; the gap reports, which the
workbook and the JSON both include, are timed alone for comparison. The workbook has a ranking
sheet per group, the statuses, appraisal and gap sheets, and one explanation sheet per evaluated
unit.
"""

from __future__ import annotations

import functools
import tempfile
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


if __name__ == "__main__":
    main()
