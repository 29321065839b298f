"""The round report reads as an officer writes: units by name, answers in words, Vietnamese numbers
with a decimal comma (issue 18, point 8)."""

from __future__ import annotations

from pathlib import Path

import itcriteria
from itcriteria.rounds import render_round

ROUND = Path(__file__).parents[2] / "plugins" / "binhthuan" / "examples" / "binhthuan-2019-round.json"


def test_the_report_names_units_and_shows_answers_in_words_with_decimal_commas() -> None:
    """Statuses, appraisal lines and rank changes name the unit; a yes/no answer is có/không and a
    level its title; points and totals have a decimal comma in Vietnamese and a point in English."""
    result = itcriteria.load_round(ROUND).run()
    vi, en = render_round(result, "vi", top=0), render_round(result, "en", top=0)
    assert "  Sở Tư pháp " in vi and "  so-tu-phap " not in vi
    assert "3.3    có → không: 4,00 → 0,00" in vi
    assert "3.1    Một phần → Đầy đủ: 3,00 → 6,00" in vi
    assert "Thay đổi thứ hạng sau thẩm định: Ban Quản lý các khu công nghiệp 3→2, Sở Tư pháp 2→3" in vi
    assert "93,59   100   93,59  Tốt" in vi
    assert "Kỳ số liệu: 01/09/2018 – 31/08/2019" in vi
    assert "3.3    yes → no: 4.00 → 0.00" in en and "Partial → Complete" in en
    assert "93.59   100   93.59  Good" in en
    assert "Figures cover: 1 September 2018 – 31 August 2019" in en


def test_the_gap_summary_names_units_and_writes_points_in_the_language() -> None:
    """Each unit's largest gaps are headed by its name (its id beside it), the points lost and the
    advice written with a decimal comma in Vietnamese and a point in English."""
    result = itcriteria.load_round(ROUND).run()
    vi, en = render_round(result, "vi").splitlines(), render_round(result, "en").splitlines()
    start = vi.index("  Sở Tư pháp (so-tu-phap)")
    assert vi[start + 1] == (
        "    4.1 −7,20: tỷ lệ 16/160, điểm chuẩn 30%: "
        "thêm 32 “Số TTHC cung cấp trực tuyến mức độ 3, 4” (48/160)"
    )
    start = en.index("  Sở Tư pháp (so-tu-phap)")
    assert en[start + 1].startswith("    4.1 −7.20: ratio 16/160, benchmark 30%: 32 more ")
    assert "  so-tu-phap" not in vi
