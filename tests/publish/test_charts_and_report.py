"""Charts (specs valid for Vega-Lite, files as SVG and PNG, in the PDF and the HTML), the HTML report
as one self-contained file, the command line and ``RoundResult.publish``."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from publishing import EXAMPLE, ROOT, flat, pdf_pages, tables_text

import itcriteria
import itcriteria.publish
from itcriteria.publish import charts, publish


def test_the_subpackage_exports_exactly_its_sorted_all() -> None:
    """itcriteria.publish's __all__ is sorted and lists exactly its public names."""
    exported = list(itcriteria.publish.__all__)
    public = {
        n
        for n, v in vars(itcriteria.publish).items()
        if not n.startswith("_") and not isinstance(v, type(sys))
    }
    assert exported == sorted(exported) and set(exported) == public - {"annotations"}


def test_every_chart_spec_is_valid_vega_lite(
    example_result: itcriteria.RoundResult, previous_result: itcriteria.RoundResult
) -> None:
    """The four kinds of chart (points per group with class bands, classes per group, self-assessed
    against appraised, rank changes) are there, and each spec passes the Vega-Lite schema."""
    from altair.vegalite.v6.schema.core import load_schema

    drawn = charts(example_result, previous_result)
    names = [chart.name for chart in drawn]
    assert names == [
        "diem-so-nganh",
        "diem-don-vi-su-nghiep",
        "diem-huyen",
        "diem-luc-luong-vu-trang",
        "xep-loai",
        "tu-danh-gia-tham-dinh",
        "thay-doi-thu-hang",
    ]
    schema = load_schema()
    for chart in drawn:
        jsonschema.validate(chart.spec, schema)
        assert chart.alt and chart.title


def test_charts_say_what_the_round_says(
    example_result: itcriteria.RoundResult, previous_result: itcriteria.RoundResult
) -> None:
    """The points chart draws each unit's percent over every class band; the class chart counts the
    units of each class per group; the scatter pairs self-assessed and appraised totals; the slope
    chart joins each unit's two ranks."""
    drawn = {chart.name: chart for chart in charts(example_result, previous_result)}
    layers = drawn["diem-so-nganh"].spec["layer"]
    bands = {v["band"]: (v["from"], v["to"]) for v in _values(drawn["diem-so-nganh"].spec, layers[0])}
    assert bands == {
        "Tốt": (85.0, 100.0),
        "Khá": (70.0, 85.0),
        "Trung bình": (50.0, 70.0),
        "Yếu": (0.0, 50.0),
    }
    bars = {v["unit"]: v["value"] for v in _values(drawn["diem-so-nganh"].spec, layers[1])}
    assert bars == {
        "Sở Thông tin và Truyền thông": 93.59,
        "Ban Quản lý các khu công nghiệp": 63.47,
        "Sở Tư pháp": 61.04,
    }
    titles = {group.id: group.title.vi for group in example_result.regime.groups}
    classes = drawn["xep-loai"].spec
    counts = {(v["group"], v["band"]): v["count"] for v in _values(classes, classes)}
    assert counts[(titles["so-nganh"], "Trung bình")] == 2 and counts[(titles["huyen"], "Yếu")] == 1
    scatter = drawn["tu-danh-gia-tham-dinh"].spec["layer"][1]
    pairs = {
        v["unit"]: (v["self"], v["appraised"]) for v in _values(drawn["tu-danh-gia-tham-dinh"].spec, scatter)
    }
    assert pairs["Sở Tư pháp"] == (float(example_result.self_assessed["so-tu-phap"].total), 61.04)
    slope = drawn["thay-doi-thu-hang"].spec["vconcat"][0]["layer"][0]
    ranks = sorted(
        (v["unit"], v["round"], v["rank"]) for v in _values(drawn["thay-doi-thu-hang"].spec, slope)
    )
    assert ("Ban Quản lý các khu công nghiệp", "2018", 3) in ranks and (
        "Ban Quản lý các khu công nghiệp",
        "2019",
        2,
    ) in ranks


def _values(top: dict, layer: dict) -> list[dict]:
    """A layer's inline rows (Altair may move them into the top-level datasets)."""
    data = layer.get("data") or top.get("data")
    if "values" in data:
        return list(data["values"])
    return list(top["datasets"][data["name"]])


