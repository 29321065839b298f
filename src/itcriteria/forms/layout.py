"""The contract between the Excel form template and its reader: version, machine key and words.

A template (:func:`itcriteria._form_template.write_template`) is read back
(:func:`itcriteria._form_reading.read_form`) through workbook-level *defined names*, never by guessing
from its visual layout:

========================  ========================================================================
defined name              refers to
========================  ========================================================================
``itcriteria_regime``     the cell holding the regime id (``binhthuan-2019``)
``itcriteria_version``    the cell holding the template version (:data:`TEMPLATE_VERSION`)
``itcriteria_unit_id``    the unit block's input cells: unit id, name, group, parent unit, period
``…_unit_name`` …         and submission date (``itcriteria_unit_name``, ``itcriteria_unit_group``,
                          ``itcriteria_unit_parent``, ``itcriteria_period``, ``itcriteria_submitted``)
``itcriteria_key``        the hidden key column over the criteria rows: a sub-criterion's id on its
                          row, empty on heading rows
``itcriteria_numerator``  each input column over the same rows (also ``itcriteria_denominator``,
``…``                     ``itcriteria_value``, ``itcriteria_evidence``, ``itcriteria_note``)
========================  ========================================================================

Spreadsheet programs keep defined names when a sheet is renamed or a file re-saved, so a form filled in
Excel or LibreOffice reads exactly as the template was written. A new layout gets a new version; the
reader refuses versions it does not know.
"""

from __future__ import annotations

from typing import Final

#: The layout version written into every template; the reader accepts exactly the versions listed in
#: :data:`READABLE_VERSIONS`.
TEMPLATE_VERSION: Final = 1
READABLE_VERSIONS: Final = frozenset({TEMPLATE_VERSION})

PREFIX: Final = "itcriteria_"
NAME_REGIME: Final = PREFIX + "regime"
NAME_VERSION: Final = PREFIX + "version"
NAME_KEY: Final = PREFIX + "key"

#: The unit block: field of the submission → defined name of its input cell.
UNIT_FIELDS: Final[dict[str, str]] = {
    "unit.id": PREFIX + "unit_id",
    "unit.name": PREFIX + "unit_name",
    "unit.group": PREFIX + "unit_group",
    "unit.parent": PREFIX + "unit_parent",
    "period": PREFIX + "period",
    "submitted": PREFIX + "submitted",
}

#: The answer columns, in the order they appear: field of an Answer → defined name of its column.
ANSWER_FIELDS: Final[dict[str, str]] = {
    "numerator": PREFIX + "numerator",
    "denominator": PREFIX + "denominator",
    "value": PREFIX + "value",
    "evidence": PREFIX + "evidence",
    "note": PREFIX + "note",
}

#: How yes/no appears in a template's drop-down, by language.
YES_NO_WORDS: Final[dict[str, tuple[str, str]]] = {"vi": ("Có", "Không"), "en": ("Yes", "No")}

#: Every word read as yes or no, in either language, compared after NFC normalisation and casefolding;
#: unaccented ``co``/``khong`` are what a keyboard without Vietnamese input gives.
YES_NO_READ: Final[dict[str, bool]] = {
    "có": True,
    "co": True,
    "yes": True,
    "true": True,
    "không": False,
    "khong": False,
    "no": False,
    "false": False,
}

