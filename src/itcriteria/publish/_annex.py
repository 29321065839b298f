"""The annex as data: what the PDF template and the HTML report both lay out, in one language.

Every number is decimal text here (a decimal comma in Vietnamese, as the province's annexes print
it), formatted once from the round result's Decimals, so the PDF and the HTML say the same thing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from itcriteria import RoundComparison, RoundResult, Text, compare_rounds

from .._core import check_lang, formats, terms

_CENT = Decimal("0.01")
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV")


def _heading(key: str) -> Text:
    return Text(*terms.HEADINGS[key])


_L = {
    "motto": Text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIET NAM"),
    "slogan": Text("Độc lập – Tự do – Hạnh phúc", "Independence – Freedom – Happiness"),
    "committee": Text("ỦY BAN NHÂN DÂN", "PEOPLE'S COMMITTEE"),
    "annex": Text("PHỤ LỤC", "ANNEX"),
    "heading": Text(
        "Kết quả đánh giá, xếp hạng hoạt động ứng dụng công nghệ thông tin của các cơ quan, đơn vị {period}",
        "Results of the evaluation and ranking of IT application in state agencies, {period}",
    ),
    "attached": Text("(Kèm theo Quyết định số {decision} ngày {date} của {issuer})", ""),
    "attached_en": Text("", "(Attached to Decision No. {decision} of {date} by the {issuer})"),
    "regime": Text("Theo {title} ({basis})", "Under the {title} ({basis})"),
    "provisional": Text(
        "TẠM THỜI: kết quả theo bộ tiêu chí có tiêu chí chưa theo văn bản chính thức",
        "PROVISIONAL: scored under a criteria set not wholly taken from official texts",
    ),
    "rank": _heading("rank"),
    "unit": _heading("agency"),
    "total": _heading("scored"),
    "max": _heading("max"),
    "percent": Text("Tỷ lệ (%)", "Percent"),
    "band": _heading("band"),
    "previous": Text("Hạng {period}", "Rank {period}"),
    "change": Text("Thay đổi", "Change"),
    "new": Text("mới", "new"),
    "not_ranked": Text("Cơ quan, đơn vị không xếp hạng", "Agencies not ranked"),
    "reason": _heading("reason"),
    "group_not_ranked": Text(
        "Nhóm được chấm điểm nhưng không xếp hạng theo bộ tiêu chí.",
        "The criteria set scores this group but does not rank it.",
    ),
    "nothing_ranked": Text("Không có cơ quan, đơn vị nào được xếp hạng.", "No agency is ranked."),
    "within": Text("trong {parent}", "within {parent}"),
    "charts": Text("Biểu đồ", "Charts"),
    "gaps": Text(
        "Các tiêu chí thành phần chưa đạt điểm chuẩn của từng cơ quan, đơn vị",
        "Each agency's sub-criteria below their benchmark",
    ),
    "gaps_note": Text(
        "Để các cơ quan, đơn vị rà soát các tiêu chí, tiêu chí thành phần chưa đạt hoặc đạt điểm thấp "
        "so với điểm chuẩn và đề ra giải pháp khắc phục.",
        "For each agency to review the criteria it missed or scored low on against the benchmark, "
        "and to plan how to remedy them.",
    ),
    "criterion": Text("Tiêu chí thành phần", "Sub-criterion"),
    "code": Text("Mã", "No."),
    "points": _heading("points"),
    "benchmark": _heading("benchmark"),
    "reach": Text("Để đạt điểm chuẩn", "To reach the benchmark"),
    "all_met": Text("Đạt mọi điểm chuẩn.", "Every benchmark met."),
    "page": Text("Trang", "Page"),
    "unknown": Text("…", "…"),
}

#: The label keys the templates print, given to them in the document's language.
_TEMPLATE_LABELS = (
    "rank", "unit", "total", "max", "percent", "band", "change", "not_ranked", "reason", "charts",
    "gaps", "gaps_note", "code", "criterion", "points", "benchmark", "reach", "all_met", "page",
    "nothing_ranked",
)  # fmt: skip


@attrs.frozen
class Document:
    """What the results decision says about itself, printed on the annex.

    ``decision`` is its number (``3346/QĐ-UBND``), ``date`` the day it is signed, ``issuer`` the
    issuing body's lines (by default the people's committee of the province the regime's title names),
    ``signer`` and ``signer_title`` the signature block (none without a signer). Missing number or
    date print as "…", as a draft leaves them for the clerk.
    """

    decision: str | None = None
    date: dt.date | None = None
    signer: str | None = None
    signer_title: str | None = None
    issuer: str | None = None
    lang: str = "vi"

    def __attrs_post_init__(self) -> None:
        check_lang(self.lang)


def province_of(result: RoundResult) -> str | None:
    """The name of the regime's province (``Bình Thuận``), None for a national set or an id that is
    not a Vietnamese province's."""
    province = result.regime.province
    known = terms.PROVINCES.get(province)
    return None if known is None or known[0] == "country" else known[1]


