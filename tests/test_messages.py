"""Problems and errors in Vietnamese for the people who read them (issue 18, point 8)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import itcriteria
from itcriteria import testing
from itcriteria._core.messages import describe_error, describe_problem, translate

ROOT = Path(__file__).resolve().parents[1]
FORM = {
    "regime": "binhthuan-2019",
    "unit": {"id": "so-a", "name": "Sở A", "group": "so-nganh"},
    "period": "2019",
    "answers": {"1.1": {"numerator": "1.830", "denominator": "x"}, "1.2": {"value": True}},
}


@pytest.mark.parametrize("regime_id", ["binhthuan-2019", "binhthuan-2020", "hagiang-2015", "vn-dti-2022"])
@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_every_problem_of_a_generated_wrong_form_has_its_vietnamese(
    regime_id: str, data: st.DataObject
) -> None:
    """Whatever is wrong with a generated form (a missing answer, a value of the wrong kind, a part
    above the whole, an unknown group or criterion), each problem the library finds reads in
    Vietnamese, and in English as the library wrote it."""
    regime = itcriteria.get_regime(regime_id)
    wrong = data.draw(testing.invalid_submissions(regime))
    with pytest.raises(itcriteria.SubmissionError) as caught:
        regime.score(wrong.submission)
    for problem in caught.value.problems:
        assert translate(problem.message) != problem.message, problem.message
        assert describe_problem(problem, "en") == str(problem)


def test_a_form_with_three_kinds_of_mistake_reads_in_vietnamese_every_one_at_once() -> None:
    """A missing part of a ratio, an ambiguous number and text where a number belongs: one Vietnamese heading
    naming the form and every problem in Vietnamese; English gives the library's own message."""
    with pytest.raises(itcriteria.SubmissionError) as caught:
        itcriteria.get_regime("binhthuan-2019").score(FORM)
    vi = describe_error(caught.value).splitlines()
    assert vi[0].startswith("phiếu của so-a theo bộ tiêu chí binhthuan-2019: ") and vi[0].endswith(" lỗi:")
    assert '  - answers["1.2"].numerator: thiếu mục bắt buộc' in vi
    assert (
        '  - answers["1.1"].numerator: “1.830” không rõ nghĩa (dấu phân cách hàng nghìn hay dấu thập '
        "phân?): ghi 1830 nếu là số nguyên, hoặc 1.8300 nếu là số thập phân"
    ) in vi
    assert '  - answers["1.1"].denominator: cần một số, nhận được “x”' in vi
    assert any(line.startswith('  - answers["1.3"]: chưa trả lời (tử số và mẫu số) cho “') for line in vi)
    assert describe_error(caught.value, "en") == str(caught.value)


def test_a_message_without_vietnamese_is_shown_as_it_is() -> None:
    """A message the catalogue does not hold is shown in English rather than lost or mangled."""
    assert translate("something the catalogue has never seen") == "something the catalogue has never seen"


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "itcriteria", *args], capture_output=True, text=True, encoding="utf-8", cwd=cwd
    )


def test_the_command_line_reports_errors_and_skipped_forms_in_the_language_asked(tmp_path: Path) -> None:
    """`score` of a bad form says "lỗi:" and the problems in Vietnamese by default, "error:" and the
    library's English with --lang en; --skip-invalid says "bỏ qua:" / "skipped:" with the same problems."""
    form = tmp_path / "so-a.json"
    form.write_text(json.dumps(FORM, ensure_ascii=False), "utf-8")
    vi = _cli("score", "--regime", "binhthuan-2019", str(form), cwd=tmp_path)
    assert vi.returncode == 1 and vi.stderr.startswith("lỗi: lô 1 phiếu theo bộ tiêu chí binhthuan-2019")
    assert "cần một số, nhận được “x”" in vi.stderr and "expected a number" not in vi.stderr
    en = _cli("score", "--regime", "binhthuan-2019", str(form), "--lang", "en", cwd=tmp_path)
    assert en.returncode == 1 and en.stderr.startswith(
        "error: submission batch of 1 forms under binhthuan-2019"
    )
    assert "expected a number, got “x”" in en.stderr
    skipped = _cli("validate", "binhthuan-2019", str(form), cwd=tmp_path)
    assert "cần một số" in skipped.stderr, skipped.stderr


def test_a_clerks_mistakes_in_a_filled_excel_form_read_in_vietnamese(tmp_path: Path) -> None:
    """The mistakes a clerk makes in the Excel form (text in a number cell, a number that could be
    thousands, a count with a fraction, a level not in the list, a date that is not a day, a part
    above the whole) are each reported at their cell in Vietnamese, none left in English."""
    from filling import Sheet, fill, first

    regime = itcriteria.get_regime("binhthuan-2019")
    forms = json.loads((ROOT / "plugins/binhthuan/examples/binhthuan-2019-forms.json").read_text("utf-8"))
    path = tmp_path / "phieu.xlsx"
    itcriteria.write_template(regime, path, group="so-nganh")
    sheet = Sheet(path)
    fill(sheet, regime, forms[0], "vi", first, fixed=True)
    sheet.input("1.1", "numerator").value = "nhiều"
    sheet.input("1.2", "numerator").value = "1.830"
    sheet.input("1.3", "numerator").value = 50  # above its denominator
    sheet.input("2.7", "value").value = "12,5"
    sheet.input("5.2", "value").value = "sắp ban hành"
    sheet.unit("submitted").value = "31/02/2019"
    sheet.save()
    with pytest.raises(itcriteria.SubmissionError) as caught:
        itcriteria.read_form(path, regime)
    assert len(caught.value.problems) >= 6
    for problem in caught.value.problems:
        assert translate(problem.message) != problem.message, problem.message
        assert describe_problem(problem).startswith(f"{path}!Phiếu!")
