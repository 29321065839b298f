"""Helpers of tests/publish: rounds to print, and reading a PDF back (pypdf for text, pdftoppm for pixels)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import random
import re
import subprocess
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pypdf

import itcriteria
from builders import build, leaf

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "plugins" / "binhthuan" / "examples" / "binhthuan-2019-round.json"


def province(count: int, seed: int = 14) -> itcriteria.Round:
    """A Bình Thuận 2019 round of ``count`` units made from the example's forms, their ratios moved
    at random (seeded); every 37th unit sends no form and every 23rd is late beyond the grace."""
    example = itcriteria.load_round(EXAMPLE)
    regime = example.regime
    templates = list(example.submissions)
    rnd = random.Random(seed)
    units, forms = [], []
    for i in range(count):
        template = templates[i % len(templates)]
        unit = itcriteria.Unit(
            f"{template.unit.id}-{i:03d}", f"{template.unit.name} số {i}", template.unit.group
        )
        units.append(unit)
        if i % 37 == 36:
            continue
        answers = {}
        for cid, answer in template.answers.items():
            if isinstance(regime.criterion(cid).indicator, itcriteria.Ratio) and answer.denominator:
                denominator = int(str(answer.denominator))
                answer = attrs.evolve(answer, numerator=rnd.randint(0, denominator))
            answers[cid] = answer
        late = 9 if i % 23 == 22 else rnd.choice([0, 1, 2])
        forms.append(
            attrs.evolve(template, unit=unit, answers=answers, submitted=dt.date(2019, 9, 12 + late))
        )
    return itcriteria.Round(regime, tuple(units), tuple(forms), period="2019")


# --- small regimes for the edge cases ---------------------------------------------------------------


def small_regime(status: str = "provisional", **overrides: Any) -> itcriteria.Regime:
    """Two groups (so, huyen), one 10-point yes/no-free count criterion: points are the count."""
    count = {"kind": "count", "label": "Số lượng"}
    return build(
        leaf("1", 10, count, rule="min(count, 10)"),
        status=status,
        title={"vi": "Bộ tiêu chí thử tỉnh Bình Thuận", "en": "Test set"},
        **overrides,
    )


def small_round(regime: itcriteria.Regime, units: list[tuple[str, str, int | None]]) -> itcriteria.Round:
    """A round of ``(id, group, points)``; None points: the unit sent no form."""
    roster, forms = [], []
    for unit_id, group, points in units:
        unit = itcriteria.Unit(unit_id, f"Đơn vị {unit_id}", group)
        roster.append(unit)
        if points is not None:
            forms.append(itcriteria.Submission(unit, {"1": itcriteria.Answer(value=points)}, period="2019"))
    return itcriteria.Round(regime, tuple(roster), tuple(forms), period="2019")


# --- reading the PDF back ----------------------------------------------------------------------------


def pdf_pages(path: Path) -> list[str]:
    """Each page's text, NFC-normalised."""
    return [unicodedata.normalize("NFC", page.extract_text()) for page in pypdf.PdfReader(path).pages]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def shown(value: Decimal | int | None) -> str:
    """A number as a Vietnamese annex prints it (decimal comma), "–" for none."""
    return "–" if value is None else f"{value:f}".replace(".", ",")


def expected_rows(result: itcriteria.RoundResult, lang: str = "vi") -> list[str]:
    """Each table row as its text should read: rank, name, points, maximum, percent, class; in the
    order of the ranking (the regime's group order, best first)."""
    bands = {band.id: band.title.get(lang) for band in result.regime.bands}
    rows = []
    for row in result.ranking:
        if row.rank is None and row.total is None:
            continue
        percent = None if row.percent is None else row.percent.quantize(Decimal("0.01"))
        rank = "–" if row.rank is None else str(row.rank)
        band = bands.get(row.band or "", "–")
        rows.append(f"{rank} {row.name} {shown(row.total)} {shown(row.max)} {shown(percent)} {band}")
    return rows


def tables_text(pages: list[str]) -> str:
    """The text of the pages before the charts and the appendix: the ranking tables."""
    text = "\n".join(pages)
    for heading in ("\nBiểu đồ\n", "\nCharts\n", "\nCác tiêu chí thành phần chưa đạt"):
        text = text.split(heading)[0]
    return flat(text)


def assert_in_order(text: str, parts: list[str]) -> None:
    """Every part occurs in ``text``, each after the one before."""
    at = 0
    for part in parts:
        found = text.find(part, at)
        assert found >= 0, f"not found after position {at}: {part!r}"
        at = found + len(part)


# --- pixels ------------------------------------------------------------------------------------------


def pdftoppm() -> str:
    """Poppler's pdftoppm, installed from Debian the way dev.py installs the programs it needs."""
    spec = importlib.util.spec_from_file_location("dev", ROOT / "dev.py")
    assert spec is not None and spec.loader is not None
    dev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dev)
    return str(dev.debian_program("pdftoppm", "poppler-utils", "publish tests"))


def rasterise(program: str, pdf: Path, page: int, dpi: int) -> tuple[int, int, bytes]:
    """Page ``page`` of a PDF as a grey image: (width, height, one byte a pixel)."""
    done = subprocess.run(
        [program, "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page), str(pdf)],
        capture_output=True,
        check=True,
    )
    return read_pgm(done.stdout)


def read_pgm(data: bytes) -> tuple[int, int, bytes]:
    """A binary PGM (P5, 8 bits) as (width, height, pixels)."""
    fields = re.match(rb"P5\s+(?:#.*\s+)*(\d+)\s+(\d+)\s+(\d+)\s", data)
    assert fields is not None and fields.group(3) == b"255"
    width, height = int(fields.group(1)), int(fields.group(2))
    return width, height, data[fields.end() : fields.end() + width * height]
