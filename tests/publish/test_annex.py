"""The annex PDF read back: every unit, its points and rank as the round result says, in group order;
the document's header; diacritics; the edge rounds; byte-identical output; the layout's columns."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest
from publishing import (
    assert_in_order,
    expected_rows,
    flat,
    pdf_pages,
    province,
    small_regime,
    small_round,
    tables_text,
)

import itcriteria
from itcriteria.publish import publish

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def example_pdf(example_result: itcriteria.RoundResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("annex") / "ket-qua.pdf"
    publish(
        example_result,
        path,
        decision="3346/QĐ-UBND",
        date=dt.date(2019, 12, 3),
        signer="Nguyễn Văn Phong",
        signer_title="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
    )
    return path


def test_example_round_lists_every_unit_with_its_points_and_rank_in_group_order(
    example_pdf: Path, example_result: itcriteria.RoundResult
) -> None:
    """The Bình Thuận 2019 annex has a row per unit scored (rank, name, points, maximum, percent and
    class exactly as the round result says) in the regime's group order, each group under its title."""
    text = tables_text(pdf_pages(example_pdf))
    titles = [
        f"{numeral}. {group.title.vi}"
        for numeral, group in zip(("I", "II", "III", "IV"), example_result.regime.groups, strict=True)
    ]
    assert_in_order(text, titles)
    rows = expected_rows(example_result)
    assert rows[0] == "1 Sở Thông tin và Truyền thông 93,59 100 93,59 Tốt"
    assert_in_order(text, rows)
    for title, following in zip(
        titles, [*titles[1:], None], strict=True
    ):  # each row under its own group's title
        section = text.split(title, 1)[1].split(following)[0] if following else text.split(title, 1)[1]
        group = next(g for g in example_result.regime.groups if title.endswith(g.title.vi))
        for row in example_result.ranking:
            if row.group == group.id:
                assert row.name in section


def test_units_not_ranked_are_listed_with_the_reason(example_pdf: Path) -> None:
    """A unit with no form and one late beyond the grace period are listed under their group with
    why; the group scored but not ranked says so and shows points without ranks."""
    text = tables_text(pdf_pages(example_pdf))
    assert "Cơ quan, đơn vị không xếp hạng Cơ quan, đơn vị Lý do Sở Y tế không gửi phiếu" in text
    assert "UBND huyện Hàm Thuận Bắc trễ quá thời gian cho phép: gửi 23/09/2019, trễ 6 ngày làm việc" in text
    assert "Nhóm được chấm điểm nhưng không xếp hạng theo bộ tiêu chí." in text
    assert "– Công an tỉnh 91,06 100 91,06 Tốt" in text


def test_the_annex_reads_as_an_administrative_document(example_pdf: Path) -> None:
    """Page one carries the issuing body, the national motto and slogan, the place and date, and the
    annex title naming the decision; the signature block follows the tables."""
    first = flat(pdf_pages(example_pdf)[0])
    assert_in_order(
        first,
        [
            "ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập – Tự do – Hạnh phúc",
            "Bình Thuận, ngày 03 tháng 12 năm 2019",
            "PHỤ LỤC",
            "Kết quả đánh giá, xếp hạng hoạt động ứng dụng công nghệ thông tin",
            "(Kèm theo Quyết định số 3346/QĐ-UBND ngày 03/12/2019 của Ủy ban nhân dân tỉnh Bình Thuận)",
        ],
    )
    assert "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Văn Phong" in tables_text(pdf_pages(example_pdf))


def test_every_page_is_numbered_a4_and_marked_provisional(example_pdf: Path) -> None:
    """Each page is A4, says "Trang n / N", and (the regime being provisional) says so at its top."""
    reader = pypdf.PdfReader(example_pdf)
    pages = pdf_pages(example_pdf)
    assert len(pages) > 3
    for number, (page, text) in enumerate(zip(reader.pages, pages, strict=True), start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)
        assert text.startswith("TẠM THỜI: kết quả theo bộ tiêu chí")
        assert f"Trang {number} / {len(pages)}" in text


def test_the_appendix_lists_each_units_sub_criteria_below_benchmark(
    example_pdf: Path, example_result: itcriteria.RoundResult
) -> None:
    """After the tables, per unit evaluated, every sub-criterion below its benchmark with its points,
    benchmark and what reaching it takes, and none that meets it."""
    text = flat("\n".join(pdf_pages(example_pdf)))
    appendix = text.split("Các tiêu chí thành phần chưa đạt điểm chuẩn của từng cơ quan, đơn vị")[1]
    names = [row.name for row in example_result.ranking if row.unit in example_result.cards]
    assert_in_order(appendix, names)
    gaps = example_result.gaps("so-tttt")
    below = [gap for gap in gaps if gap.benchmark_met is False]
    met = [gap for gap in gaps if gap.benchmark_met is not False]
    section = appendix.split("Sở Thông tin và Truyền thông — ")[1].split(f"{names[1]} — ")[0]
    assert below and met
    for gap in below:
        assert f"{gap.id} {gap.criterion.title.vi}" in section
        assert gap.to_benchmark is not None and gap.to_benchmark.describe("vi")[:20] in section
    for gap in met:
        assert f"{gap.id} {gap.criterion.title.vi}" not in section


