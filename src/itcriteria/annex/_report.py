"""The import report, for the terminal and as Markdown (``--report FILE.md``), in Vietnamese or English:
rows read, the tree built, rules recognised by kind, rows left as placeholders with their text, sum
mismatches, and the commands to check the result side by side with the annex."""

from __future__ import annotations

from .._core import check_lang
from ._build import ImportReport
from ._rules import KIND_WORDS, KIND_WORDS_EN

_WORDS = {
    "vi": {
        "title": "Báo cáo nhập phụ lục",
        "terminal": "Nhập phụ lục",
        "tables": "Bảng đã đọc",
        "table": "nhóm {group}: {table}, {rows} dòng",
        "tree": "cây tiêu chí: {criteria} tiêu chí, trong đó {leaves} tiêu chí thành phần được chấm",
        "rules": "Quy tắc nhận dạng được",
        "none": "không có",
        "placeholders": "Dòng chưa dịch thành quy tắc",
        "no_placeholders": "không có: mọi dòng đều có quy tắc",
        "placeholder": "not_translated(), cần viết quy tắc",
        "no_text": "(không có cách tính điểm)",
        "mismatches": "Điểm tối đa không khớp",
        "no_mismatches": "không có: điểm tối đa của mỗi tiêu chí bằng tổng các tiêu chí thành phần",
        "notes": "Ghi chú",
        "next": "Bước tiếp theo",
        "validate": "kiểm tra",
        "book": "sổ tiêu chí để đối chiếu với phụ lục",
    },
    "en": {
        "title": "Annex import report",
        "terminal": "Imported annex",
        "tables": "Tables read",
        "table": "group {group}: {table}, {rows} rows",
        "tree": "criteria tree: {criteria} criteria, of which {leaves} scored sub-criteria",
        "rules": "Rules recognised",
        "none": "none",
        "placeholders": "Rows not translated into a rule",
        "no_placeholders": "none: every row has a rule",
        "placeholder": "not_translated(), its rule is still to be written",
        "no_text": "(no scoring text)",
        "mismatches": "Maxima that do not add up",
        "no_mismatches": "none: every criterion's maximum is the sum of its sub-criteria's",
        "notes": "Notes",
        "next": "Next steps",
        "validate": "check",
        "book": "the criteria book, to read side by side with the annex",
    },
}


def render(report: ImportReport, output: str | None, *, markdown: bool = False, lang: str = "vi") -> str:
    """The report as text; ``output`` is the regime file written (named in the next steps)."""
    w = _WORDS[check_lang(lang)]
    kinds = KIND_WORDS_EN if lang == "en" else KIND_WORDS  # lang is checked just above
    h, bullet, quote = ("## " if markdown else ""), "- ", ("> " if markdown else "    ")
    lines = [f"# {w['title']}: {report.file}" if markdown else f"{w['terminal']} {report.file}", ""]
    lines.append(f"{h}{w['tables']}")
    for group, table, rows in report.tables:
        lines.append(bullet + w["table"].format(group=group, table=table, rows=rows))
    lines.append(bullet + w["tree"].format(criteria=report.criteria, leaves=report.leaves))
    lines += ["", f"{h}{w['rules']} ({sum(report.kinds.values())})"]
    if not report.kinds:
        lines.append(bullet + w["none"])
    for kind, count in report.kinds.items():
        lines.append(f"{bullet}{kinds[kind]} ({kind}): {count}")
    lines += ["", f"{h}{w['placeholders']} ({len(report.placeholders)})"]
    if not report.placeholders:
        lines.append(bullet + w["no_placeholders"])
    for item in report.placeholders:
        lines.append(f"{bullet}{item.criterion} ({item.where}): {w['placeholder']}")
        lines += [f"{quote}{line}" for line in (item.text or w["no_text"]).splitlines()]
    lines += ["", f"{h}{w['mismatches']} ({len(report.mismatches)})"]
    if not report.mismatches:
        lines.append(bullet + w["no_mismatches"])
    lines += [f"{bullet}{line}" for line in report.mismatches]
    if report.notes:
        lines += ["", f"{h}{w['notes']}"]
        lines += [f"{bullet}{line}" for line in report.notes]
    if output is not None:
        code = "`" if markdown else ""
        book = output.rsplit(".", 1)[0] + ".html"
        lines += ["", f"{h}{w['next']}"]
        lines.append(f"{bullet}{w['validate']}: {code}itcriteria validate {output}{code}")
        lines.append(f"{bullet}{w['book']}: {code}itcriteria docs {output} --format html -o {book}{code}")
    return "\n".join(lines) + "\n"
