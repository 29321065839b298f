"""Criteria books: a regime written out for the people who answer it, Vietnamese first, English available.

:func:`book` turns a regime (and the regime it replaces, and its ranking policy) into a neutral document:
frozen :class:`Section`, :class:`Paragraph`, :class:`Table`, :class:`Items` and :class:`Callout` blocks
holding plain text with a few inline marks (:class:`Strong`, :class:`Code`, :class:`Link`). The writers
:func:`to_markdown`, :func:`to_rst` and :func:`to_html` render that document as text (``itcriteria docs``);
``itcriteria.sphinxext`` renders the same document as docutils nodes (the ``criteria-book`` directive).
Everything here is pure but :func:`installed_book`, which looks the regime up among the installed plugins.

Scoring rules are written for people: ``steps`` becomes a table of thresholds, ``per_item`` a sentence,
arithmetic a formula with the inputs' labels; the rule itself is shown only when no phrasing fits (a
function a plugin registers, ``**``, ``//``). :func:`language_table` renders the rule language's
allow-list (operators, functions, inputs, limits) the same way, for the expression reference.
"""

from __future__ import annotations

import ast
import datetime as dt
import html
import inspect
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Literal

import attrs

from . import expressions
from ._diff import RegimeDiff, diff
from ._expression_functions import BUILTINS
from ._model import (
    INDICATOR_KINDS,
    Band,
    Benchmark,
    Choice,
    Count,
    Criterion,
    Deadline,
    Indicator,
    LegalBasis,
    Milestone,
    Number,
    Period,
    Ratio,
    Regime,
    Rounding,
    RoundingMode,
    Text,
    UnitGroup,
    YesNo,
    rule_inputs,
)
from ._ranking import RankingPolicy

Lang = Literal["vi", "en"]
FORMATS = ("md", "rst", "html")

# --- The neutral document --------------------------------------------------------------------------


@attrs.frozen
class Strong:
    """Text set in bold."""

    text: str


@attrs.frozen
class Code:
    """Text set as code (a rule, an id)."""

    text: str


@attrs.frozen
class Link:
    """A link: ``url`` is an address, or ``#id`` for a section of the same document."""

    text: str
    url: str


Inline = str | Strong | Code | Link
Line = tuple[Inline, ...]


@attrs.frozen
class Paragraph:
    parts: Line


@attrs.frozen
class Items:
    """A bulleted list, one line per item."""

    items: tuple[Line, ...]


@attrs.frozen
class Table:
    """A table with one header row; ``kind`` names it for styling and tests (``criteria``, ``steps``, …)."""

    kind: str
    header: tuple[str, ...]
    rows: tuple[tuple[Line, ...], ...]


@attrs.frozen
class Callout:
    """A boxed remark: ``warning`` (a provisional regime) or ``note``."""

    kind: Literal["warning", "note"]
    title: str
    body: Line


@attrs.frozen
class Section:
    """A titled section; ``id`` is unique within the book and usable as an anchor."""

    id: str
    title: str
    blocks: tuple[Block, ...]


Block = Paragraph | Items | Table | Callout | Section


# --- Words ------------------------------------------------------------------------------------------

#: Every phrase of a book, in Vietnamese and English.
_PHRASES: dict[str, tuple[str, str]] = {
    "regime_id": ("Mã bộ tiêu chí", "Regime id"),
    "province": ("Tỉnh", "Province"),
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
    "milestones": ("Các mốc", "Milestones"),
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
    "overview": ("Tổng quan", "Overview"),
    "points": ("điểm", "points"),
    "point": ("điểm", "point"),
    "inputs": ("Số liệu nhập", "Inputs"),
    "numerator": ("Tử số", "Numerator"),
    "denominator": ("Mẫu số", "Denominator"),
    "ratio_is": ("tỷ lệ = tử số / mẫu số", "ratio = numerator / denominator"),
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
    "formula": ("Điểm = {formula}", "Points = {formula}"),
    "rule_code": ("Công thức (ngôn ngữ quy tắc)", "Rule (rule language)"),
    "rule_as_written": ("công thức", "rule"),
    "always": ("Luôn {points} điểm.", "Always {points} points."),
    "not_scored": ("Thu thập, không tính điểm (0 điểm).", "Collected, not scored (0 points)."),
    "yes": ("Có", "Yes"),
    "no": ("Không", "No"),
    "yes_no": ("Có: {yes} điểm; không: {no} điểm.", "Yes: {yes} points; no: {no} points."),
    "per_item": (
        "{each} {unit} cho mỗi “{label}”, tối đa {cap} điểm.",
        "{each} {unit} for each of “{label}”, at most {cap} points.",
    ),
    "level": ("Mức", "Level"),
    "share": ("Tỷ lệ điểm", "Share of points"),
    "or_more": ("từ {low} trở lên", "{low} or more"),
    "from_to": ("từ {low} đến dưới {high}", "{low} to under {high}"),
    "range_int": ("từ {low} đến {high}", "{low} to {high}"),
    "below": ("dưới {high}", "under {high}"),
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
        "Đây là bộ tiêu chí đầu tiên của tỉnh {province} được cài đặt; không có bộ trước để so sánh.",
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
    "operator": ("Phép toán", "Operator"),
    "meaning": ("Ý nghĩa", "Meaning"),
    "function": ("Hàm", "Function"),
    "call": ("Cách gọi", "Call"),
    "does": ("Tác dụng", "What it does"),
    "kind": ("Loại chỉ tiêu", "Indicator kind"),
    "names": ("Tên dùng trong quy tắc", "Names a rule may use"),
    "default_rule": ("Quy tắc mặc định", "Default rule"),
    "limit": ("Giới hạn", "Limit"),
    "default": ("Mặc định", "Default"),
    "none": ("—", "—"),
    "best": ("giá trị cao nhất trong nhóm", "the best value in the group"),
    "ratio": ("tỷ lệ", "ratio"),
    "fraction": ("tỷ lệ điểm của mức chọn", "the chosen level's share of points"),
    "level_no": ("thứ tự mức chọn", "the chosen level's position"),
    "smaller": ("giá trị nhỏ hơn trong", "the smaller of"),
    "larger": ("giá trị lớn hơn trong", "the larger of"),
    "clamp": ("{x}, không dưới {low} và không quá {high}", "{x}, at least {low} and at most {high}"),
    "rounded": (
        "{x} làm tròn đến {places} chữ số thập phân ({how})",
        "{x} rounded to {places} decimal {unit} ({how})",
    ),
    "when": ("{a} khi {test}; nếu không: {b}", "{a} when {test}; otherwise {b}"),
    "and": ("và", "and"),
    "or": ("hoặc", "or"),
    "not": ("không phải", "not"),
    "true": ("đúng", "true"),
    "false": ("sai", "false"),
    "of": ("của", "of"),
}