def test_a_200_unit_round_prints_every_unit_across_pages_with_repeated_headers(tmp_path: Path) -> None:
    """A generated round of 200 units: every row is there in order over several pages per group, and
    every page of a table starts with the table's header row again."""
    result = province(200).run()
    path = publish(result, tmp_path / "ket-qua.pdf")
    pages = pdf_pages(path)
    text = tables_text(pages)
    assert_in_order(text, expected_rows(result))
    not_ranked = [row for row in result.ranking if row.total is None]
    assert not_ranked and all(row.name in text for row in not_ranked)
    header = "Xếp hạng Cơ quan, đơn vị Điểm đạt Điểm tối đa Tỷ lệ (%) Xếp loại"
    charts = next(i for i, page in enumerate(pages) if "\nBiểu đồ\n" in page)
    table_pages = [flat(page) for page in pages[:charts]]
    assert len(table_pages) >= 5  # about 50 units a group: each table runs over a page break
    for page in table_pages[1:]:
        assert page.split("TẠM THỜI: kết quả theo bộ tiêu chí có tiêu chí chưa theo văn bản chính thức ")[
            1
        ].startswith((header, "IV.", "III.", "II.")), page[:200]


def test_diacritics_come_back_exactly(tmp_path: Path) -> None:
    """Unit names using every Vietnamese vowel with every tone, and đ, read back byte for byte after
    NFC, and every font in the file is the embedded Be Vietnam Pro."""
    vowels = "aăâeêioôơuưy"
    tones = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]  # grave, acute, hook, tilde, dot
    letters = [unicodedata.normalize("NFC", v + t) for v in vowels for t in tones]
    names = [" ".join(letters[i : i + 12]) for i in range(0, len(letters), 12)]
    names += [name.upper() for name in names] + ["Đảo Phú Quý – Đồng Tháp – Bắc Kạn – Ủy ban Hàm Thuận Bắc"]
    regime = small_regime()
    roster = tuple(itcriteria.Unit(f"u{i}", name, "so") for i, name in enumerate(names))
    forms = tuple(itcriteria.Submission(u, {"1": itcriteria.Answer(value=i)}) for i, u in enumerate(roster))
    result = itcriteria.Round(regime, roster, forms, period="2019").run()
    path = publish(result, tmp_path / "dau.pdf")
    text = tables_text(pdf_pages(path))
    for name in names:
        assert name in text
    reader = pypdf.PdfReader(path)
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add(str(font["/BaseFont"]).split("+")[-1])
            descendant = font.get("/DescendantFonts")
            descriptor = (descendant[0].get_object() if descendant else font)["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor  # embedded
    assert fonts and all(font.startswith("BeVietnamPro") for font in fonts), fonts


def test_edge_rounds_render(tmp_path: Path) -> None:
    """Ties print 1, 2, 2, 4; a group of one unit has its table; a group where nobody is ranked says
    so and lists why; an official regime prints no provisional mark."""
    regime = small_regime(status="official")
    result = small_round(
        regime,
        [
            ("a", "so", 9),
            ("b", "so", 7),
            ("c", "so", 7),
            ("d", "so", 3),
            ("e", "huyen", None),
            ("f", "huyen", None),
        ],
    ).run()
    pages = pdf_pages(publish(result, tmp_path / "ties.pdf"))
    text = tables_text(pages)
    assert_in_order(
        text,
        [
            "I. Sở, ngành",
            "1 Đơn vị a 9,00 10 90,00 Tốt",
            "2 Đơn vị b 7,00 10 70,00 Khá",
            "2 Đơn vị c 7,00 10 70,00 Khá",
            "4 Đơn vị d 3,00 10 30,00 Yếu",
            "II. UBND huyện",
            "Không có cơ quan, đơn vị nào được xếp hạng.",
            "Đơn vị e không gửi phiếu",
            "Đơn vị f không gửi phiếu",
        ],
    )
    assert not any("TẠM THỜI" in page for page in pages)
    single = small_round(small_regime(), [("a", "so", 4), ("b", "so", 6), ("h", "huyen", 8)]).run()
    text = tables_text(pdf_pages(publish(single, tmp_path / "one.pdf")))
    assert_in_order(
        text, ["I. Sở, ngành", "1 Đơn vị b", "2 Đơn vị a", "II. UBND huyện", "1 Đơn vị h 8,00 10 80,00 Tốt"]
    )


def test_an_empty_round_still_prints_its_groups(tmp_path: Path) -> None:
    """A round where no unit sent a form prints every group with nobody ranked, and no charts."""
    result = small_round(small_regime(), [("a", "so", None)]).run()
    text = flat("\n".join(pdf_pages(publish(result, tmp_path / "empty.pdf"))))
    assert_in_order(text, ["I. Sở, ngành", "Đơn vị a không gửi phiếu", "II. UBND huyện", "Không có cơ quan"])
    assert "Biểu đồ" not in text


def test_previous_round_adds_the_earlier_rank_and_the_change(
    example_result: itcriteria.RoundResult, previous_result: itcriteria.RoundResult, tmp_path: Path
) -> None:
    """With an earlier round, each row also gives the rank then and how many places it moved."""
    text = tables_text(pdf_pages(publish(example_result, tmp_path / "a.pdf", previous=previous_result)))
    assert "Xếp hạng Cơ quan, đơn vị Điểm đạt Điểm tối đa Tỷ lệ (%) Xếp loại Hạng 2018 Thay đổi" in text
    assert "1 Sở Thông tin và Truyền thông 93,59 100 93,59 Tốt 1 0" in text
    assert "2 Ban Quản lý các khu công nghiệp 63,47 100 63,47 Trung bình 3 +1" in text
    assert "3 Sở Tư pháp 61,04 100 61,04 Trung bình 2 −1" in text


def test_english_annex(example_result: itcriteria.RoundResult, tmp_path: Path) -> None:
    """lang="en" prints the header, columns and reasons in English with decimal points."""
    text = tables_text(pdf_pages(publish(example_result, tmp_path / "en.pdf", lang="en")))
    assert_in_order(
        text,
        [
            "SOCIALIST REPUBLIC OF VIET NAM",
            "Independence – Freedom – Happiness",
            "ANNEX",
            "Rank Agency Points Max Percent Class",
            "1 Sở Thông tin và Truyền thông 93.59 100 93.59 Good",
            "Sở Y tế no form sent",
        ],
    )


def test_the_same_publish_gives_the_same_bytes(
    example_result: itcriteria.RoundResult, tmp_path: Path
) -> None:
    """Publishing twice gives byte-identical PDF, HTML and chart files."""
    outputs = []
    for run in ("one", "two"):
        folder = tmp_path / run
        folder.mkdir()
        publish(example_result, folder / "a.pdf", charts_dir=folder, decision="1/QĐ-UBND")
        publish(example_result, folder / "a.html")
        outputs.append({p.name: p.read_bytes() for p in sorted(folder.iterdir())})
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 4


def test_bad_requests_write_nothing(example_result: itcriteria.RoundResult, tmp_path: Path) -> None:
    """An unknown format, a missing folder or a bad language is an error before anything is written."""
    with pytest.raises(ValueError, match=r"cannot tell the format of 'a\.docx'"):
        publish(example_result, tmp_path / "a.docx")
    with pytest.raises(FileNotFoundError, match="no such folder"):
        publish(example_result, tmp_path / "missing" / "a.pdf")
    with pytest.raises(ValueError, match="unknown language 'fr'; use vi or en"):
        publish(example_result, tmp_path / "a.pdf", lang="fr")
    with pytest.raises(NotADirectoryError, match="no folder"):
        publish(example_result, tmp_path / "a.pdf", charts_dir=tmp_path / "nope")
    assert list(tmp_path.iterdir()) == []


def test_a_table_that_lost_a_column_fails_the_golden_image(
    example_pdf: Path, rasterise: Callable[[Path, int, int], tuple[int, int, bytes]]
) -> None:
    """Page one rendered by pdftoppm: the first table's vertical rules sit where the golden image of
    that table has them (rank, unit, points, maximum, percent, class: seven rules)."""
    width, height, pixels = rasterise(example_pdf, 1, 100)
    rules = _column_rules(width, height, pixels)
    golden = [int(x) for x in (GOLDEN / "first-table-rules.txt").read_text().split()]
    assert len(rules) == 7
    assert all(abs(a - b) <= 2 for a, b in zip(rules, golden, strict=True)), (rules, golden)


def _column_rules(width: int, height: int, pixels: bytes) -> list[int]:
    """x of the vertical lines crossing the first ranking table: the columns where a run of dark
    pixels at least as tall as two rows goes down through the table's header band."""
    dark = [[pixels[y * width + x] < 128 for x in range(width)] for y in range(height)]
    top = next(y for y in range(height) if sum(dark[y]) > width * 0.55)  # the table's top rule
    band = range(top + 2, top + 30)
    rules = [x for x in range(width) if all(dark[y][x] for y in band)]
    merged: list[int] = []
    for x in rules:
        if not merged or x - merged[-1] > 3:
            merged.append(x)
    return merged
