"""Headings and words of result workbooks, in Vietnamese and English, and the lines on top of
every sheet.

Labels the plain-text round report and the explanations already have are taken from them, so a
term reads the same on screen and in the workbook.
"""

from __future__ import annotations

from .._core import terms
from ..model import Provenance, Text
from ..regimes import Regime
from ..rounds import REPORT_LABELS as _REPORT
from ..scoring import EXPLAIN_LABELS as _EXPLAIN


def _explained(key: str) -> Text:
    return Text(_EXPLAIN["vi"][key], _EXPLAIN["en"][key])


def _heading(key: str) -> Text:
    return Text(*terms.HEADINGS[key])


LABELS: dict[str, Text] = (
    {
        key: _REPORT[key]
        for key in (
            "ranking",
            "provisional",
            "round",
            "window",
            "deadline",
            "grace",
            "appraisal",
            "statuses",
            "no_appraisal",
            "cohort",
            "moved",
            "none",
        )
    }
    | {
        # sheet names (short: Excel allows 31 characters)
        "status_sheet": Text("Tình trạng phiếu", "Form status"),
        "appraisal_sheet": Text("Thẩm định", "Appraisal"),
        "gaps_sheet": Text("Tiêu chí chưa đạt", "Gaps"),
        "criteria_sheet": Text("Điểm từng tiêu chí", "All criteria"),
        # headings
        "regime": Text("Bộ tiêu chí", "Regime"),
        "group": _heading("group"),
        "group_id": Text("Mã nhóm", "Group id"),
        "rank": Text("Hạng", "Rank"),
        "unit": _heading("unit_id"),
        "name": _heading("unit_name"),
        "within": Text("Trực thuộc", "Within"),
        "total": _heading("total"),
        "max": _heading("max"),
        "percent": Text("Tỷ lệ điểm (%)", "Percent of max"),
        "band": _heading("band"),
        "status": Text("Tình trạng phiếu", "Form status"),
        "reason": Text("Lý do không xếp hạng", "Why not ranked"),
        "sent": Text("Ngày gửi", "Sent on"),
        "late": Text("Số ngày làm việc trễ", "Working days late"),
        "details": Text("Chi tiết", "Details"),
        "criterion": Text("Mã tiêu chí", "Criterion id"),
        "title": _heading("criterion"),
        "given": Text("Số liệu đơn vị", "Answer given"),
        "points": _heading("points"),
        "benchmark": _heading("benchmark"),
        "benchmark_met": Text("Đạt điểm chuẩn", "Benchmark met"),
        "appraised": Text("Thẩm định", "Appraisal"),
        "self_points": _heading("self_points"),
        "calculation": Text("Cách tính", "Calculation"),
        "source": Text("Nguồn", "Source"),
        "provenance": Text("Căn cứ", "Provenance"),
        "lost": Text("Điểm bị mất", "Points lost"),
        "to_benchmark": Text("Cách đạt điểm chuẩn", "What reaching the benchmark takes"),
        "to_full": Text("Cách đạt điểm tối đa", "What full points take"),
        "gaps": Text(
            "Tiêu chí chưa đạt điểm chuẩn hoặc chưa đủ điểm của từng đơn vị (mất nhiều điểm nhất trước)",
            "Each unit's sub-criteria below benchmark or short of full points (most points lost first)",
        ),
        "no_gaps": Text(
            "Mọi đơn vị đạt mọi điểm chuẩn và đủ điểm", "Every unit meets every benchmark at full points"
        ),
        "self_given": Text("Số liệu tự đánh giá", "Self-assessed answer"),
        "appraised_given": Text("Số liệu thẩm định", "Appraised answer"),
        "appraised_points": _heading("appraised_points"),
        "delta": Text("Chênh lệch", "Change"),
        "why": _heading("reason"),
        "by": Text("Người thẩm định", "By"),
        "on": Text("Ngày", "On"),
        "evidence": Text("Tài liệu kiểm chứng", "Evidence"),
        "corrects": Text("Đính chính biên bản ngày", "Corrects the records of"),
        "self_rank": Text("Hạng tự đánh giá", "Self-assessed rank"),
        "appraised_rank": Text("Hạng sau thẩm định", "Appraised rank"),
        "criteria": Text(
            "Điểm từng tiêu chí của mọi đơn vị được đánh giá (mỗi dòng một đơn vị và một tiêu chí; "
            "dùng nút lọc ở dòng tiêu đề)",
            "Every evaluated unit's points on every criterion (a row per unit and criterion; "
            "use the filter buttons on the heading row)",
        ),
        "no_unit_sheets": Text(
            "Vòng đánh giá có {count} đơn vị được đánh giá, nhiều hơn {limit} đơn vị được lập trang "
            "tính riêng: chi tiết của từng đơn vị ở trang «{sheet}» (lọc theo mã đơn vị).",
            "{count} units were evaluated, more than the {limit} that get a sheet each: each unit's "
            "detail is on the sheet “{sheet}” (filter on the unit id).",
        ),
        "gaps_elsewhere": Text(
            "Tiêu chí chưa đạt: lọc trang «{sheet}» theo cột «Điểm bị mất» lớn hơn 0 hoặc "
            "«Đạt điểm chuẩn» là «chưa đạt»; cách đạt điểm của một đơn vị: lệnh itcriteria plan.",
            "Gaps: filter the sheet “{sheet}” on “Points lost” above 0 or “Benchmark met” "
            "“not met”; what one unit's gaps take: the itcriteria plan command.",
        ),
        "level": Text("Cấp", "Level"),
        # words in cells
        "changed": Text("điểm thay đổi sau thẩm định", "points changed by the appraisal"),
        "answer_set": Text("Hội đồng thẩm định điều chỉnh số liệu", "answer set by the appraisal council"),
        "points_set": _explained("appraised"),
    }
    | {
        key: _explained(key)
        for key in ("met", "not_met", "not_applicable", "zero", "full", "rounded", "best")
    }
)

PROVENANCE: dict[Provenance, Text] = {
    "official": Text("văn bản chính thức", "official text"),
    "derived": _explained("derived"),
    "assumed": _explained("assumed"),
}


def label(key: str, lang: str) -> str:
    """The label ``key`` in ``lang`` (Vietnamese unless ``en``)."""
    return LABELS[key].get(lang)


def head_lines(regime: Regime | None, lang: str, title: str, period: str = "") -> list[str]:
    """The lines on top of a sheet: its title, the regime, the round, and whether the regime is
    provisional."""
    lines = [title]
    if regime is not None:
        lines.append(f"{label('regime', lang)}: {regime.title.get(lang)} ({regime.id})")
    if period:
        lines.append(f"{label('round', lang)}: {period}")
    if regime is not None and regime.is_provisional:
        lines.append(label("provisional", lang))
    return lines


def group_title(regime: Regime | None, group: str, lang: str) -> str:
    """The group's title in ``lang``; its id without a regime, or when the regime has no such group."""
    groups = regime.groups if regime is not None else ()
    return next((g.title.get(lang) for g in groups if g.id == group), group)


def verdict(met: bool | None, lang: str) -> str | None:
    """A benchmark verdict in words: met, not met, or nothing when there is no benchmark."""
    return None if met is None else label("met" if met else "not_met", lang)
