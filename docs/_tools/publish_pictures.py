"""Redraw the README's pictures of ``itcriteria publish``: page one of the Bình Thuận 2019 annex
(rendered by poppler's pdftoppm) and the district committees' points chart, into
docs/_static/publish/. Run it with the project's environment:
``.venv/bin/python docs/_tools/publish_pictures.py``.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from pathlib import Path

import itcriteria
from itcriteria.publish import charts

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "_static" / "publish"


def main() -> None:
    result = itcriteria.load_round(ROOT / "plugins/binhthuan/examples/binhthuan-2019-round.json").run()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        pdf = result.publish(Path(folder) / "ket-qua.pdf", decision="3346/QĐ-UBND", date=dt.date(2019, 12, 3))
        pdftoppm = shutil.which("pdftoppm") or "pdftoppm"  # Debian's poppler-utils
        subprocess.run(
            [pdftoppm, "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", pdf, OUT / "annex-page-1"],
            check=True,
        )
    chart = next(c for c in charts(result) if c.name == "diem-huyen")
    (OUT / "diem-huyen.png").write_bytes(chart.png(scale=1.5))


if __name__ == "__main__":
    main()