#: Field names of :func:`itcriteria.diff`, as a reader calls them.
_FIELD_NAMES: dict[str, tuple[str, str]] = {
    "title": ("tên", "title"),
    "max": ("điểm tối đa", "max points"),
    "indicator": ("số liệu nhập", "inputs"),
    "rule": ("cách tính điểm", "scoring"),
    "benchmark": ("điểm chuẩn", "benchmark"),
    "combine": ("cách cộng điểm", "combined as"),
    "groups": ("nhóm đơn vị", "unit groups"),
    "provenance": ("nguồn gốc", "provenance"),
    "bands": ("xếp loại", "classification"),
    "band_basis": ("cơ sở xếp loại", "classes based on"),
    "rounding": ("làm tròn", "rounding"),
    "ranking_policy": ("cách xếp hạng", "ranking policy"),
    "max_total": ("tổng điểm tối đa", "maximum total"),
    "evaluation_window": ("thời gian số liệu", "data window"),
    "deadline": ("hạn gửi phiếu", "forms due"),
    "milestones": ("các mốc", "milestones"),
    "cadence": ("chu kỳ đánh giá", "evaluated"),
    "year_aggregate": ("kết quả năm", "the year's result"),
    "status": ("trạng thái", "status"),
}

_WORDS = {lang: {key: pair[i] for key, pair in _PHRASES.items()} for i, lang in enumerate(("vi", "en"))}
_FIELDS = {lang: {key: pair[i] for key, pair in _FIELD_NAMES.items()} for i, lang in enumerate(("vi", "en"))}

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _lang(lang: str) -> Lang:
    if lang not in ("vi", "en"):
        raise ValueError(f"lang must be 'vi' or 'en', got {lang!r}")
    return "en" if lang == "en" else "vi"


def number(value: Decimal | int, lang: str) -> str:
    """A number as the language writes it: ``4,5`` in Vietnamese, ``4.5`` in English; no exponent."""
    text = format(Decimal(value).normalize(), "f")
    return text.replace(".", ",") if lang == "vi" else text


def percent(ratio: Decimal, lang: str) -> str:
    return f"{number(ratio * 100, lang)}%"


def date(day: dt.date, lang: str) -> str:
    if lang == "en":
        return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    return f"{day:%d/%m/%Y}"


def period(span: Period, lang: str) -> str:
    end = date(span.end, lang) if span.end else _WORDS[lang]["in_force"]
    return f"{date(span.start, lang)} – {end}"


# --- The book ---------------------------------------------------------------------------------------


@attrs.frozen
class _Context:
    regime: Regime
    lang: Lang
    words: dict[str, str]

    def id(self, *parts: str) -> str:
        suffix = "-".join(_slug(p) for p in parts)
        prefix = self.regime.id if self.lang == "vi" else f"{self.regime.id}-en"
        return f"{prefix}-{suffix}" if suffix else prefix

    def text(self, text: Text | None) -> str:
        return text.get(self.lang) if text is not None else ""


def _slug(text: str) -> str:
    """An anchor for ``text``: lower-case letters, digits and dashes; a capital becomes ``_`` and its
    small letter, so criteria ``1.A`` and ``1.a`` (ids are letters and digits) get different anchors,
    also where anchors ignore case (reST)."""
    marked = re.sub(r"[A-Z]", lambda capital: "_" + capital.group().lower(), text)
    return re.sub(r"[^a-z0-9_]+", "-", marked).strip("-")


def book(
    regime: Regime,
    lang: str = "vi",
    *,
    previous: Regime | None = None,
    policy: RankingPolicy | None = None,
) -> Section:
    """The criteria book of ``regime`` in ``lang`` ("vi" or "en"), as one :class:`Section`.

    ``previous`` is the regime it replaces (the "what changed" section compares with it; none says it
    is the first); ``policy`` is its registered ranking policy (its id alone is shown without it).
    """
    ctx = _Context(regime, _lang(lang), _WORDS[_lang(lang)])
    w = ctx.words
    blocks: list[Block] = [_lead(ctx), _status(ctx)]
    if regime.notes is not None:
        blocks.append(Paragraph((Strong(f"{w['notes']}: "), ctx.text(regime.notes))))
    blocks += [
        _legal_basis(ctx),
        _dates(ctx),
        _groups(ctx),
        _criteria(ctx),
        _bands(ctx),
        _ranking(ctx, policy),
        _changes(ctx, previous),
    ]
    return Section(ctx.id(), f"{ctx.text(regime.title)} ({regime.id})", tuple(blocks))


def _lead(ctx: _Context) -> Paragraph:
    w, regime = ctx.words, ctx.regime
    status = w[regime.status]
    return Paragraph(
        (
            f"{w['regime_id']}: ",
            Code(regime.id),
            f" · {w['province']}: {regime.province} · {w['effective']}: {period(regime.effective, ctx.lang)}"
            f" · {w['status']}: ",
            Strong(status),
        )
    )


def _status(ctx: _Context) -> Callout:
    w, regime = ctx.words, ctx.regime
    if not regime.is_provisional:
        return Callout("note", w["official_title"], (w["official_body"],))
    criteria = list(regime.walk())
    derived = sum(c.provenance == "derived" for c in criteria)
    assumed = sum(c.provenance == "assumed" for c in criteria)
    if not derived + assumed:
        return Callout("warning", w["provisional_title"], (w["provisional_settings"],))
    body = w["provisional_body"].format(
        count=derived + assumed, total=len(criteria), derived=derived, assumed=assumed
    )
    return Callout("warning", w["provisional_title"], (body,))


def _legal_basis(ctx: _Context) -> Section:
    w = ctx.words
    rows = tuple(_basis_row(ctx, basis) for basis in ctx.regime.legal_basis)
    table = Table("legal-basis", (w["document"], w["date"], w["subject"]), rows)
    return Section(ctx.id("legal-basis"), w["legal_basis"], (table,))


def _basis_row(ctx: _Context, basis: LegalBasis) -> tuple[Line, ...]:
    name: Inline = Link(basis.decision, basis.url) if basis.url else basis.decision
    return ((name,), (date(basis.date, ctx.lang),), (ctx.text(basis.title) or ctx.words["none"],))


def _provenance(ctx: _Context, source: str, provenance: str) -> Line:
    """``source [derived]``: where an item comes from, marked when it is not official."""
    mark = "" if provenance == "official" else f" [{ctx.words[provenance]}]"
    return (f"{source or ctx.words['none']}{mark}",)