def test_charts_dir_gets_an_svg_and_a_png_of_each_chart(
    example_result: itcriteria.RoundResult, tmp_path: Path
) -> None:
    """--charts DIR: every chart as an SVG that parses and names the units, and a PNG."""
    publish(example_result, tmp_path / "a.pdf", charts_dir=tmp_path)
    svgs = sorted(tmp_path.glob("*.svg"))
    assert [p.stem for p in svgs] == sorted(p.stem for p in tmp_path.glob("*.png"))
    assert len(svgs) == 6
    for svg in svgs:
        root = ET.parse(svg).getroot()
        assert root.tag.endswith("svg")
        png = svg.with_suffix(".png").read_bytes()
        assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 2000
    assert "Sở Thông tin và Truyền thông" in (tmp_path / "diem-so-nganh.svg").read_text(encoding="utf-8")


def test_the_pdf_carries_the_charts(example_result: itcriteria.RoundResult, tmp_path: Path) -> None:
    """The charts pages follow the tables, each chart with its caption and its own text drawn."""
    pages = pdf_pages(publish(example_result, tmp_path / "a.pdf"))
    text = flat("\n".join(pages))
    charts_part = text.split(" Biểu đồ ", 1)[1]
    assert "Điểm theo cơ quan, đơn vị và xếp loại — UBND các huyện, thị xã, thành phố" in charts_part
    assert "Số cơ quan, đơn vị theo xếp loại, từng nhóm" in charts_part
    assert "1. UBND thành phố Phan Thiết" in charts_part  # the chart's own label, as text