def issuer_lines(result: RoundResult, document: Document) -> list[str]:
    lang = document.lang
    if document.issuer:
        return [line.strip() for line in document.issuer.split("\n") if line.strip()]
    province = province_of(result)
    committee = _L["committee"].get(lang)
    if province is None:
        return [committee]
    title = terms.province_title(result.regime.province, lang) or province
    return [committee, title.upper() if lang == "vi" else f"OF {title.upper()}"]


def number(value: Decimal | None, lang: str) -> str:
    """Decimal text as the annex prints it: a decimal comma in Vietnamese, "–" for no value."""
    return "–" if value is None else formats.decimal(value, lang)


def percent(value: Decimal | None, lang: str) -> str:
    return number(None if value is None else value.quantize(_CENT), lang)


def long_date(day: dt.date | None, lang: str) -> str:
    if day is None:
        return "… tháng … năm …" if lang == "vi" else "…"
    return formats.long_date(day, lang)


def short_date(day: dt.date | None, lang: str) -> str:
    return "…/…/…" if day is None else formats.date(day, "vi")


def annex_data(
    result: RoundResult,
    document: Document | None = None,
    *,
    previous: RoundResult | None = None,
) -> dict[str, Any]:
    """The annex of ``result`` as JSON-ready data (see the module docstring); ``previous`` adds each
    unit's rank in that round and the change."""
    document = document or Document()
    lang = document.lang
    regime, round_ = result.regime, result.round
    issuer = issuer_lines(result, document)
    comparison = compare_rounds(previous, result) if previous is not None else None
    period = round_.period or f"{regime.effective.start.year}"
    issuer_name = _issuer_in_words(result, document, issuer)
    attached = (
        _L["attached" if lang == "vi" else "attached_en"]
        .get(lang)
        .format(
            decision=document.decision or "…",
            date=short_date(document.date, lang) if lang == "vi" else long_date(document.date, lang),
            issuer=issuer_name,
        )
    )
    basis = ", ".join(b.decision for b in regime.legal_basis[:1]) or regime.id
    data: dict[str, Any] = {
        "lang": lang,
        "issuer": issuer,
        "motto": _L["motto"].get(lang),
        "slogan": _L["slogan"].get(lang),
        "place_date": _place_date(result, document),
        "annex": _L["annex"].get(lang),
        "heading": _L["heading"].get(lang).format(period=_period_words(period, lang)),
        "attached": attached,
        "regime": _L["regime"].get(lang).format(title=regime.title.get(lang), basis=basis),
        "provisional": _L["provisional"].get(lang) if regime.is_provisional else None,
        "labels": {key: _L[key].get(lang) for key in _TEMPLATE_LABELS},
        "previous": None,
        "tables": _tables(result, comparison, lang),
        "appendix": _appendix(result, lang),
        "signature": _signature(document),
        "charts": [],
        "title": f"{_L['annex'].get(lang)}: {_L['heading'].get(lang).format(period=period)}",
    }
    if comparison is not None:
        before = comparison.before.round.period or comparison.before.regime.id
        data["previous"] = _L["previous"].get(lang).format(period=before)
    return data


def _issuer_in_words(result: RoundResult, document: Document, issuer: list[str]) -> str:
    """The issuer inside a sentence: "Ủy ban nhân dân tỉnh Bình Thuận", not its upper-case header."""
    province = province_of(result)
    if document.issuer or province is None:
        return " ".join(issuer)
    if document.lang == "vi":
        return f"Ủy ban nhân dân {terms.province_title(result.regime.province, 'vi')}"
    return f"{province} People's Committee"


def _period_words(period: str, lang: str) -> str:
    if period.isdigit():
        return f"năm {period}" if lang == "vi" else period
    return period


def _place_date(result: RoundResult, document: Document) -> str:
    province = province_of(result)
    lang = document.lang
    if lang == "vi":
        place = f"{province}, " if province else ""
        return f"{place}ngày {long_date(document.date, lang)}"
    place = f"{province}, " if province else ""
    return f"{place}{long_date(document.date, lang)}"


def _signature(document: Document) -> dict[str, Any] | None:
    if not document.signer:
        return None
    default = (
        "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH" if document.lang == "vi" else "FOR THE PEOPLE'S COMMITTEE\nCHAIR"
    )
    title = document.signer_title or default
    return {"title": [line.strip() for line in title.split("\n") if line.strip()], "name": document.signer}


