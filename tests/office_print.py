"""Workbooks as they print: LibreOffice Calc prints a blank form and a results workbook to PDF, and the
pages are read back with pypdf.

Run by ``python3 dev.py office`` (in CI) after the round trip of filled forms, not collected by pytest:
it needs ``soffice``. For the Bình Thuận 2019 form (every group, Vietnamese; one group, English) and the
example round's results workbook it checks that the page count is sane (the form's criteria take a few
pages, not one squeezed page; each results sheet at least one page, none sprawling), every page is A4
landscape (every sheet of these workbooks is wide), the whole title is on page 1 (not cut at a cell's
edge), each page is numbered, and the heading row is printed again on page 2 of a sheet that runs to
more pages. Prints one line
per workbook; exits 1 on any problem.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl
from pypdf import PdfReader

import itcriteria

ROOT = Path(__file__).resolve().parents[1]
ROUND = ROOT / "plugins" / "binhthuan" / "examples" / "binhthuan-2019-round.json"
A4 = (841.9, 595.3)  # points, landscape


def printed(path: Path, out: Path) -> list[str]:
    """The text of each page of ``path`` printed to PDF by LibreOffice Calc, whitespace collapsed;
    also checks every page is A4 landscape."""
    subprocess.run(
        ["soffice", "--headless", "--calc", "--convert-to", "pdf", "--outdir", str(out), str(path)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    reader = PdfReader(out / (path.stem + ".pdf"))
    pages = []
    for number, page in enumerate(reader.pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        if (page.rotation or 0) % 180:
            width, height = height, width
        if abs(width - A4[0]) > 2 or abs(height - A4[1]) > 2:
            pages.append(f"!! page {number} is {width:.0f} x {height:.0f} points, not A4 landscape")
        text = " ".join(page.extract_text().split())
        footer = f"{number} / {len(reader.pages)}"  # the page number, centred in the footer
        if footer not in text:
            pages.append(f"!! page {number} has no page number {footer!r}")
        pages.append(text.replace(footer, "", 1).strip())
    return pages


def problems_of(pages: list[str], title: str, heading: list[str], least: int, most: int) -> list[str]:
    """What is wrong with the printed pages: a page not A4 landscape, a page count outside
    ``least``…``most``, ``title`` not whole on page 1, a ``heading`` label missing from page 2."""
    found = [page[3:] for page in pages if page.startswith("!! ")]
    pages = [page for page in pages if not page.startswith("!! ")]
    if not least <= len(pages) <= most:
        found.append(f"{len(pages)} pages, expected {least} to {most}")
    if title not in pages[0]:
        found.append(f"page 1 does not have the whole title {title!r}")
    if len(pages) > 1:
        found.extend(
            f"page 2 does not repeat the heading {label!r}" for label in heading if label not in pages[1]
        )
    return found


def main() -> int:
    regime = itcriteria.get_regime("binhthuan-2019")
    result = itcriteria.load_round(ROUND).run()
    failures = 0
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        form = itcriteria.write_template(regime, folder / "phieu.xlsx")
        english = itcriteria.write_template(regime, folder / "form-en.xlsx", group="huyen", lang="en")
        results = folder / "ket-qua.xlsx"
        itcriteria.write_results(result, results)
        sheets = len(openpyxl.load_workbook(results, read_only=True).sheetnames)
        cases = [
            (form, f"PHIẾU TỰ ĐÁNH GIÁ {regime.title.vi}", ["Tiêu chí", "Nội dung kê khai", "Ghi chú"], 2, 6),
            (
                english,
                f"SELF-ASSESSMENT FORM {regime.title.en}",
                ["Criterion", "What to enter", "Note"],
                2,
                6,
            ),
            (
                results,
                f"Xếp hạng — {regime.group('so-nganh').title.vi}",
                ["Hạng", "Mã đơn vị", "Tên đơn vị"],
                sheets,
                3 * sheets,
            ),
        ]
        for path, title, heading, least, most in cases:
            pages = printed(path, folder)
            problems = problems_of(pages, title, heading, least, most)
            if path == results:  # the gaps sheet runs to a second page, which repeats its heading
                first = next(
                    i for i, page in enumerate(pages) if page.startswith("Tiêu chí chưa đạt điểm chuẩn")
                )
                after = pages[first + 1]
                if not after.startswith("Mã đơn vị Tên đơn vị Mã tiêu chí"):
                    problems.append(
                        f"the gaps sheet's second page does not start with its heading: {after[:60]!r}"
                    )
            failures += bool(problems)
            count = len([page for page in pages if not page.startswith("!! ")])
            verdict = "; ".join(problems) if problems else "A4 landscape, title whole, heading repeated"
            print(f"  {path.name:<14} {count:>3} pages: {verdict}", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