class _Report(HTMLParser):
    """What a reader (and a screen reader) gets from the report: tags, attributes, table rows."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.rows: list[list[str]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def test_the_html_report_is_one_self_contained_file(
    example_result: itcriteria.RoundResult, previous_result: itcriteria.RoundResult, tmp_path: Path
) -> None:
    """One file: no script, nothing loaded from anywhere else (the font and the charts inline), the
    document's language set, every chart an image with a text alternative, and the same rows as the
    PDF in the same order."""
    path = publish(
        example_result, tmp_path / "ket-qua.html", previous=previous_result, decision="3346/QĐ-UBND"
    )
    source = path.read_text(encoding="utf-8")
    report = _Report()
    report.feed(source)
    tags = [tag for tag, _ in report.tags]
    assert "script" not in tags and "link" not in tags and "img" not in tags and "iframe" not in tags
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", source)
    assert not re.search(r"url\((?!data:)", source)
    assert report.tags[0] == ("html", {"lang": "vi"})
    svgs = [attrs for tag, attrs in report.tags if tag == "svg"]
    assert len(svgs) == 7 and all(a.get("role") == "img" and a.get("aria-label") for a in svgs)
    ranking = [row for row in report.rows if len(row) == 8 and row[0] != "Xếp hạng"]
    assert ranking[:3] == [
        ["1", "Sở Thông tin và Truyền thông", "93,59", "100", "93,59", "Tốt", "1", "0"],
        ["2", "Ban Quản lý các khu công nghiệp", "63,47", "100", "63,47", "Trung bình", "3", "+1"],
        ["3", "Sở Tư pháp", "61,04", "100", "61,04", "Trung bình", "2", "−1"],
    ]
    pdf = tables_text(pdf_pages(publish(example_result, tmp_path / "a.pdf", previous=previous_result)))
    at = 0
    for row in ranking:
        at = pdf.index(" ".join(row), at)
    assert "TẠM THỜI" in source and "(Kèm theo Quyết định số 3346/QĐ-UBND" in source


def test_result_publish_from_the_library(example_result: itcriteria.RoundResult, tmp_path: Path) -> None:
    """RoundResult.publish writes the same file as itcriteria.publish.publish."""
    a = example_result.publish(tmp_path / "a.pdf", date=dt.date(2019, 12, 3))
    b = publish(example_result, tmp_path / "b.pdf", date=dt.date(2019, 12, 3))
    assert a.read_bytes() == b.read_bytes()


def _cli(*args: str | Path, code: int = 0, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "itcriteria", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
    )
    assert done.returncode == code, done.stdout + done.stderr
    return done


def test_the_command_as_the_officer_runs_it(tmp_path: Path) -> None:
    """`itcriteria publish ROUND -o ket-qua.pdf` with the decision's details, an earlier round and
    --charts; then --format html; a bad date is bad usage (2) and an unknown extension an error (1)."""
    _cli("publish", EXAMPLE, "-o", "ket-qua.pdf", cwd=tmp_path)
    assert (tmp_path / "ket-qua.pdf").read_bytes().startswith(b"%PDF-")
    earlier = tmp_path / "2018.json"  # the example round and its forms, as if of the year before
    for source, target in (
        (EXAMPLE, earlier),
        (EXAMPLE.parent / "binhthuan-2019-forms.json", tmp_path / "forms-2018.json"),
    ):
        text = source.read_text(encoding="utf-8").replace('"2019"', '"2018"')
        target.write_text(text.replace("binhthuan-2019-forms.json", "forms-2018.json"), encoding="utf-8")
    done = _cli(
        "publish", EXAMPLE, "-o", tmp_path / "qd.pdf", "--decision", "3346/QĐ-UBND", "--date", "03/12/2019",
        "--signer", "Nguyễn Văn Phong", "--signer-title", "KT. CHỦ TỊCH\\nPHÓ CHỦ TỊCH",
        "--previous", earlier, "--charts", tmp_path / "charts",
    )  # fmt: skip
    assert done.stdout.strip().endswith("qd.pdf")
    text = tables_text(pdf_pages(tmp_path / "qd.pdf"))
    assert "(Kèm theo Quyết định số 3346/QĐ-UBND ngày 03/12/2019 của Ủy ban nhân dân tỉnh Bình Thuận)" in text
    assert "Hạng 2018 Thay đổi" in text and "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Văn Phong" in text
    assert (tmp_path / "charts" / "thay-doi-thu-hang.svg").exists()
    _cli("publish", EXAMPLE, "-o", tmp_path / "report", "--format", "html", "--lang", "en")
    assert (tmp_path / "report").read_text(encoding="utf-8").startswith('<!DOCTYPE html>\n<html lang="en">')
    assert (
        "is not a date"
        in _cli("publish", EXAMPLE, "-o", "x.pdf", "--date", "3 Dec", code=2, cwd=tmp_path).stderr
    )
    assert "cannot tell the format" in _cli("publish", EXAMPLE, "-o", "x.doc", code=1, cwd=tmp_path).stderr
    assert not (tmp_path / "x.doc").exists()


def test_help_names_the_options() -> None:
    """The help of `itcriteria publish` lists every option the issue asks for."""
    shown = _cli("publish", "--help").stdout
    for option in ("--decision", "--date", "--signer", "--previous", "--lang", "--format", "--charts", "-o"):
        assert option in shown


def test_unit_names_are_printed_as_text_never_run_as_markup(tmp_path: Path) -> None:
    """A unit named like Typst code or an HTML tag comes out literally in the PDF and escaped in the
    HTML: names are data for both templates, never markup or script."""
    from publishing import small_regime

    names = ['#panic("x") *đậm* $x$ ]', '<script>alert("x")</script> & <b>Sở</b>']
    roster = tuple(itcriteria.Unit(f"u{i}", name, "so") for i, name in enumerate(names))
    forms = tuple(
        itcriteria.Submission(u, {"1": itcriteria.Answer(value=5 + i)}) for i, u in enumerate(roster)
    )
    result = itcriteria.Round(small_regime(), roster, forms, period="2019").run()
    text = tables_text(pdf_pages(publish(result, tmp_path / "a.pdf")))
    assert f"1 {names[1]} 6,00" in text and f"2 {names[0]} 5,00" in text
    source = publish(result, tmp_path / "a.html").read_text(encoding="utf-8")
    assert (
        "<script>" not in source
        and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;Sở" in source
    )


def test_without_the_extra_publishing_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """When the publish extra is missing, publish raises MissingExtraError (also an ImportError) naming
    the extra and what is not installed."""
    import importlib.util

    from itcriteria.exceptions import MissingExtraError

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None if name == "typst" else real(name))
    with pytest.raises(
        MissingExtraError, match=r"pip install 'itcriteria\[publish\]' \(not installed: typst\)"
    ):
        publish(itcriteria.load_round(EXAMPLE).run(), tmp_path / "a.pdf")
    assert list(tmp_path.iterdir()) == []
