"""Problems and errors in the reader's language: the Vietnamese of the library's English messages.

The library raises its errors in English (``Problem.message``, ``str(error)``), which is what hosts
log and match on. People read them through :func:`describe_error` and :func:`describe_problem`, which
give the Vietnamese of each message the clerk or officer is likely to meet (missing answers, numbers
that cannot be read, answers of the wrong kind, unknown groups and criteria, the roster), in the way
gettext does: the English text is the key. A message without a Vietnamese entry is shown in English
rather than not at all; ``tests/test_messages.py`` generates wrong forms of the bundled regimes and
fails when a problem the library gives them has no Vietnamese, so a reworded message cannot silently
fall back to English.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..exceptions import ItcriteriaError, Problem, RegimeError, SubmissionError

_FIELDS = {
    "value": "giá trị",
    "numerator": "tử số",
    "denominator": "mẫu số",
    "numerator and denominator": "tử số và mẫu số",
}
_KINDS = {"ratio": "tỷ lệ", "count": "số lượng", "yes/no": "có/không", "choice": "mức độ", "number": "số"}


def _field(name: str) -> str:
    return _FIELDS.get(name, name)


def _kind(name: str) -> str:
    return _KINDS.get(name, name)


#: English message (a full match) → its Vietnamese, with the captured parts put back in.
_VI: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = tuple(
    (re.compile(pattern, re.DOTALL), render)
    for pattern, render in (
        (r"required field missing", lambda m: "thiếu mục bắt buộc"),
        (r"required field missing \(one of (.+)\)", lambda m: f"thiếu mục bắt buộc (một trong {m[1]})"),
        (r"required field (\S+) missing", lambda m: f"thiếu mục bắt buộc {m[1]}"),
        (r"unknown field", lambda m: "mục không có trong mẫu phiếu"),
        (r"unknown field\(s\) (.+)", lambda m: f"mục không có trong mẫu phiếu: {m[1]}"),
        (
            r"missing answer \((.+?)\) for (“.*”)",
            lambda m: f"chưa trả lời ({_field(m[1])}) cho {m[2]}",
        ),
        (
            r"expected a number of at most (\d+) (significant )?digits, got (.+)",
            lambda m: (
                f"cần một số có tối đa {m[1]} chữ số{' có nghĩa' if m[2] else ''}, nhận được "
                + m[3]
                .replace("a larger one", "số lớn hơn")
                .replace("text of ", "chuỗi ")
                .replace("characters", "ký tự")
            ),
        ),
        (r"expected a finite number, got (.+)", lambda m: f"cần một số hữu hạn, nhận được {m[1]}"),
        (r"the number (.+) is out of range", lambda m: f"số {m[1]} vượt quá phạm vi cho phép"),
        (
            r"(“.*”) has thousands separators, which are not accepted: write (\S+) for a whole number, "
            r"with one comma or point before the decimals only",
            lambda m: (
                f"{m[1]} có dấu phân cách hàng nghìn, không được chấp nhận: ghi {m[2]} cho số nguyên, "
                "chỉ dùng một dấu phẩy hoặc dấu chấm trước phần thập phân"
            ),
        ),
        (r"expected a number, got (.+)", lambda m: f"cần một số, nhận được {m[1]}"),
        (
            r"expected a (number|whole number), got a yes/no value (.+)",
            lambda m: (
                f"cần một {'số' if m[1] == 'number' else 'số nguyên'}, nhận được giá trị có/không {m[2]}"
            ),
        ),
        (
            r"(“.*”) is ambiguous \(a thousands separator or a decimal one\?\): write (\S+) for the whole "
            r"number, or (\S+) for the decimal",
            lambda m: (
                f"{m[1]} không rõ nghĩa (dấu phân cách hàng nghìn hay dấu thập phân?): ghi {m[2]} nếu "
                f"là số nguyên, hoặc {m[3]} nếu là số thập phân"
            ),
        ),
        (
            r"expected yes or no \((?:true/false, có/không|Có/Không, Yes/No)\), got (.+)",
            lambda m: f"cần có hoặc không (có/không, true/false), nhận được {m[1]}",
        ),
        (
            r"expected a date as (?:yyyy-mm-dd or dd/mm/yyyy|dd/mm/yyyy or yyyy-mm-dd), got (.+)",
            lambda m: f"cần một ngày dạng dd/mm/yyyy hoặc yyyy-mm-dd, nhận được {m[1]}",
        ),
        (r"expected one of (.+), got (.+)", lambda m: f"cần một trong {m[1]}, nhận được {m[2]}"),
        (
            r"(.+) is not one of the levels:? (.+)",
            lambda m: f"{m[1]} không phải một mức của tiêu chí này ({m[2]})",
        ),
        (r"a count is a whole number, got (.+)", lambda m: f"số lượng phải là số nguyên, nhận được {m[1]}"),
        (r"a count cannot be negative, got (.+)", lambda m: f"số lượng không được âm, nhận được {m[1]}"),
        (
            r"(numerator|denominator) \((.+?)\) counts things, so it is a whole number, got (\S+) .*",
            lambda m: (
                f"{_field(m[1])} ({m[2]}) là số đếm nên phải là số nguyên, nhận được {m[3]} (bộ tiêu chí "
                "khai báo fractional = true nếu tử số, mẫu số được có phần thập phân)"
            ),
        ),
        (
            r"numerator (\S+) is above the denominator (\S+)",
            lambda m: f"tử số {m[1]} lớn hơn mẫu số {m[2]}",
        ),
        (r"(numerator|denominator) (\S+) is negative", lambda m: f"{_field(m[1])} {m[2]} là số âm"),
        (r"(\S+) is below the minimum (\S+)", lambda m: f"{m[1]} nhỏ hơn mức tối thiểu {m[2]}"),
        (r"(\S+) is above the maximum (\S+)", lambda m: f"{m[1]} lớn hơn mức tối đa {m[2]}"),
        (
            r"denominator is 0 and the regime does not say what that means for this sub-criterion",
            lambda m: "mẫu số bằng 0 mà bộ tiêu chí không quy định cách chấm cho tiêu chí thành phần này",
        ),
        (
            r"an? (ratio|count|yes/no|choice|number) sub-criterion is answered with (.+)",
            lambda m: f"tiêu chí thành phần loại {_kind(m[1])} được trả lời bằng {_field(m[2])}",
        ),
        (
            r"(?:criterion )?(\S+) is scored by its sub-criteria \((.+)\); answer those",
            lambda m: f"tiêu chí {m[1]} được chấm theo các tiêu chí thành phần ({m[2]}); hãy trả lời chúng",
        ),
        (
            r"criterion (\S+) is not for unit group '(.+)'",
            lambda m: f"tiêu chí {m[1]} không áp dụng cho nhóm đơn vị '{m[2]}'",
        ),
        (
            r"no regime '(.*)' is installed; installed: (.+)",
            lambda m: f"chưa cài đặt bộ tiêu chí '{m[1]}'; các bộ tiêu chí đã cài: {m[2]}",
        ),
        (
            r"the form is for regime '(.*)', not '(.*)'",
            lambda m: f"phiếu này theo bộ tiêu chí '{m[1]}', không phải '{m[2]}'",
        ),
        (
            r"unit id (.+) must be lower-case letters, digits, dashes and underscores",
            lambda m: f"mã đơn vị {m[1]} chỉ gồm chữ thường không dấu, chữ số, dấu gạch ngang và gạch dưới",
        ),
        # forms as files (xlsx, csv, json)
        (r"expected text, got (.+)", lambda m: f"cần văn bản, nhận được {m[1]}"),
        (r"(.+) is not a day of the calendar", lambda m: f"{m[1]} không phải một ngày có thật"),
        (
            r"expected a date, got the number (.+): write dd/mm/yyyy \(or format the cell as a date\)",
            lambda m: f"cần một ngày, nhận được số {m[1]}: ghi dd/mm/yyyy (hoặc định dạng ô là ngày)",
        ),
        (
            r"sub-criterion (\S+) is not for unit group '(.+)': leave it empty",
            lambda m: f"tiêu chí thành phần {m[1]} không áp dụng cho nhóm đơn vị '{m[2]}': để trống",
        ),
        (r"regime (\S+) has no criterion (.+)", lambda m: f"bộ tiêu chí {m[1]} không có tiêu chí {m[2]}"),
        (
            r"this is a form of regime '(.*)', not '(.*)'",
            lambda m: f"đây là phiếu theo bộ tiêu chí '{m[1]}', không phải '{m[2]}'",
        ),
        (
            r"a second form from unit (\S+) \(the first is (.+)\)",
            lambda m: f"phiếu thứ hai của đơn vị {m[1]} (phiếu thứ nhất là {m[2]})",
        ),
        (r"criterion (\S+) has two rows", lambda m: f"tiêu chí {m[1]} có hai dòng"),
        (
            r"the form has no (\S+) cell \(defined name (.+)\)",
            lambda m: f"phiếu không có ô {m[1]} (tên {m[2]})",
        ),
        (
            r"form template version '(.*)' is not one this itcriteria reads \((.+)\)",
            lambda m: f"mẫu phiếu phiên bản '{m[1]}' không phải phiên bản itcriteria này đọc được ({m[2]})",
        ),
        (
            r"unknown unit group (.+) \(groups: (.+)\)",
            lambda m: f"không có nhóm đơn vị {m[1]} (các nhóm: {m[2]})",
        ),
        # rounds and rosters
        (
            r"a second form from (\S+); send a correction as an appraisal record instead",
            lambda m: f"phiếu thứ hai của {m[1]}; gửi phần điều chỉnh bằng biên bản thẩm định",
        ),
        (
            r"the date the form was sent is missing \(forms are due (.+)\)",
            lambda m: f"thiếu ngày gửi phiếu (hạn nộp phiếu: {m[1]})",
        ),
        (
            r"the form is for period '(.*)', the round is '(.*)'",
            lambda m: f"phiếu cho kỳ '{m[1]}', kỳ đánh giá là '{m[2]}'",
        ),
        (
            r"the form is for '(.*)', the round for '(.*)'",
            lambda m: f"phiếu theo bộ tiêu chí '{m[1]}', kỳ đánh giá theo '{m[2]}'",
        ),
        (
            r"the roster puts (\S+) in '(.*)', the form in '(.*)'",
            lambda m: f"danh sách đơn vị xếp {m[1]} vào nhóm '{m[2]}', phiếu ghi nhóm '{m[3]}'",
        ),
        (
            r"unit (\S+) is listed twice(?: \(first at (.+)\))?",
            lambda m: f"đơn vị {m[1]} có tên hai lần" + (f" (lần đầu ở {m[2]})" if m[2] else ""),
        ),
        (r"no form from (\S+) to appraise", lambda m: f"không có phiếu của {m[1]} để thẩm định"),
        (
            r"(\S+) is not a sub-criterion that (\S+) answers",
            lambda m: f"{m[1]} không phải tiêu chí thành phần mà {m[2]} trả lời",
        ),
        (
            r"no forms \(\.xlsx, \.csv or \.json files\) in the folder (.+)",
            lambda m: f"không có phiếu (tệp .xlsx, .csv hoặc .json) trong thư mục {m[1]}",
        ),
        (r"'(.+)': no file in (.+) matches it", lambda m: f"'{m[1]}': không có tệp nào trong {m[2]} khớp"),
        (
            r"the forms are for different periods \((.+)\); give the round's period",
            lambda m: f"các phiếu thuộc nhiều kỳ khác nhau ({m[1]}); hãy ghi kỳ đánh giá",
        ),
        (r"the unit's (\S+) is empty", lambda m: f"đơn vị để trống {m[1]}"),
        (r"row (\d+) has no column (.+)", lambda m: f"dòng {m[1]} không có cột {m[2]}"),
        # totals files (rank --totals)
        (r"a total cannot be negative, got (.+)", lambda m: f"tổng điểm không được âm, nhận được {m[1]}"),
        (
            r"total (\S+) is more than the maximum (\S+)",
            lambda m: f"tổng điểm {m[1]} lớn hơn điểm tối đa {m[2]}",
        ),
        (r"the maximum must be above 0, got (.+)", lambda m: f"điểm tối đa phải lớn hơn 0, nhận được {m[1]}"),
        (r"required column missing", lambda m: "thiếu cột bắt buộc"),
        (
            r"not UTF-8 text; save the file as CSV UTF-8",
            lambda m: "không phải văn bản UTF-8; hãy lưu tệp dạng CSV UTF-8",
        ),
        (r"no units: the file has only its first line", lambda m: "không có đơn vị nào: tệp chỉ có dòng đầu"),
        (
            r"unknown column '(.+)'; the columns are (.+)",
            lambda m: f"không có cột '{m[1]}'; các cột là {m[2]}",
        ),
        (
            r"(\d+) cells where the first line names (\d+) columns",
            lambda m: f"{m[1]} ô trong khi dòng đầu có {m[2]} cột",
        ),
        (
            r"unit '(.+)' is not in the round's roster(?:; did you mean (.+)\?)?",
            lambda m: (
                f"đơn vị '{m[1]}' không có trong danh sách đơn vị của kỳ đánh giá"
                + (f"; có phải {m[2].replace(' or ', ' hoặc ')}?" if m[2] else "")
            ),
        ),
    )
)

#: The kind of thing an error lists the problems of, and its subject's wording.
_WHAT: tuple[tuple[type[ItcriteriaError], str], ...] = (
    (RegimeError, "bộ tiêu chí"),
    (SubmissionError, "phiếu"),
)
_BATCH = re.compile(r"batch of (\d+)(?: forms)? under (\S+?)(?: \((\d+) not read\))?")
_ONE = re.compile(r"of (\S+) under (\S+)")


def translate(message: str, lang: str = "vi") -> str:
    """``message`` in ``lang``: its Vietnamese when the catalogue has it, else as it is."""
    if lang != "en":
        for pattern, render in _VI:
            match = pattern.fullmatch(message)
            if match:
                return render(match)
    return message


def describe_problem(problem: Problem, lang: str = "vi") -> str:
    """A problem as one line in ``lang``: where it is, the criterion when the place does not say it, what
    is wrong."""
    if lang == "en":
        return str(problem)
    message = translate(problem.message, lang)
    about = (
        f" (tiêu chí {problem.criterion})"
        if problem.criterion and problem.criterion not in problem.where
        else ""
    )
    return f"{problem.where}{about}: {message}" if problem.where else message


def _heading(what: str, subject: str) -> str:
    """What an error is about: a batch of forms, one unit's form, or a regime or file by its name."""
    batch = _BATCH.fullmatch(subject)
    if batch:
        count, regime, unread = batch.groups()
        text = f"lô {count} phiếu theo bộ tiêu chí {regime}"
        return f"{text} ({unread} phiếu không đọc được)" if unread else text
    one = _ONE.fullmatch(subject)
    if one:
        return f"{what} của {one[1]} theo bộ tiêu chí {one[2]}"
    return f"{what} {subject}"


def describe_error(error: ItcriteriaError, lang: str = "vi") -> str:
    """A library error as people read it in ``lang``: every problem on a line of its own."""
    if lang == "en":
        return str(error)
    if isinstance(error, RegimeError | SubmissionError):
        what = next(words for kind, words in _WHAT if isinstance(error, kind))
        lines = "\n".join(f"  - {describe_problem(p, lang)}" for p in error.problems)
        return f"{_heading(what, error.subject)}: {len(error.problems)} lỗi:\n{lines}"
    return translate(str(error), lang)