def _dates(ctx: _Context) -> Section:
    w, regime, lang = ctx.words, ctx.regime, ctx.lang
    items: list[Line] = [(Strong(f"{w['effective']}: "), period(regime.effective, lang))]
    if regime.evaluation_window is not None:
        items.append((Strong(f"{w['evaluation_window']}: "), period(regime.evaluation_window, lang)))
    cadence = w[regime.cadence]
    if regime.year_aggregate is not None:
        cadence += f"; {w['aggregate']}: {w[regime.year_aggregate]}"
    items.append((Strong(f"{w['cadence']}: "), cadence))
    if regime.deadline is not None:
        items.extend(_deadline(ctx, regime.deadline))
    else:
        items.append((w["no_deadline"],))
    blocks: list[Block] = [Items(tuple(items))]
    if regime.milestones:
        rows = tuple(_milestone_row(ctx, m) for m in regime.milestones)
        header = (w["milestone"], w["by"], w["source"])
        blocks.append(Table("milestones", header, rows))
    return Section(ctx.id("dates"), w["dates"], tuple(blocks))


def _deadline(ctx: _Context, deadline: Deadline) -> list[Line]:
    w = ctx.words
    grace = (
        w["grace"].format(days=deadline.grace_working_days) if deadline.grace_working_days else w["no_grace"]
    )
    source = _provenance(ctx, deadline.source, deadline.provenance)
    due = f"{date(deadline.due, ctx.lang)}; {grace} ({w['source'].lower()}: {_plain(source)})"
    items: list[Line] = [(Strong(f"{w['deadline']}: "), due)]
    if deadline.channel is not None:
        items.append((Strong(f"{w['channel']}: "), ctx.text(deadline.channel)))
    return items


def _milestone_row(ctx: _Context, milestone: Milestone) -> tuple[Line, ...]:
    return (
        (ctx.text(milestone.title),),
        (date(milestone.by, ctx.lang),),
        _provenance(ctx, milestone.source, milestone.provenance),
    )


def _groups(ctx: _Context) -> Section:
    w, regime = ctx.words, ctx.regime
    rows = tuple(
        (
            (Code(group.id),),
            (ctx.text(group.title),),
            (number(_group_max(regime, group), ctx.lang),),
            (str(len(regime.leaves(group.id))),),
            (_ranked(ctx, group),),
            _provenance(ctx, group.source, group.provenance),
        )
        for group in regime.groups
    )
    header = (w["id"], w["group"], w["max_total"], w["leaves"], w["ranked"], w["source"])
    table = Table("groups", header, rows)
    return Section(ctx.id("groups"), w["groups"], (Paragraph((w["groups_lead"],)), table))


def _group_max(regime: Regime, group: UnitGroup) -> Decimal:
    return group.max_total if group.max_total is not None else regime.max_points(group.id)


def _ranked(ctx: _Context, group: UnitGroup) -> str:
    if not group.ranked:
        return ctx.words["not_ranked"]
    return ctx.words[f"ranked_{group.rank_within}"]


# --- Criteria ---------------------------------------------------------------------------------------


def _criteria(ctx: _Context) -> Section:
    w = ctx.words
    rows = tuple(_overview_row(ctx, c, depth) for c, depth in _with_depth(ctx.regime.criteria, 0))
    header = (w["id"], w["criterion"], w["max"], w["benchmark"], w["applies"], w["provenance"])
    overview = Table("criteria", header, rows)
    sections = tuple(_criterion(ctx, top) for top in ctx.regime.criteria)
    return Section(ctx.id("criteria"), w["criteria"], (overview, *sections))


def _with_depth(criteria: Iterable[Criterion], depth: int) -> Iterator[tuple[Criterion, int]]:
    for criterion in criteria:
        yield criterion, depth
        yield from _with_depth(criterion.children, depth + 1)


def _overview_row(ctx: _Context, criterion: Criterion, depth: int) -> tuple[Line, ...]:
    w = ctx.words
    title: Inline = ctx.text(criterion.title)
    ident: Inline = Link(criterion.id, f"#{ctx.id('c', criterion.id)}")
    if depth == 0:
        title = Strong(ctx.text(criterion.title))
    benchmark = _benchmark(ctx, criterion.benchmark) if criterion.benchmark else w["none"]
    return (
        (ident,),
        (title,),
        (number(criterion.max, ctx.lang),),
        (benchmark,),
        (_applies(ctx, criterion),),
        (w[criterion.provenance],),
    )


def _applies(ctx: _Context, criterion: Criterion) -> str:
    if not criterion.groups:
        return ctx.words["all_groups"]
    return ", ".join(criterion.groups)


def _benchmark(ctx: _Context, benchmark: Benchmark) -> str:
    if benchmark.ratio is not None:
        return percent(benchmark.ratio, ctx.lang)
    if benchmark.value is not None:
        return f"≥ {number(benchmark.value, ctx.lang)}"
    assert benchmark.points is not None
    return f"{number(benchmark.points, ctx.lang)} {ctx.words['points']}"


def _criterion(ctx: _Context, criterion: Criterion) -> Section:
    w, lang = ctx.words, ctx.lang
    head = f"{criterion.id}. {ctx.text(criterion.title)} ({number(criterion.max, lang)} {w['points']})"
    facts: list[Line] = []
    blocks: list[Block] = []
    if criterion.groups:
        titles = ", ".join(ctx.text(ctx.regime.group(g).title) for g in criterion.groups)
        facts.append((Strong(f"{w['only_groups']}: "), titles))
    if criterion.benchmark is not None:
        facts.append((Strong(f"{w['benchmark']}: "), _benchmark(ctx, criterion.benchmark)))
    if criterion.is_leaf:
        assert criterion.indicator is not None
        facts.extend(_inputs(ctx, criterion.indicator))
    else:
        combine = w[f"combine_{criterion.combine}"].format(max=number(criterion.max, lang))
        facts.append((Strong(f"{w['combine']}: "), combine))
    if not criterion.higher_is_better:
        facts.append((w["lower_is_better"],))
    if criterion.note is not None:
        facts.append((Strong(f"{w['note']}: "), ctx.text(criterion.note)))
    facts.append((Strong(f"{w['source']}: "), *_provenance(ctx, criterion.source, criterion.provenance)))
    blocks.append(Items(tuple(facts)))
    if criterion.is_leaf:
        blocks.extend(scoring(criterion, lang))
    blocks.extend(_criterion(ctx, child) for child in criterion.children)
    return Section(ctx.id("c", criterion.id), head, tuple(blocks))