def _tables(result: RoundResult, comparison: RoundComparison | None, lang: str) -> list[dict[str, Any]]:
    """One table per unit group (per parent unit in a group ranked within parents), in the regime's
    order, each with its ranked rows and the units not ranked with the reason."""
    regime = result.regime
    names = {status.unit.id: status.unit.name for status in result.statuses}
    bands = {band.id: band.title.get(lang) for band in regime.bands}
    before = {u.unit: u for u in comparison.units} if comparison is not None else {}
    tables: dict[tuple[str, str | None], dict[str, Any]] = {}
    numbering = {
        group.id: _ROMAN[i] if i < len(_ROMAN) else str(i + 1) for i, group in enumerate(regime.groups)
    }
    for group in regime.groups:  # every group gets a table, also one nobody in the round belongs to
        if group.rank_within == "group":
            tables[(group.id, None)] = _table(group.id, None, numbering[group.id], result, lang, names)
    for row in result.ranking:
        key = (row.group, row.within)
        if key not in tables:
            tables[key] = _table(row.group, row.within, numbering[row.group], result, lang, names)
        table = tables[key]
        scored_unranked_group = not regime.group(row.group).ranked and row.total is not None
        if row.rank is None and not scored_unranked_group:
            reason = row.reason.get(lang) if row.reason is not None else ""
            table["not_ranked"].append({"unit": row.unit, "name": row.name, "reason": reason})
            continue
        entry = {
            "unit": row.unit,
            "name": row.name,
            "rank": "–" if row.rank is None else str(row.rank),
            "total": number(row.total, lang),
            "max": number(row.max, lang),
            "percent": percent(row.percent, lang),
            "band": bands.get(row.band or "", row.band or "–"),
        }
        if comparison is not None:
            entry.update(_change(before.get(row.unit), row.rank, lang))
        table["rows"].append(entry)
    ordered = sorted(tables.values(), key=lambda t: (t["order"], t["within"] or ""))
    for table in ordered:
        del table["order"]
    return ordered


def _table(
    group_id: str,
    within: str | None,
    numeral: str,
    result: RoundResult,
    lang: str,
    names: Mapping[str, str],
) -> dict[str, Any]:
    regime = result.regime
    group = regime.group(group_id)
    title = group.title.get(lang)
    if within is not None:
        title += " — " + _L["within"].get(lang).format(parent=names.get(within, within))
    return {
        "group": group_id,
        "within": within,
        "order": [g.id for g in regime.groups].index(group_id),
        "number": numeral,
        "title": title,
        "note": None if group.ranked else _L["group_not_ranked"].get(lang),
        "rows": [],
        "not_ranked": [],
    }


def _change(compared: Any, rank: int | None, lang: str) -> dict[str, str]:
    previous = None if compared is None else compared.rank_before
    if previous is None:
        return {"previous": "–", "change": _L["new"].get(lang) if rank is not None else "–"}
    if rank is None:
        return {"previous": str(previous), "change": "–"}
    moved = previous - rank
    return {
        "previous": str(previous),
        "change": f"+{moved}" if moved > 0 else ("0" if moved == 0 else f"−{-moved}"),
    }


def _appendix(result: RoundResult, lang: str) -> list[dict[str, Any]]:
    """Per unit evaluated, in the order of the tables, its sub-criteria below their benchmark."""
    order = {c.id: i for i, c in enumerate(result.regime.walk())}
    units = []
    for row in result.ranking:
        if row.unit not in result.cards:
            continue
        items = []
        below = [gap for gap in result.gaps(row.unit).gaps if gap.benchmark_met is False]
        for gap in sorted(below, key=lambda g: order[g.id]):
            benchmark, reach = gap.criterion.benchmark, gap.to_benchmark
            items.append(
                {
                    "id": gap.id,
                    "title": gap.criterion.title.get(lang),
                    "points": number(gap.points, lang),
                    "max": number(gap.max, lang),
                    "benchmark": _benchmark(benchmark.describe(), lang) if benchmark is not None else "",
                    "reach": reach.describe(lang) if reach is not None else "",
                }
            )
        units.append(
            {
                "unit": row.unit,
                "name": row.name,
                "group": result.regime.group(row.group).title.get(lang),
                "total": number(row.total, lang),
                "max": number(row.max, lang),
                "items": items,
            }
        )
    return units


def _benchmark(text: str, lang: str) -> str:
    return text.replace(" points", " điểm") if lang == "vi" else text