#: Labels of a template, by language.
LABELS: Final[dict[str, dict[str, str]]] = {
    "vi": {
        "sheet": "Phiếu",
        "lists": "Danh mục",
        "title": "PHIẾU TỰ ĐÁNH GIÁ\n{title}",
        "regime": "Mã bộ tiêu chí",
        "version": "Phiên bản mẫu phiếu",
        "provisional": "TẠM THỜI: bộ tiêu chí này chưa hoàn toàn theo văn bản chính thức; "
        "một số tiêu chí là suy luận hoặc giả định.",
        "window": "Số liệu tính từ ngày {start} đến ngày {end}.",
        "deadline": "Hạn gửi phiếu: {due} "
        "(gửi chậm quá {grace} ngày làm việc thì không được đánh giá, xếp hạng).",
        "instructions": "Chỉ nhập vào các ô màu vàng; các ô khác được khóa "
        "(bảo vệ trang tính, không đặt mật khẩu). "
        "Số thập phân dùng dấu phẩy hoặc dấu chấm; không dùng dấu phân cách hàng nghìn.",
        "unit.id": "Mã đơn vị",
        "unit.name": "Tên đơn vị",
        "unit.group": "Nhóm đơn vị",
        "unit.parent": "Đơn vị cấp trên (nếu có)",
        "period": "Kỳ đánh giá",
        "submitted": "Ngày gửi phiếu (dd/mm/yyyy)",
        "groups": "Các nhóm đơn vị",
        "id": "Mã",
        "criterion": "Tiêu chí",
        "max": "Điểm tối đa",
        "benchmark": "Điểm chuẩn",
        "applies": "Áp dụng cho nhóm",
        "asks": "Nội dung kê khai",
        "numerator": "Tử số",
        "denominator": "Mẫu số",
        "value": "Giá trị",
        "evidence": "Tài liệu kiểm chứng",
        "note": "Ghi chú",
        "all_groups": "Tất cả",
        "points": "{points} điểm",
        "count": "{label} (số nguyên ≥ 0{unit})",
        "yes_no": "{label}: Có / Không",
        "choice": "{label}: chọn một mức",
        "number": "{label}{unit}{bounds}",
        "bounds": " (từ {min} đến {max})",
        "at_least": " (≥ {min})",
        "at_most": " (≤ {max})",
        "zero_not_applicable": "Mẫu số bằng 0: tiêu chí không áp dụng cho đơn vị.",
        "zero_zero": "Mẫu số bằng 0: 0 điểm.",
        "zero_full": "Mẫu số bằng 0: đạt điểm tối đa.",
        "whole": "Nhập số nguyên không âm.",
        "decimal": "Nhập một số không âm.",
        "number_range": "Nhập một số trong giới hạn cho phép.",
        "pick": "Chọn một giá trị trong danh sách.",
        "date": "Nhập ngày theo dạng dd/mm/yyyy.",
        "invalid": "Giá trị không hợp lệ",
    },
    "en": {
        "sheet": "Form",
        "lists": "Lists",
        "title": "SELF-ASSESSMENT FORM\n{title}",
        "regime": "Criteria set id",
        "version": "Form template version",
        "provisional": "PROVISIONAL: this criteria set is not entirely from official texts; "
        "some criteria are derived or assumed.",
        "window": "Figures from {start} to {end}.",
        "deadline": "Due: {due} (forms more than {grace} working days late are not evaluated or ranked).",
        "instructions": "Fill in the yellow cells only; other cells are locked "
        "(sheet protection, no password). "
        "Decimals take a comma or a point; do not use thousands separators.",
        "unit.id": "Unit id",
        "unit.name": "Unit name",
        "unit.group": "Unit group",
        "unit.parent": "Parent unit (if any)",
        "period": "Period",
        "submitted": "Date sent (dd/mm/yyyy)",
        "groups": "Unit groups",
        "id": "No.",
        "criterion": "Criterion",
        "max": "Max points",
        "benchmark": "Benchmark",
        "applies": "Applies to groups",
        "asks": "What to enter",
        "numerator": "Numerator",
        "denominator": "Denominator",
        "value": "Value",
        "evidence": "Evidence (tài liệu kiểm chứng)",
        "note": "Note",
        "all_groups": "All",
        "points": "{points} points",
        "count": "{label} (a whole number ≥ 0{unit})",
        "yes_no": "{label}: Yes / No",
        "choice": "{label}: pick one level",
        "number": "{label}{unit}{bounds}",
        "bounds": " (from {min} to {max})",
        "at_least": " (≥ {min})",
        "at_most": " (≤ {max})",
        "zero_not_applicable": "Denominator 0: the sub-criterion does not apply to the unit.",
        "zero_zero": "Denominator 0: no points.",
        "zero_full": "Denominator 0: full points.",
        "whole": "Enter a whole number, 0 or more.",
        "decimal": "Enter a number, 0 or more.",
        "number_range": "Enter a number within the allowed range.",
        "pick": "Pick a value from the list.",
        "date": "Enter a date as dd/mm/yyyy.",
        "invalid": "Invalid value",
    },
}