def _inputs(ctx: _Context, indicator: Indicator) -> list[Line]:
    w = ctx.words
    if isinstance(indicator, Ratio):
        lines: list[Line] = [
            (Strong(f"{w['numerator']}: "), ctx.text(indicator.numerator)),
            (Strong(f"{w['denominator']}: "), ctx.text(indicator.denominator)),
        ]
        if indicator.zero_denominator != "error":
            lines.append((Strong(f"{w['zero_denominator']}: "), w[f"zd_{indicator.zero_denominator}"]))
        return lines
    if isinstance(indicator, Count):
        return [(Strong(f"{w['count']}: "), ctx.text(indicator.label) + _unit(ctx, indicator.unit))]
    if isinstance(indicator, Number):
        bounds = _bounds(ctx, indicator)
        return [(Strong(f"{w['value']}: "), ctx.text(indicator.label) + _unit(ctx, indicator.unit) + bounds)]
    if isinstance(indicator, YesNo):
        return [(Strong(f"{w['question']}: "), ctx.text(indicator.label))]
    levels = "; ".join(f"{ctx.text(level.title)} ({level.id})" for level in indicator.levels)
    return [(Strong(f"{w['choice']}: "), f"{ctx.text(indicator.label)}: {levels}")]


def _unit(ctx: _Context, unit: Text | None) -> str:
    return f" ({ctx.words['unit']}: {ctx.text(unit)})" if unit is not None else ""


def _bounds(ctx: _Context, indicator: Number) -> str:
    w, low, high = ctx.words, indicator.min, indicator.max
    if low is not None and high is not None:
        return f", {w['between'].format(low=number(low, ctx.lang), high=number(high, ctx.lang))}"
    if low is not None:
        return f", {w['at_least'].format(low=number(low, ctx.lang))}"
    if high is not None:
        return f", {w['at_most'].format(high=number(high, ctx.lang))}"
    return ""


def _bands(ctx: _Context) -> Section:
    w, regime, lang = ctx.words, ctx.regime, ctx.lang
    blocks: list[Block] = []
    if not regime.bands:
        blocks.append(Paragraph((w["no_bands"],)))
    else:
        basis = w["bands_on_percent"] if regime.band_basis == "percent" else w["bands_on_total"]
        blocks.append(Paragraph((basis,)))
        unit = "%" if regime.band_basis == "percent" else ""
        rows = tuple(
            (
                (ctx.text(band.title),),
                (_band_range(band, unit, lang),),
                _provenance(ctx, band.source, band.provenance),
            )
            for band in regime.bands
        )
        blocks.append(Table("bands", (w["band"], w["range"], w["source"]), rows))
    blocks.append(Paragraph((Strong(f"{w['rounding']}: "), regime.rounding.describe(lang) + ".")))
    return Section(ctx.id("bands"), w["bands"], tuple(blocks))


def _band_range(band: Band, unit: str, lang: str) -> str:
    low = f"{number(band.min, lang)}{unit} ≤ " if band.min is not None else ""
    high = f" < {number(band.below, lang)}{unit}" if band.below is not None else ""
    return f"{low}x{high}"


def _ranking(ctx: _Context, policy: RankingPolicy | None) -> Section:
    w = ctx.words
    items: list[Line] = [(Strong(f"{w['policy']}: "), Code(ctx.regime.ranking_policy))]
    if policy is not None:
        items[0] = (*items[0], f" — {ctx.text(policy.title)}")
        items.append((Strong(f"{w['basis']}: "), w[f"basis_{policy.basis}"]))
        items.append((Strong(f"{w['method']}: "), w[f"method_{policy.method}"]))
        if policy.tie_breaks:
            breaks = "; ".join(_tie_break(ctx, key) for key in policy.tie_breaks)
            items.append((Strong(f"{w['tie_breaks']}: "), breaks))
        items.append((Strong(f"{w['source']}: "), *_provenance(ctx, policy.source, policy.provenance)))
    unranked = [ctx.text(g.title) for g in ctx.regime.groups if not g.ranked]
    if unranked:
        items.append((Strong(f"{w['not_ranked'][:1].upper()}{w['not_ranked'][1:]}: "), "; ".join(unranked)))
    return Section(ctx.id("ranking"), w["ranking"], (Items(tuple(items)),))


def _tie_break(ctx: _Context, key: str) -> str:
    if key.startswith("criterion:"):
        return ctx.words["tb_criterion"].format(id=key.removeprefix("criterion:"))
    return ctx.words.get(f"tb_{key}", key)


# --- What changed -----------------------------------------------------------------------------------


def previous_regime(regime: Regime, candidates: Iterable[Regime]) -> Regime | None:
    """The regime of the same province that came into force last before ``regime``, if any."""
    earlier = [
        c for c in candidates if c.province == regime.province and c.effective.start < regime.effective.start
    ]
    return max(earlier, key=lambda c: (c.effective.start, c.id), default=None)


def _changes(ctx: _Context, previous: Regime | None) -> Section:
    w, lang = ctx.words, ctx.lang
    title = w["changes"]
    if previous is None:
        paragraph = Paragraph((w["first_regime"].format(province=ctx.regime.province),))
        return Section(ctx.id("changes"), title, (paragraph,))
    change = diff(previous, ctx.regime)
    lead = w["compared_with"].split("{previous}")
    blocks: list[Block] = [
        Paragraph(
            (
                lead[0],
                Code(previous.id),
                lead[1].format(period=period(previous.effective, lang)),
            )
        )
    ]
    if not change:
        blocks.append(Paragraph((w["no_change"],)))
    blocks.extend(_change_tables(ctx, change, previous))
    return Section(ctx.id("changes"), title, tuple(blocks))


def _change_tables(ctx: _Context, change: RegimeDiff, previous: Regime) -> Iterator[Block]:
    w, lang = ctx.words, ctx.lang
    for kind, criteria in (("added", change.added), ("removed", change.removed)):
        if criteria:
            rows = tuple(((c.id,), (ctx.text(c.title),), (number(c.max, lang),)) for c in criteria)
            yield Paragraph((Strong(w[kind]),))
            yield Table(f"changes-{kind}", (w["id"], w["criterion"], w["max"]), rows)
    if change.changed:
        rows_: list[tuple[Line, ...]] = []
        for item in change.changed:
            old, new = previous.criterion(item.id), ctx.regime.criterion(item.id)
            for field in item.changes:
                rows_.append(
                    (
                        (item.id,),
                        (_FIELDS[lang].get(field.field, field.field),),
                        _field_value(ctx, field.field, field.old, old),
                        _field_value(ctx, field.field, field.new, new),
                    )
                )
        yield Paragraph((Strong(w["changed"]),))
        yield Table("changes-changed", (w["id"], w["what"], w["before"], w["after"]), tuple(rows_))
    if change.settings:
        settings: tuple[tuple[Line, ...], ...] = tuple(
            (
                (_FIELDS[lang].get(f.field, f.field),),
                _field_value(ctx, f.field, f.old, None),
                _field_value(ctx, f.field, f.new, None),
            )
            for f in change.settings
        )
        yield Paragraph((Strong(w["settings"]),))
        yield Table("changes-settings", (w["what"], w["before"], w["after"]), settings)


