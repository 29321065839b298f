"""``itcriteria import-annex`` run as an officer runs it: the regime file, the report on the terminal and
as Markdown, then validate and the criteria book of the result; nothing written on bad input."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

import itcriteria
from annex_files import write_annex

ANNEX = [
    ["STT", "Tiêu chí", "Điểm tối đa", "Cách tính điểm", "Tài liệu kiểm chứng"],
    ["1", "Ứng dụng CNTT trong nội bộ", "30", "", ""],
    ["1.1", "Tỷ lệ văn bản đi gửi dưới dạng điện tử", "10", "Tỷ lệ % x Điểm tối đa", "Báo cáo"],
    ["1.2", "Sử dụng chữ ký số", "5", "Có: 5 điểm; Không: 0 điểm", ""],
    ["1.3", "Ứng dụng dùng chung", "5", "1 điểm/ứng dụng, tối đa không quá 5 điểm", ""],
    ["1.4", "Cuộc họp trực tuyến", "10", "Đánh giá theo mức độ triển khai thực tế", ""],
    ["2", "Đô thị thông minh", "0", "Không tính điểm", ""],
]
OPTIONS = ["--id", "thu-2024", "--province", "thu", "--decision", "9/QĐ-UBND", "--date", "01/03/2024"]


def run(*args: str | Path, code: int = 0) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "itcriteria", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert done.returncode == code, done.stdout + done.stderr
    return done


def test_import_report_validate_and_book(tmp_path: Path) -> None:
    """One command writes the regime and the report; validate lists what remains; docs renders it; scoring
    forms under it is refused while a row has no rule."""
    annex = write_annex(tmp_path / "phu-luc.xlsx", ANNEX)
    regime_file, report_file = tmp_path / "thu-2024.toml", tmp_path / "bao-cao.md"
    done = run("import-annex", annex, "-o", regime_file, *OPTIONS, "--report", report_file)
    regime = itcriteria.load_regime(regime_file)
    assert regime.id == "thu-2024" and regime.status == "provisional"
    assert regime.legal_basis[0].decision == "9/QĐ-UBND"
    for text in (done.stdout, report_file.read_text("utf-8")):
        assert "6 dòng" in text  # rows read
        assert "tỷ lệ × điểm tối đa (ratio): 1" in text
        assert "có/không (yes_no): 1" in text
        assert "điểm mỗi mục, có giới hạn (per_item): 1" in text
        assert "không tính điểm (not_scored): 1" in text
        assert "1.4 (Phụ lục, row 6): not_translated()" in text
        assert "Đánh giá theo mức độ triển khai thực tế" in text
        assert f"itcriteria docs {regime_file} --format html" in text
    assert report_file.read_text("utf-8").startswith("# Báo cáo nhập phụ lục")

    # provenance: the annex's text is official, the importer's rules derived, the placeholder assumed
    assert regime.criterion("1").provenance == "official"
    assert regime.criterion("1").source == "9/QĐ-UBND, Phụ lục, STT 1"
    assert regime.criterion("1.1").provenance == "derived"
    assert "Cách tính điểm: Tỷ lệ % x Điểm tối đa" in regime.criterion("1.1").note.vi
    assert "Tài liệu kiểm chứng: Báo cáo" in regime.criterion("1.1").note.vi
    assert regime.criterion("1.4").provenance == "assumed"

    assert "bộ tiêu chí thu-2024 hợp lệ (tạm thời)" in run("validate", regime_file).stdout
    checked = run("validate", regime_file, "--lang", "en").stdout
    assert "regime thu-2024 is valid (provisional)" in checked
    assert "1.4: no rule yet (not_translated())" in checked
    assert "derived, to check against the legal text: 1.1, 1.2, 1.3, 2" in checked

    book = tmp_path / "book.html"
    run("docs", regime_file, "--format", "html", "-o", book)
    assert "Tỷ lệ văn bản đi gửi dưới dạng điện tử" in book.read_text("utf-8")

    form = tmp_path / "form.json"
    form.write_text('{"unit": {"id": "u", "name": "U", "group": "don-vi"}, "answers": {}}', encoding="utf-8")
    refused = run("score", form, "--regime", regime_file, code=1).stderr
    assert "cannot score: 1 sub-criterion has no rule yet" in refused
    assert "1.4" in refused


def test_official_status_is_refused_while_a_row_has_no_rule(tmp_path: Path) -> None:
    """Marking the imported regime official while a placeholder remains does not validate."""
    annex = write_annex(tmp_path / "phu-luc.csv", ANNEX)
    regime_file = tmp_path / "thu.toml"
    run("import-annex", annex, "-o", regime_file, *OPTIONS)
    text = regime_file.read_text("utf-8").replace('status = "provisional"', 'status = "official"')
    regime_file.write_text(text, encoding="utf-8")
    with pytest.raises(itcriteria.RegimeError, match=r"still have no rule \(not_translated\(\)\)"):
        itcriteria.load_regime(regime_file)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([["Họ tên", "Đơn vị"], ["A", "B"]], "no header row found"),
        ([ANNEX[0], ANNEX[6], ANNEX[6]], "row 3, column 1 (STT): STT '2' again"),
        ([ANNEX[0], ["1", "A", "mười", "Có: 5 điểm; Không: 0 điểm", ""]], "row 2, column 3 (Điểm tối đa)"),
    ],
)
def test_bad_annex_writes_nothing(tmp_path: Path, rows: list[list[str]], message: str) -> None:
    """Bad input exits 1 with the file, row and column in the message, and leaves no regime file."""
    annex = write_annex(tmp_path / "phu-luc.csv", rows)
    regime_file = tmp_path / "thu.toml"
    done = run("import-annex", annex, "-o", regime_file, *OPTIONS, "--report", tmp_path / "r.md", code=1)
    assert str(annex) in done.stderr and message in done.stderr
    assert not regime_file.exists() and not (tmp_path / "r.md").exists()


def test_report_in_english_names_every_kind(tmp_path: Path) -> None:
    """The report is in Vietnamese by default and in English with lang="en"; every kind of rule has
    words in both."""
    from itcriteria.annex import KINDS, import_annex, render_report
    from itcriteria.annex._rules import KIND_WORDS, KIND_WORDS_EN

    assert set(KIND_WORDS) == set(KIND_WORDS_EN) == set(KINDS)
    annex = write_annex(tmp_path / "phu-luc.docx", ANNEX)
    result = import_annex(
        annex, regime_id="thu-2024", province="thu", decision="9/QĐ-UBND", date=dt.date(2024, 3, 1)
    )
    english = render_report(result.report, "thu.toml", lang="en")
    assert "Rows not translated into a rule (1)" in english and "ratio × maximum (ratio): 1" in english
    assert "Dòng chưa dịch thành quy tắc (1)" in render_report(result.report, "thu.toml")
