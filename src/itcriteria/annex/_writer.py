"""A regime written back as its annex table (``itcriteria docs REGIME --format xlsx|docx``): one table
per unit group in the annex's own columns, STT | Tiêu chí | Điểm tối đa | Cách tính điểm.

The scoring cell gives the criteria book's words for the rule, then the rule as written and the
indicator, one line each ("Quy tắc: …", "Chỉ tiêu: …", "Tử số: …"), which the importer reads back
exactly: importing the table gives a regime that scores every form the same. An officer may write those
lines too, to give a row its rule in the table itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._core import terms, write_atomically
from ..books import rule_summary
from ..exceptions import ArgumentError
from ._words import number_text

if TYPE_CHECKING:
    from ..books import Line
    from ..model import Criterion
    from ..regimes import Regime

HEADER = ("STT", *(terms.heading(key, "vi") for key in ("criterion", "max", "rule")))
FORMATS = ("xlsx", "docx")

KIND_WORDS = {"ratio": "tỷ lệ", "count": "số đếm", "yes_no": "có/không", "choice": "lựa chọn", "number": "số"}
ZERO_DENOMINATOR_WORDS = {
    "error": "không được",
    "not_applicable": "không áp dụng",
    "zero": "0 điểm",
    "full": "điểm tối đa",
}
COMBINE_WORDS = {
    "capped_sum": "cộng, không quá điểm tối đa",
    "best": "lấy tiêu chí thành phần cao nhất",
}
STAGE_WORDS = {"leaf": "từng tiêu chí thành phần", "total": "tổng điểm"}


def annex_tables(regime: Regime) -> list[tuple[str, list[tuple[str, ...]]]]:
    """Per unit group: its id (the sheet's name) and its table's rows, header first."""
    tables = []
    for group in regime.groups:
        rows: list[tuple[str, ...]] = [HEADER]
        for criterion in regime.walk(group.id):
            rows.append(
                (criterion.id, criterion.title.vi, number_text(criterion.max), scoring_text(criterion))
            )
        tables.append((group.id, rows))
    return tables


def title_lines(regime: Regime) -> list[str]:
    """The lines above each table: the regime's title, its legal basis, and how points are rounded."""
    basis = "; ".join(f"{b.decision} ngày {b.date:%d/%m/%Y}" for b in regime.legal_basis)
    rounding = regime.rounding
    return [
        f"PHỤ LỤC: {regime.title.vi}",
        f"(Kèm theo {basis})",
        f"Làm tròn điểm: {rounding.places} chữ số thập phân, {rounding.mode}, {STAGE_WORDS[rounding.stage]}",
    ]


def scoring_text(criterion: Criterion) -> str:
    """The scoring cell of a criterion: the book's words, the rule and the indicator."""
    if criterion.children:
        words = COMBINE_WORDS.get(criterion.combine)
        return f"Cách cộng điểm: {words}" if words else ""
    indicator = criterion.indicator
    assert indicator is not None
    lines = [_plain(rule_summary(criterion, "vi")), f"Quy tắc: {criterion.effective_rule}"]
    lines.append(f"Chỉ tiêu: {KIND_WORDS[indicator.kind]}")
    fields: dict[str, Any] = {}
    if indicator.kind == "ratio":
        fields = {
            "Tử số": indicator.numerator.vi,  # type: ignore[union-attr]
            "Mẫu số": indicator.denominator.vi,  # type: ignore[union-attr]
            "Mẫu số bằng 0": ZERO_DENOMINATOR_WORDS[indicator.zero_denominator],  # type: ignore[union-attr]
        }
    else:
        fields["Nhãn"] = indicator.label.vi  # type: ignore[union-attr]
        unit = getattr(indicator, "unit", None)
        if unit is not None:
            fields["Đơn vị"] = unit.vi
        if indicator.kind == "number":
            low, high = indicator.min, indicator.max  # type: ignore[union-attr]
            fields["Giá trị nhỏ nhất"] = "không giới hạn" if low is None else number_text(low)
            fields["Giá trị lớn nhất"] = "không giới hạn" if high is None else number_text(high)
    lines += [f"{key}: {value}" for key, value in fields.items()]
    if indicator.kind == "choice":
        for level in indicator.levels:  # type: ignore[union-attr]
            lines.append(f"Mức: {level.id} | {number_text(level.fraction)} | {level.title.vi}")
    return "\n".join(lines)


def _plain(line: Line) -> str:
    """A line of the book as plain text, without its marks."""
    return "".join(part if isinstance(part, str) else part.text for part in line)


def write_annex(regime: Regime, fmt: str, output: Path) -> None:
    """Write the annex tables of ``regime`` to ``output`` as ``xlsx`` (a sheet per group) or ``docx``
    (a table per group, under a heading naming it); replaced whole, never half-written."""
    if fmt == "xlsx":
        write_atomically(output, lambda out: _xlsx(regime, out))
    elif fmt == "docx":
        write_atomically(output, lambda out: _docx(regime, out))
    else:
        raise ArgumentError(f"an annex table is written as {' or '.join(FORMATS)}, not {fmt!r}")


def _xlsx(regime: Regime, out: Any) -> None:
    import openpyxl
    from openpyxl.styles import Alignment, Font

    book = openpyxl.Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for group, rows in annex_tables(regime):
        sheet = book.create_sheet(group[:31])
        for line in title_lines(regime):
            sheet.append([line])
        for row in rows:
            sheet.append(list(row))
        header = len(title_lines(regime)) + 1
        for cell in sheet[header]:
            cell.font = Font(bold=True)
        for row in sheet.iter_rows(min_row=header + 1):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        for column, width in zip("ABCD", (10, 50, 12, 70), strict=True):
            sheet.column_dimensions[column].width = width
    book.save(out)


def _docx(regime: Regime, out: Any) -> None:
    import docx

    document = docx.Document()
    for line in title_lines(regime):
        document.add_paragraph(line)
    for group, rows in annex_tables(regime):
        document.add_heading(f"{regime.group(group).title.vi} ({group})", level=2)
        table = document.add_table(rows=len(rows), cols=len(HEADER))
        table.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
    document.save(out)