def _field_value(ctx: _Context, field: str, value: object, criterion: Criterion | None) -> Line:
    """A changed value as the book shows it; a rule in words, as in the criteria section."""
    w, lang = ctx.words, ctx.lang
    if value is None:
        return (w["none"],)
    if field == "rule" and criterion is not None and isinstance(value, str):
        return rule_summary(attrs.evolve(criterion, rule=value), lang)
    if field in ("provenance", "status", "cadence", "year_aggregate") and isinstance(value, str):
        return (w.get(value, value),)
    if field == "combine" and isinstance(value, str) and criterion is not None:
        return (w[f"combine_{value}"].format(max=number(criterion.max, lang)),)
    if field == "band_basis":
        return (w["bands_on_percent"] if value == "percent" else w["bands_on_total"],)
    if field == "groups" and isinstance(value, tuple):
        return ("; ".join(_show(ctx, v) for v in value) or w["all_groups"],)
    if isinstance(value, tuple):
        return ("; ".join(_show(ctx, v) for v in value) or w["none"],)
    return (_show(ctx, value),)


def _show(ctx: _Context, value: object) -> str:
    w, lang = ctx.words, ctx.lang
    if isinstance(value, Decimal):
        return number(value, lang)
    if isinstance(value, Text):
        return ctx.text(value)
    if isinstance(value, UnitGroup):
        return f"{ctx.text(value.title)} ({value.id}; {_ranked(ctx, value)})"
    if isinstance(value, Band):
        return f"{ctx.text(value.title)} {_band_range(value, '', lang)}"
    if isinstance(value, Benchmark):
        return _benchmark(ctx, value)
    if isinstance(value, Period):
        return period(value, lang)
    if isinstance(value, Deadline):
        grace = (
            w["grace"].format(days=value.grace_working_days) if value.grace_working_days else w["no_grace"]
        )
        return f"{date(value.due, lang)}; {grace}"
    if isinstance(value, Milestone):
        return f"{ctx.text(value.title)}: {date(value.by, lang)}"
    if isinstance(value, Rounding):
        return value.describe(lang)
    if isinstance(value, Ratio):
        return f"{ctx.text(value.numerator)} / {ctx.text(value.denominator)}"
    if isinstance(value, Choice):
        return f"{ctx.text(value.label)}: " + "; ".join(ctx.text(level.title) for level in value.levels)
    if isinstance(value, Count | YesNo | Number):
        return ctx.text(value.label)
    return str(value)


# --- Scoring rules in words -------------------------------------------------------------------------


class _NoWords(Exception):
    """The rule has a part with no phrasing: show the rule as written."""


def scoring(criterion: Criterion, lang: str = "vi") -> tuple[Block, ...]:
    """How a leaf is scored, for people: a sentence, and a table for thresholds or levels.

    The rule as written is shown only when no part of the book phrases it (see the module docstring).
    """
    w = _WORDS[_lang(lang)]
    sentence, table = _phrase(criterion, _lang(lang))
    blocks: list[Block] = [Paragraph((Strong(f"{w['scoring']}: "), *sentence))]
    if table is not None:
        blocks.append(table)
    return tuple(blocks)


def rule_summary(criterion: Criterion, lang: str = "vi") -> Line:
    """How a leaf is scored, on one line (thresholds listed): for change tables."""
    sentence, table = _phrase(criterion, _lang(lang))
    if table is None:
        return sentence
    rows = "; ".join(f"{_plain(row[0])}: {_plain(row[-1])}" for row in table.rows)
    return (*sentence, " ", rows) if sentence else (rows,)


def _plain(line: Line) -> str:
    return "".join(part if isinstance(part, str) else part.text for part in line)


def _phrase(criterion: Criterion, lang: Lang) -> tuple[Line, Table | None]:
    w = _WORDS[lang]
    source = criterion.effective_rule
    indicator = criterion.indicator
    if source is None or indicator is None:
        return (w["none"],), None
    try:
        node = ast.parse(source.strip(), mode="eval").body
        return _Phrasing(criterion, indicator, lang).rule(node)
    except (_NoWords, SyntaxError, ValueError, ArithmeticError):
        return (Strong(f"{w['rule_as_written']}: "), Code(source.strip())), None


