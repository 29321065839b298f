"""Publishing a 200-unit round: the annex as PDF and as HTML, with its charts.

Run by hand: ``.venv/bin/python benchmarks/bench_publish.py [UNITS] [ROUNDS]``. The round is the one
``scale.py`` makes (the Bình Thuận 2019 example forms varied, spread over the regime's
groups, with late and missing forms and the council's adjustments). Each round times every step of
one ``publish`` once, interleaved (data, chart specs, chart drawing, Typst, HTML), then the whole
``publish`` to PDF and to HTML; the table gives the best wall-clock and CPU seconds of the rounds per
step, and each step's share of the whole PDF run. Typst and vl-convert run native code (Typst on
several threads), so CPU time may exceed wall-clock time.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from scale import province

from itcriteria.publish import annex_data, charts, publish
from itcriteria.publish._html import render_html
from itcriteria.publish._pdf import render_pdf
from itcriteria.publish._publish import _placed


def clock(work: Callable[[], Any]) -> tuple[float, float, Any]:
    """Wall-clock and CPU seconds of ``work()``, and its result."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def main() -> None:
    units = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    result = province(units).run()
    print(f"binhthuan-2019: {units} units, {len(result.cards)} evaluated; best of {rounds} rounds")
    best: dict[str, tuple[float, float]] = {}

    def keep(step: str, wall: float, cpu: float) -> None:
        old = best.get(step, (float("inf"), float("inf")))
        best[step] = (min(old[0], wall), min(old[1], cpu))

    with tempfile.TemporaryDirectory() as folder:
        pages = 0
        for _ in range(rounds):
            wall, cpu, data = clock(lambda: annex_data(result))
            keep("annex data (tables, gaps)", wall, cpu)
            wall, cpu, drawn = clock(lambda: charts(result))
            keep("chart specs (Altair)", wall, cpu)
            wall, cpu, placed = clock(lambda drawn=drawn: [_placed(chart) for chart in drawn])
            keep(f"chart SVGs ({len(drawn)}, vl-convert)", wall, cpu)
            data["charts"] = placed
            wall, cpu, pdf = clock(lambda data=data: render_pdf(data, result.regime.effective.start))
            keep("typeset the PDF (Typst)", wall, cpu)
            pages = pdf.count(b"/Type /Page") or pdf.count(b"/Type/Page")
            wall, cpu, _ = clock(lambda data=data: render_html(data))
            keep("write the HTML", wall, cpu)
            wall, cpu, _ = clock(lambda: publish(result, Path(folder) / "ket-qua.pdf"))
            keep("publish → PDF, whole", wall, cpu)
            wall, cpu, _ = clock(lambda: publish(result, Path(folder) / "ket-qua.html"))
            keep("publish → HTML, whole", wall, cpu)
        size = (Path(folder) / "ket-qua.pdf").stat().st_size / 1_000_000
    whole = best["publish → PDF, whole"][0]
    print(f"  {'step':<34} {'wall s':>8} {'cpu s':>8} {'of PDF':>7}")
    for step, (wall, cpu) in best.items():
        print(f"  {step:<34} {wall:>8.2f} {cpu:>8.2f} {wall / whole:>6.0%}")
    print(f"  the PDF: {size:.1f} MB, about {pages} pages")


if __name__ == "__main__":
    main()
