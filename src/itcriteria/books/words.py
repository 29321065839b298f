"""The words of a criteria book: every phrase in Vietnamese and English. Numbers and dates are written
by the one formatter (``_core.formats``); field names come from the one catalogue (``_core.terms``)."""

from __future__ import annotations

from .._core import check_lang, formats, terms
from ..model import Lang, Period
from ..regimes import RULE_PHRASES

#: Every phrase of a book, in Vietnamese and English.
_PHRASES: dict[str, tuple[str, str]] = {
    "regime_id": ("Mã bộ tiêu chí", "Regime id"),
    "effective": ("Hiệu lực", "In force"),
    "in_force": ("đến nay", "until replaced"),
    "status": ("Trạng thái", "Status"),
    "official": ("chính thức", "official"),
    "provisional": ("tạm thời", "provisional"),
    "derived": ("suy ra", "derived"),
    "assumed": ("giả định", "assumed"),
    "provisional_title": ("Bộ tiêu chí TẠM THỜI", "PROVISIONAL criteria set"),
    "provisional_body": (
        "{count} trong {total} tiêu chí chưa theo văn bản chính thức ({derived} suy ra, {assumed} giả định); "
        "mỗi tiêu chí ghi rõ nguồn và nguồn gốc. Điểm số có thể thay đổi khi có phụ lục chính thức.",
        "{count} of {total} criteria are not from an official text ({derived} derived, {assumed} assumed); "
        "each criterion states its source and provenance. Scores may change when the official annex is "
        "encoded.",
    ),
    "provisional_settings": (
        "Bộ tiêu chí chưa được xác nhận là chính thức; mỗi mục ghi rõ nguồn.",
        "The criteria set is not confirmed as official; each item states its source.",
    ),
    "official_title": ("Bộ tiêu chí chính thức", "Official criteria set"),
    "official_body": (
        "Mọi tiêu chí đều theo văn bản chính thức nêu trong căn cứ pháp lý.",
        "Every criterion is taken from the official texts listed under legal basis.",
    ),
    "notes": ("Ghi chú", "Notes"),
    "legal_basis": ("Căn cứ pháp lý", "Legal basis"),
    "document": ("Văn bản", "Document"),
    "date": ("Ngày", "Date"),
    "subject": ("Nội dung", "Subject"),
    "dates": ("Thời gian và thời hạn", "Dates and deadlines"),
    "evaluation_window": ("Số liệu tính từ", "Data window"),
    "cadence": ("Chu kỳ đánh giá", "Evaluated"),
    "year": ("hằng năm", "every year"),
    "quarter": ("hằng quý", "every quarter"),
    "aggregate": ("kết quả năm", "the year's result"),
    "mean": ("trung bình các quý", "the mean of the quarters"),
    "sum": ("tổng các quý", "the sum of the quarters"),
    "last": ("kết quả quý cuối", "the last quarter's result"),
    "deadline": ("Hạn gửi phiếu", "Forms due"),
    "grace": (
        "gửi trễ quá {days} ngày làm việc thì không được đánh giá, xếp hạng",
        "a form more than {days} working days late is not evaluated or ranked",
    ),
    "no_grace": ("gửi trễ thì không được đánh giá, xếp hạng", "a late form is not evaluated or ranked"),
    "channel": ("Cách gửi", "How to send"),
    "source": ("Nguồn", "Source"),
    "provenance": ("Nguồn gốc", "Provenance"),
    "milestone": ("Mốc", "Milestone"),
    "by": ("Hạn", "By"),
    "no_deadline": (
        "Bộ tiêu chí không quy định hạn gửi phiếu.",
        "The criteria set states no deadline for forms.",
    ),
    "groups": ("Nhóm đơn vị", "Unit groups"),
    "group": ("Nhóm", "Group"),
    "id": ("Mã", "Id"),
    "max_total": ("Điểm tối đa", "Maximum points"),
    "leaves": ("Số tiêu chí thành phần", "Sub-criteria"),
    "ranked": ("Xếp hạng", "Ranked"),
    "ranked_group": ("trong nhóm", "within the group"),
    "ranked_parent": ("trong từng đơn vị cấp trên", "within each parent unit"),
    "not_ranked": ("chấm điểm, không xếp hạng", "scored, not ranked"),
    "basis": ("Xếp hạng theo", "Ranked on"),
    "basis_total": ("tổng điểm", "the total"),
    "basis_percent": (
        "tỷ lệ phần trăm của tổng điểm trên điểm tối đa của đơn vị",
        "the total as a percentage of the unit's maximum",
    ),
    "tie_breaks": ("Khi bằng điểm, xét lần lượt", "Ties broken in order by"),
    "tb_percent": ("tỷ lệ phần trăm cao hơn", "the higher percentage"),
    "tb_total": ("tổng điểm cao hơn", "the higher total"),
    "tb_submitted": ("gửi phiếu sớm hơn", "the form sent earlier"),
    "tb_criterion": ("điểm tiêu chí {id} cao hơn", "more points on criterion {id}"),
    "method_ordinal": (
        "không đồng hạng: phân định theo các tiêu chí phụ, rồi theo mã đơn vị (1, 2, 3, 4)",
        "no shared ranks: ties are broken by the tie-breaks, then by unit id (1, 2, 3, 4)",
    ),
    "groups_lead": (
        "Đơn vị được xếp hạng riêng trong từng nhóm.",
        "Units are ranked separately within each group.",
    ),
    "criteria": ("Tiêu chí", "Criteria"),
    "criterion": ("Tiêu chí", "Criterion"),
    "max": ("Điểm tối đa", "Max points"),
    "benchmark": ("Điểm chuẩn", "Benchmark"),
    "applies": ("Áp dụng", "Applies to"),
    "all_groups": ("mọi nhóm", "all groups"),
    "only_groups": ("Chỉ áp dụng cho", "Only for"),
    "numerator": ("Tử số", "Numerator"),
    "denominator": ("Mẫu số", "Denominator"),
    "count": ("Số đếm", "Count"),
    "value": ("Giá trị", "Value"),
    "question": ("Câu hỏi (có/không)", "Question (yes/no)"),
    "choice": ("Chọn một mức", "Choose one level"),
    "unit": ("đơn vị", "unit"),
    "between": ("từ {low} đến {high}", "from {low} to {high}"),
    "at_least": ("từ {low}", "at least {low}"),
    "at_most": ("đến {high}", "at most {high}"),
    "zero_denominator": ("Khi mẫu số bằng 0", "When the denominator is 0"),
    "zd_not_applicable": (
        "không áp dụng: tiêu chí không tính vào điểm tối đa của đơn vị",
        "not applicable: left out of the unit's maximum",
    ),
    "zd_zero": ("0 điểm", "0 points"),
    "zd_full": ("điểm tối đa", "full points"),
    "scoring": ("Cách tính điểm", "Scoring"),
    "combine": ("Cách cộng điểm", "Combined as"),
    "combine_sum": ("tổng điểm các tiêu chí thành phần", "the sum of the sub-criteria"),
    "combine_capped_sum": (
        "tổng điểm các tiêu chí thành phần, tối đa {max} điểm",
        "the sum of the sub-criteria, at most {max} points",
    ),
    "combine_best": ("điểm cao nhất trong các tiêu chí thành phần", "the best of the sub-criteria"),
    "lower_is_better": (
        "Điểm có thể giảm khi số liệu tăng (khoảng mục tiêu hoặc điểm trừ).",
        "Points may fall as the answer rises (a target band or a penalty).",
    ),
    "note": ("Ghi chú", "Note"),
    "bands": ("Xếp loại", "Classification"),
    "band": ("Xếp loại", "Class"),
    "range": ("Khoảng điểm", "Range"),
    "bands_on_total": ("Xếp loại theo tổng điểm.", "Classes are by total points."),
    "bands_on_percent": (
        "Xếp loại theo tỷ lệ phần trăm của tổng điểm trên điểm tối đa của đơn vị.",
        "Classes are by the total as a percentage of the unit's maximum.",
    ),
    "no_bands": ("Bộ tiêu chí không xếp loại.", "The criteria set does not classify units."),
    "rounding": ("Làm tròn", "Rounding"),
    "ranking": ("Xếp hạng", "Ranking"),
    "policy": ("Cách xếp hạng", "Ranking policy"),
    "method": ("Đồng điểm", "Ties"),
    "method_competition": (
        "cùng hạng, hạng kế tiếp bỏ qua (1, 2, 2, 4)",
        "share a rank, and the next rank is skipped (1, 2, 2, 4)",
    ),
    "method_dense": (
        "cùng hạng, hạng kế tiếp không bỏ (1, 2, 2, 3)",
        "share a rank, and no rank is skipped (1, 2, 2, 3)",
    ),
    "changes": ("Thay đổi so với bộ tiêu chí trước", "What changed from the previous regime"),
    "first_regime": (
        "Đây là bộ tiêu chí đầu tiên của {province} được cài đặt; không có bộ trước để so sánh.",
        "This is the first installed criteria set of {province}; there is no earlier one to compare with.",
    ),
    "compared_with": (
        "So với {previous} (hiệu lực {period}):",
        "Compared with {previous} (in force {period}):",
    ),
    "no_change": ("Không thay đổi.", "No change."),
    "added": ("Tiêu chí mới", "Criteria added"),
    "removed": ("Tiêu chí bỏ", "Criteria removed"),
    "changed": ("Tiêu chí thay đổi", "Criteria changed"),
    "settings": ("Thay đổi chung", "Other changes"),
    "what": ("Nội dung", "What"),
    "before": ("Trước", "Before"),
    "after": ("Sau", "After"),
}

_PHRASES |= RULE_PHRASES  # rules in words, which the diff of two regimes shares

_WORDS = {lang: {key: pair[i] for key, pair in _PHRASES.items()} for i, lang in enumerate(("vi", "en"))}


def _lang(lang: str) -> Lang:
    """``lang`` checked: "vi" or "en", else an ArgumentError."""
    return "en" if check_lang(lang) == "en" else "vi"


number, percent, date = formats.number, formats.percent, formats.date


def period(span: Period, lang: str) -> str:
    return formats.span(span.start, span.end, lang)


def province_shown(province_id: str, lang: str, *, label: bool = False) -> str:
    """The province by name (``tỉnh Bình Thuận``), or by id when it is not a Vietnamese province's;
    with ``label``, as the book's lead line writes it (``Tỉnh: Bình Thuận``)."""
    name = terms.province_name(province_id)
    if not label:
        return terms.province_title(province_id, lang) or province_id
    kind = capital(terms.word(terms.PROVINCES[province_id][0] if name else "province", lang))
    return f"{kind}: {name or province_id}"


capital = terms.capital