@attrs.frozen
class _Phrasing:
    criterion: Criterion
    indicator: Indicator
    lang: Lang

    @property
    def w(self) -> dict[str, str]:
        return _WORDS[self.lang]

    def num(self, value: Decimal) -> str:
        return number(value, self.lang)

    def points(self, value: Decimal) -> str:
        return self.num(value)

    def rule(self, node: ast.expr) -> tuple[Line, Table | None]:
        w = self.w
        constant = _literal(node)
        if constant is not None:
            text = w["not_scored"] if constant == 0 else w["always"].format(points=self.points(constant))
            return (text,), None
        if _call(node, "steps"):
            return self.steps(node)
        if _call(node, "per_item") and isinstance(node, ast.Call):
            return self.per_item(node)
        if isinstance(self.indicator, YesNo) and isinstance(node, ast.IfExp) and _name(node.test) == "yes":
            yes, no = self.value(node.body), self.value(node.orelse)
            return (w["yes_no"].format(yes=self.points(yes), no=self.points(no)),), None
        if isinstance(self.indicator, Choice) and _is_product(node, "fraction", "max_points"):
            return self.levels(self.indicator)
        return (w["formula"].format(formula=self.words(node)),), None

    def value(self, node: ast.expr) -> Decimal:
        """A number written in the rule, or max_points."""
        if _name(node) == "max_points":
            return self.criterion.max
        literal = _literal(node)
        if literal is None:
            raise _NoWords
        return literal

    def subject(self, name: str) -> str:
        """How an input is called in a sentence or a table header."""
        w, indicator = self.w, self.indicator
        if name == "ratio":
            return w["ratio"]
        if name == "max_points":
            return self.num(self.criterion.max)
        if name == "best":
            return w["best"]
        if name == "fraction":
            return w["fraction"]
        if name == "level":
            return w["level_no"]
        if isinstance(indicator, Ratio) and name in ("numerator", "denominator"):
            label = indicator.numerator if name == "numerator" else indicator.denominator
            return f"“{label.get(self.lang)}”"
        if isinstance(indicator, Count | Number | YesNo | Choice):
            return f"“{indicator.label.get(self.lang)}”"
        raise _NoWords

    def threshold(self, name: str, value: Decimal) -> str:
        return percent(value, self.lang) if name == "ratio" else self.num(value)

    def steps(self, node: ast.expr) -> tuple[Line, Table | None]:
        assert isinstance(node, ast.Call)
        name = _name(node.args[0])
        if name is None or len(node.args) < 3 or len(node.args) % 2 == 0:
            raise _NoWords
        pairs = sorted(
            ((self.value(t), self.value(p)) for t, p in zip(node.args[1::2], node.args[2::2], strict=True)),
            reverse=True,
        )
        w = self.w
        whole = name == "count" or (name == "level" and isinstance(self.indicator, Choice))
        integral = whole and all(t == t.to_integral_value() for t, _ in pairs)
        rows: list[tuple[Line, ...]] = []
        above: Decimal | None = None
        for threshold, points in pairs:
            rows.append(((self.band(name, threshold, above, integral),), (self.points(points),)))
            above = threshold
        lowest = pairs[-1][0]
        if not (name in ("count", "ratio", "level") and lowest <= 0):
            rows.append(((self.band(name, None, lowest, integral),), (self.points(Decimal(0)),)))
        header = (_capital(self.subject(name).strip("“”")), _capital(w["points"]))
        return (), Table("steps", header, tuple(rows))

    def band(self, name: str, low: Decimal | None, high: Decimal | None, integral: bool) -> str:
        """The answers from ``low`` (included) to ``high`` (excluded) in words; whole numbers as ranges."""
        w = self.w
        if integral and high is not None:
            top = high - 1
            if low is None:
                low = Decimal(0)
            if low == top:
                return self.num(low)
            return w["range_int"].format(low=self.num(low), high=self.num(top))
        if low is None:
            assert high is not None
            return w["below"].format(high=self.threshold(name, high))
        if high is None:
            return w["or_more"].format(low=self.threshold(name, low))
        return w["from_to"].format(low=self.threshold(name, low), high=self.threshold(name, high))

    def per_item(self, node: ast.Call) -> tuple[Line, Table | None]:
        if len(node.args) != 3:
            raise _NoWords
        name = _name(node.args[0])
        if name is None:
            raise _NoWords
        each, cap = self.value(node.args[1]), self.value(node.args[2])
        unit = self.w["point"] if each == 1 else self.w["points"]
        text = self.w["per_item"].format(
            label=self.subject(name).strip("“”"), each=self.num(each), cap=self.num(cap), unit=unit
        )
        return (text,), None

    def levels(self, indicator: Choice) -> tuple[Line, Table | None]:
        w = self.w
        rows = tuple(
            (
                (f"{level.title.get(self.lang)} ({level.id})",),
                (percent(level.fraction, self.lang),),
                (self.points(level.fraction * self.criterion.max),),
            )
            for level in indicator.levels
        )
        return (), Table("levels", (w["level"], w["share"], w["points"].capitalize()), rows)

    # A formula in words: numbers, inputs by their labels, + − × ÷, comparisons, if/else, a few calls.

    def words(self, node: ast.expr, context: str | None = None) -> str:
        w = self.w
        literal = _literal(node)
        if literal is not None:
            return self.threshold(context, literal) if context == "ratio" else self.num(literal)
        if isinstance(node, ast.Constant) and isinstance(node.value, bool):
            return w["true" if node.value else "false"]
        if isinstance(node, ast.Name):
            return self.subject(node.id)
        if isinstance(node, ast.BinOp) and type(node.op) in _SYMBOLS:
            left = self.operand(node.left, node, right=False)
            right = self.operand(node.right, node, right=True)
            return f"{left} {_SYMBOLS[type(node.op)]} {right}"
        if isinstance(node, ast.Compare) and all(type(op) in _COMPARISONS for op in node.ops):
            parts = [node.left, *node.comparators]
            names = {_name(p) for p in parts} & {"ratio"}
            side = "ratio" if names else None
            text = self.words(node.left, side)
            for op, other in zip(node.ops, node.comparators, strict=True):
                text += f" {_COMPARISONS[type(op)]} {self.words(other, side)}"
            return text
        if isinstance(node, ast.BoolOp):
            joiner = f" {w['and' if isinstance(node.op, ast.And) else 'or']} "
            return joiner.join(
                f"({self.words(v)})" if isinstance(v, ast.BoolOp) else self.words(v) for v in node.values
            )
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return f"{w['not']} ({self.words(node.operand)})"
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return f"−{self.operand(node.operand, node, right=True)}"
        if isinstance(node, ast.IfExp):
            return w["when"].format(
                a=self.words(node.body), test=self.words(node.test), b=self.words(node.orelse)
            )
        if isinstance(node, ast.Call):
            return self.call(node)
        raise _NoWords

    def operand(self, node: ast.expr, parent: ast.BinOp | ast.UnaryOp, *, right: bool) -> str:
        text = self.words(node)
        mine, theirs = _precedence(node), _precedence(parent)
        if mine < theirs or (right and mine == theirs and not isinstance(parent.op, ast.Add | ast.Mult)):
            return f"({text})"
        return text

    def call(self, node: ast.Call) -> str:
        w = self.w
        name = _name(node.func)
        args = node.args
        if name in ("min", "max") and len(args) >= 2:
            which = w["smaller" if name == "min" else "larger"]
            return f"{which} ({', '.join(self.words(a) for a in args)})"
        if name == "abs" and len(args) == 1:
            return f"|{self.words(args[0])}|"
        if name == "divide" and len(args) == 2:
            return f"{self.operand_of(args[0])} ÷ {self.operand_of(args[1])}"
        if name == "clamp" and len(args) == 3:
            return w["clamp"].format(x=self.words(args[0]), low=self.words(args[1]), high=self.words(args[2]))
        if name in _ROUNDINGS and len(args) == 2:
            places = _literal(args[1])
            if places is None:
                raise _NoWords
            how = Rounding(mode=_ROUNDINGS[name]).describe(self.lang).split(", ")[1]
            unit = "" if self.lang == "vi" else "place" if places == 1 else "places"
            return w["rounded"].format(x=self.words(args[0]), places=self.num(places), how=how, unit=unit)
        raise _NoWords

    def operand_of(self, node: ast.expr) -> str:
        text = self.words(node)
        return f"({text})" if _precedence(node) < _PRECEDENCE[ast.Mult] else text


_SYMBOLS: dict[type[ast.operator], str] = {ast.Add: "+", ast.Sub: "−", ast.Mult: "×", ast.Div: "÷"}
_PRECEDENCE: dict[type[ast.AST], int] = {ast.Add: 1, ast.Sub: 1, ast.Mult: 2, ast.Div: 2, ast.USub: 3}
_COMPARISONS: dict[type[ast.cmpop], str] = {
    ast.Lt: "<",
    ast.LtE: "≤",
    ast.Gt: ">",
    ast.GtE: "≥",
    ast.Eq: "=",
    ast.NotEq: "≠",
}
_ROUNDINGS: dict[str, RoundingMode] = {
    "round_half_up": "half_up",
    "round_half_even": "half_even",
    "round_down": "down",
    "round_up": "up",
}


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _precedence(node: ast.AST) -> int:
    if isinstance(node, ast.BinOp | ast.UnaryOp):
        return _PRECEDENCE.get(type(node.op), 0)
    if isinstance(node, ast.Compare | ast.BoolOp | ast.IfExp):
        return 0
    return 9


def _literal(node: ast.expr) -> Decimal | None:
    """A number written in the rule (with its sign), exactly; None for anything else."""
    sign = 1
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        sign = -1 if isinstance(node.op, ast.USub) else 1
        node = node.operand
    if not isinstance(node, ast.Constant) or isinstance(node.value, bool):
        return None
    if isinstance(node.value, int):
        value = Decimal(node.value)
    elif isinstance(node.value, float):
        value = Decimal(repr(node.value))
    else:
        return None
    return value if sign > 0 else -value


def _name(node: ast.expr) -> str | None:
    return node.id if isinstance(node, ast.Name) else None


def _call(node: ast.expr, function: str) -> bool:
    return isinstance(node, ast.Call) and _name(node.func) == function


def _is_product(node: ast.expr, a: str, b: str) -> bool:
    if not isinstance(node, ast.BinOp) or not isinstance(node.op, ast.Mult):
        return False
    return {_name(node.left), _name(node.right)} == {a, b}


# --- The rule language's allow-list as tables -------------------------------------------------------

LANGUAGE_TABLES = ("operators", "functions", "inputs", "limits")


def language_table(kind: str) -> Table:
    """One table of the rule language's reference, generated from the allow-list itself:

    ``operators`` (:data:`itcriteria.expressions.OPERATORS`), ``functions``
    (:data:`itcriteria.expressions.FUNCTIONS`, with the call each takes and its docstring), ``inputs``
    (the names a rule of each indicator kind may use) or ``limits``
    (:class:`itcriteria.expressions.ExpressionLimits` and its defaults). In English.
    """
    rows: tuple[tuple[Line, ...], ...]
    if kind == "operators":
        rows = tuple(((Code(op),), _inline_code(meaning)) for op, meaning in expressions.OPERATORS.items())
        return Table("operators", ("Operator", "Meaning"), rows)
    if kind == "functions":
        rows = tuple(
            ((Code(name),), (Code(BUILTINS[name][1].usage.split(": ")[-1]),), _inline_code(_doc(function)))
            for name, function in sorted(expressions.FUNCTIONS.items())
        )
        return Table("functions", ("Function", "Call", "What it does"), rows)
    if kind == "inputs":
        rows = tuple(
            (
                (Code(kind_),),
                _join_code(rule_inputs(_sample(kind_))),
                (Code(cls.default_rule),) if cls.default_rule else ("none: the regime gives the rule",),
            )
            for kind_, cls in INDICATOR_KINDS.items()
        )
        return Table("inputs", ("Indicator kind", "Names a rule may use", "Default rule"), rows)
    if kind == "limits":
        limits = expressions.LIMITS
        rows = tuple(
            ((Code(field.name),), (str(getattr(limits, field.name)),))
            for field in attrs.fields(expressions.ExpressionLimits)
        )
        return Table("limits", ("Limit", "Default"), rows)
    raise ValueError(f"no language table {kind!r}; use one of {', '.join(LANGUAGE_TABLES)}")


def _sample(kind: str) -> Indicator:
    """An indicator of ``kind``, to ask it the names its rules may use."""
    label = Text("x")
    samples: dict[str, Indicator] = {
        "ratio": Ratio(label, label),
        "count": Count(label),
        "yes_no": YesNo(label),
        "choice": Choice(label, ()),
        "number": Number(label),
    }
    return samples[kind]


def _doc(function: object) -> str:
    return " ".join(inspect.cleandoc(inspect.getdoc(function) or "").split())


def _inline_code(text: str) -> Line:
    """Text with its ``double-backquoted`` parts as code."""
    parts: list[Inline] = []
    for i, piece in enumerate(re.split(r"``(.+?)``", text)):
        if piece:
            parts.append(Code(piece) if i % 2 else piece)
    return tuple(parts)


def _join_code(names: Sequence[str]) -> Line:
    parts: list[Inline] = []
    for i, name in enumerate(names):
        if i:
            parts.append(", ")
        parts.append(Code(name))
    return tuple(parts)


# --- Writers ----------------------------------------------------------------------------------------


def render(document: Section, fmt: str, lang: str = "vi") -> str:
    """``document`` as Markdown (``md``), reStructuredText (``rst``) or a standalone HTML page (``html``)."""
    if fmt == "md":
        return to_markdown(document)
    if fmt == "rst":
        return to_rst(document)
    if fmt == "html":
        return to_html(document, lang)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


# Markdown (CommonMark with GitHub tables).

_MD_SPECIAL = re.compile(r"([\\`*_<|])")


def _md_text(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _md_inline(line: Line) -> str:
    out = []
    for part in line:
        if isinstance(part, str):
            out.append(_md_text(part))
        elif isinstance(part, Strong):
            out.append(f"**{_md_text(part.text.strip())}**" + (" " if part.text.endswith(" ") else ""))
        elif isinstance(part, Code):
            fence = "``" if "`" in part.text else "`"
            pad = " " if "`" in part.text else ""
            out.append(f"{fence}{pad}{part.text}{pad}{fence}")
        else:
            out.append(f"[{_md_text(part.text)}](<{part.url}>)")
    return "".join(out).replace("\n", " ")


def to_markdown(document: Section) -> str:
    """The document as Markdown: headings with anchors, GitHub tables, callouts as block quotes."""
    lines: list[str] = []
    _md_section(document, 1, lines)
    return "\n".join(lines).rstrip("\n") + "\n"


def _md_section(section: Section, level: int, lines: list[str]) -> None:
    lines += [f'<a id="{section.id}"></a>', "", f"{'#' * min(level, 6)} {_md_text(section.title)}", ""]
    for block in section.blocks:
        if isinstance(block, Section):
            _md_section(block, level + 1, lines)
        elif isinstance(block, Paragraph):
            lines += [_md_inline(block.parts), ""]
        elif isinstance(block, Items):
            lines += [f"- {_md_inline(item)}" for item in block.items] + [""]
        elif isinstance(block, Callout):
            lines += [f"> **{_md_text(block.title)}.** {_md_inline(block.body)}", ""]
        else:
            lines += ["| " + " | ".join(_md_text(h) for h in block.header) + " |"]
            lines += ["|" + "---|" * len(block.header)]
            lines += ["| " + " | ".join(_md_inline(cell) or " " for cell in row) + " |" for row in block.rows]
            lines += [""]


# reStructuredText.

_RST_SPECIAL = re.compile(r"([\\`*_|])")
_RST_UNDERLINES = "=-~^\"'"


def _rst_text(text: str) -> str:
    return _RST_SPECIAL.sub(r"\\\1", text)


def _rst_inline(line: Line) -> str:
    out: list[str] = []
    for part in line:
        markup = not isinstance(part, str)
        if isinstance(part, str):
            piece = _rst_text(part)
        elif isinstance(part, Strong):
            piece = f"**{_rst_text(part.text.strip())}**"
        elif isinstance(part, Code):
            piece = f":literal:`{_rst_text(part.text)}`" if "`" in part.text else f"``{part.text}``"
        elif part.url.startswith("#"):
            piece = f"`{_rst_text(part.text)} <{part.url[1:]}_>`__"
        else:
            piece = f"`{_rst_text(part.text)} <{part.url}>`__"
        # inline markup needs a space or punctuation on both sides; an escaped space joins it to a word
        if out and (markup or out[-1].endswith(("**", "``", "`__", "`"))) and _joined(out[-1][-1], piece[0]):
            out.append("\\ ")
        out.append(piece)
        if isinstance(part, Strong) and part.text.endswith(" "):
            out.append(" ")
    return "".join(out).replace("\n", " ")


def _joined(before: str, after: str) -> bool:
    """Whether ``before`` and ``after`` touch across a markup boundary (neither is space nor punctuation)."""
    return not any(c.isspace() or unicodedata.category(c)[0] == "P" for c in (before, after))


def to_rst(document: Section) -> str:
    """The document as reStructuredText: labelled sections, list tables, admonitions."""
    lines: list[str] = []
    _rst_section(document, 0, lines)
    return "\n".join(lines).rstrip("\n") + "\n"


def _rst_section(section: Section, level: int, lines: list[str]) -> None:
    title = _rst_text(section.title)
    mark = _RST_UNDERLINES[min(level, len(_RST_UNDERLINES) - 1)] * max(len(title), 4)
    lines += [f".. _{section.id}:", ""]
    lines += ([mark] if level == 0 else []) + [title, mark, ""]
    for block in section.blocks:
        if isinstance(block, Section):
            _rst_section(block, level + 1, lines)
        elif isinstance(block, Paragraph):
            lines += [_rst_inline(block.parts), ""]
        elif isinstance(block, Items):
            lines += [f"- {_rst_inline(item)}" for item in block.items] + [""]
        elif isinstance(block, Callout):
            lines += [f".. admonition:: {_rst_text(block.title)}", f"   :class: {block.kind}", ""]
            lines += [f"   {_rst_inline(block.body)}", ""]
        else:
            lines += [".. list-table::", "   :header-rows: 1", f"   :class: criteria-book-{block.kind}", ""]
            for row in ((tuple((h,) for h in block.header)), *block.rows):
                for i, cell in enumerate(row):
                    text = _rst_inline(cell) or "\\ "
                    if re.match(r"[-*+#|]|\d+[.)](\s|$)", text):
                        text = "\\" + text
                    lines.append(f"   {'* -' if i == 0 else '  -'} {text}")
            lines.append("")


# HTML.

_CSS = """
body { font-family: system-ui, sans-serif; line-height: 1.5; margin: 0 auto; max-width: 60rem; }
main { padding: 1rem; }
table { border-collapse: collapse; margin: 1rem 0; width: 100%; }
th, td { border: 1px solid #bbb; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #eee; }
.callout { border-left: .3rem solid #888; padding: .5rem 1rem; margin: 1rem 0; background: #f6f6f6; }
.callout.warning { border-color: #c60; background: #fff4e5; }
code { background: #f0f0f0; padding: 0 .2rem; }
"""


def _html_inline(line: Line) -> str:
    out = []
    for part in line:
        if isinstance(part, str):
            out.append(html.escape(part))
        elif isinstance(part, Strong):
            out.append(f"<strong>{html.escape(part.text)}</strong>")
        elif isinstance(part, Code):
            out.append(f"<code>{html.escape(part.text)}</code>")
        else:
            out.append(f'<a href="{html.escape(part.url)}">{html.escape(part.text)}</a>')
    return "".join(out)


def to_html(document: Section, lang: str = "vi") -> str:
    """The document as a standalone HTML page (UTF-8, a little CSS, no script)."""
    body: list[str] = []
    _html_section(document, 1, body)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{_lang(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(document.title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )


def _html_section(section: Section, level: int, out: list[str]) -> None:
    tag = f"h{min(level, 6)}"
    out.append(f'<section id="{html.escape(section.id)}">')
    out.append(f"<{tag}>{html.escape(section.title)}</{tag}>")
    for block in section.blocks:
        if isinstance(block, Section):
            _html_section(block, level + 1, out)
        elif isinstance(block, Paragraph):
            out.append(f"<p>{_html_inline(block.parts)}</p>")
        elif isinstance(block, Items):
            out.append("<ul>" + "".join(f"<li>{_html_inline(item)}</li>" for item in block.items) + "</ul>")
        elif isinstance(block, Callout):
            out.append(
                f'<div class="callout {block.kind}" role="note"><strong>{html.escape(block.title)}.</strong> '
                f"{_html_inline(block.body)}</div>"
            )
        else:
            head = "".join(f"<th>{html.escape(h)}</th>" for h in block.header)
            rows = "".join(
                "<tr>" + "".join(f"<td>{_html_inline(cell)}</td>" for cell in row) + "</tr>"
                for row in block.rows
            )
            out.append(
                f'<table class="criteria-book-table criteria-book-{block.kind}">'
                f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
            )
    out.append("</section>")


# --- Installed regimes ------------------------------------------------------------------------------


def installed_book(regime_id: str, lang: str = "vi", *, plugins: Iterable[str] | None = None) -> Section:
    """The book of the installed regime ``regime_id``, compared with the province's previous regime and
    showing its registered ranking policy. RegimeNotFoundError when no installed regime has that id."""
    from ._plugins import default_registry

    registry = default_registry(plugins)
    regime = registry.get_regime(regime_id)
    others = (info.regime for info in registry.list_regimes(regime.province))
    policy = registry.policies.get(regime.ranking_policy)
    return book(regime, lang, previous=previous_regime(regime, others), policy=policy)
