"""Plain-text reports of rankings and rounds, in Vietnamese or English, for the command line."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from decimal import Decimal

from .._core import formats, terms
from ..improvement import describe_benchmark, render_common_gaps
from ..model import Choice, Criterion, Ratio, Text
from ..ranking import RankRow
from ..regimes import Regime
from .round import RoundResult

REPORT_LABELS = {
    "ranking": Text("Xếp hạng", "Ranking"),
    "provisional": Text("[Bộ tiêu chí TẠM THỜI]", "[PROVISIONAL regime]"),
    "unit": Text("Đơn vị", "Unit"),
    "total": Text("Điểm", "Total"),
    "of": Text("trên", "of"),
    "band": Text("Xếp loại", "Class"),
    "not_ranked": Text("Không xếp hạng", "Not ranked"),
    "within": Text("trong", "within"),
    "round": Text("Kỳ đánh giá", "Round"),
    "window": Text("Kỳ số liệu", "Figures cover"),
    "deadline": Text("Hạn gửi phiếu", "Forms due"),
    "grace": Text("nhận đến hết ngày", "accepted until"),
    "statuses": Text("Tình trạng gửi phiếu", "Forms received"),
    "appraisal": Text("Kết quả thẩm định (tự đánh giá → thẩm định)", "Appraisal (self-assessed → appraised)"),
    "no_appraisal": Text("không có điều chỉnh", "no adjustment"),
    "corrects": Text("đính chính", "corrects"),
    "cohort": Text("do giá trị cao nhất của nhóm thay đổi", "through the cohort's best value"),
    "moved": Text("Thay đổi thứ hạng sau thẩm định", "Rank changes after appraisal"),
    "none": Text("không", "none"),
    "benchmark": Text(terms.field_name("benchmark", "vi"), terms.field_name("benchmark", "en")),
    "unit_gaps": Text(
        "Tiêu chí mất nhiều điểm nhất của từng đơn vị ({top} tiêu chí; cách đạt điểm chuẩn hoặc điểm tối đa)",
        "Each unit's {top} largest gaps (and what reaching the benchmark, or full points, takes)",
    ),
}


def render_ranking(regime: Regime | None, rows: Sequence[RankRow], lang: str = "vi") -> str:
    """A ranking table per table (group, or parent unit), then the units not ranked with the reason.

    Without a regime (totals ranked under a policy alone) groups and bands show as their ids.
    """
    lines = [REPORT_LABELS["ranking"].get(lang)]
    if regime is not None:
        lines[0] += f" — {regime.title.get(lang)} ({regime.id})"
        if regime.is_provisional:
            lines.append(REPORT_LABELS["provisional"].get(lang))
    bands = {band.id: band.title.get(lang) for band in regime.bands} if regime else {}
    table = None
    for row in rows:
        if (row.group, row.within) != table:
            table = (row.group, row.within)
            title = regime.group(row.group).title.get(lang) if regime else row.group
            if row.within:
                title += f" — {REPORT_LABELS['within'].get(lang)} {row.within}"
            lines += ["", title]
            lines.append(
                f"  {'#':>3}  {REPORT_LABELS['unit'].get(lang):<48} {REPORT_LABELS['total'].get(lang):>8} "
                f"{REPORT_LABELS['of'].get(lang):>5} {'%':>7}  {REPORT_LABELS['band'].get(lang)}"
            )
        place = "-" if row.rank is None else str(row.rank)
        total = "-" if row.total is None else formats.decimal(row.total, lang)
        maximum = "" if row.max is None else formats.number(row.max, lang)
        percent = (
            "" if row.percent is None else formats.decimal(row.percent, lang)
        )  # rounded as the regime says
        band = bands.get(row.band or "", row.band or "-")
        line = f"  {place:>3}  {row.name:<48} {total:>8} {maximum:>5} {percent:>7}  {band}"
        if row.reason is not None:
            line += f"  ({REPORT_LABELS['not_ranked'].get(lang)}: {row.reason.get(lang)})"
        lines.append(line)
    return "\n".join(lines)


def render_round(result: RoundResult, lang: str = "vi", *, top: int = 3) -> str:
    """The round: deadline and form statuses, ranking, appraisal differences and rank changes, then
    the ``top`` sub-criteria each group misses most and each unit's ``top`` largest gaps."""
    round_, regime = result.round, result.regime
    lines = [f"{REPORT_LABELS['round'].get(lang)}: {round_.period or '-'} — {regime.id}"]
    if round_.data_window is not None:
        window = round_.data_window
        lines.append(f"{REPORT_LABELS['window'].get(lang)}: {formats.span(window.start, window.end, lang)}")
    due = round_.due
    if due is not None:
        last = due.accepted_until()
        lines.append(
            f"{REPORT_LABELS['deadline'].get(lang)}: {formats.date(due.due, lang)}; "
            f"{REPORT_LABELS['grace'].get(lang)} {formats.date(last, lang)}"
        )
    names = {unit.id: unit.name for unit in round_.units}
    width = max((len(name) for name in names.values()), default=0)
    lines += ["", REPORT_LABELS["statuses"].get(lang)]
    for status in result.statuses:
        lines.append(f"  {status.unit.name:<{width}}  {status.describe(lang)}")
    lines += ["", render_ranking(regime, result.ranking, lang), "", REPORT_LABELS["appraisal"].get(lang)]
    differences = result.appraisal_differences()
    if not differences:
        lines.append(f"  {REPORT_LABELS['no_appraisal'].get(lang)}")
    for item in differences:
        answers = ""
        criterion = regime.criterion(item.criterion)
        if item.self_given != item.appraised_given:
            before, after = (given_words(g, criterion, lang) for g in (item.self_given, item.appraised_given))
            answers = f"{before} → {after}: "
        pair = (item.self_points, item.appraised_points)
        points = " → ".join(formats.points(p, regime.rounding.places, lang) for p in pair)
        line = f"  {names.get(item.unit, item.unit):<{width}}  {item.criterion:<6} {answers}{points}"
        record = item.adjustment
        if record is None:
            line += f"  ({REPORT_LABELS['cohort'].get(lang)})"
        else:
            line += f"  {record.reason} — {record.by}, {record.on:%d/%m/%Y}"
            line += f", {record.evidence}" if record.evidence else ""
            if item.history:
                corrected = ", ".join(f"{h.on:%d/%m/%Y}" for h in item.history)
                line += f" ({REPORT_LABELS['corrects'].get(lang)} {corrected})"
        lines.append(line)
    moved = result.movements()
    lines.append(
        f"{REPORT_LABELS['moved'].get(lang)}: "
        + (", ".join(f"{names.get(u, u)} {a}→{b}" for u, a, b in moved) or REPORT_LABELS["none"].get(lang))
    )
    if top:
        lines += ["", _gap_summary(result, lang, top)]
    return "\n".join(lines)


def _gap_summary(result: RoundResult, lang: str, top: int) -> str:
    per_group: Counter[str] = Counter()
    shown = []
    for common in result.common_gaps():  # most missed first within each group: keep each group's top
        per_group[common.group] += 1
        if per_group[common.group] <= top:
            shown.append(common)
    lines = [
        render_common_gaps(shown, lang, result.regime),
        "",
        REPORT_LABELS["unit_gaps"].get(lang).format(top=top),
    ]
    places = result.regime.rounding.places
    for unit_id, card in result.cards.items():
        lines.append(f"  {card.unit.name} ({unit_id})")
        for gap in result.gaps(unit_id).gaps[:top]:
            reach = gap.to_benchmark or gap.to_full
            how = f": {reach.describe(lang)}" if reach is not None else ""
            lines.append(f"    {gap.id} −{formats.points(gap.lost, places, lang)}{how}")
    return "\n".join(lines)


def given_words(given: Mapping[str, object], criterion: Criterion, lang: str) -> str:
    """An answer as a person reads it: ``1210/1600``, ``có``/``không``, a level by its title, numbers
    with a decimal comma in Vietnamese."""
    if "numerator" in given or "denominator" in given:
        return "/".join(_shown(given.get(part), lang) for part in ("numerator", "denominator"))
    value = given.get("value")
    if isinstance(value, bool):
        return terms.word("yes" if value else "no", lang)
    if isinstance(criterion.indicator, Choice):
        level = next((lv for lv in criterion.indicator.levels if lv.id == value), None)
        return level.title.get(lang) if level is not None else str(value)
    return _shown(value, lang)


def _shown(value: object, lang: str) -> str:
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return formats.number(value, lang)
    return "—" if value is None else str(value)


def given_text(given: Mapping[str, object]) -> str:
    if "numerator" in given or "denominator" in given:
        return f"{given.get('numerator')}/{given.get('denominator')}"
    value = given.get("value")
    return str(value).lower() if isinstance(value, bool) else str(value)


def render_regime(regime: Regime, group: str | None = None, lang: str = "vi") -> str:
    """A regime at a glance: status, legal basis, dates, groups, then the criteria tree with maxima,
    benchmarks and what each sub-criterion asks (``itcriteria docs`` writes the full book)."""
    lines = [f"{regime.id} — {regime.title.get(lang)}", f"  {regime.status} · {regime.effective}"]
    if regime.is_provisional:
        lines.append(f"  {REPORT_LABELS['provisional'].get(lang)}")
    lines += [f"  {basis}" for basis in regime.legal_basis]
    if regime.deadline is not None:
        due = regime.deadline
        last = due.accepted_until()
        lines.append(
            f"  {REPORT_LABELS['deadline'].get(lang)}: {due.due:%d/%m/%Y}; "
            f"{REPORT_LABELS['grace'].get(lang)} {last:%d/%m/%Y}"
        )
    for unit_group in regime.groups:
        if group is None or unit_group.id == group:
            mark = "" if unit_group.ranked else f" ({REPORT_LABELS['not_ranked'].get(lang).lower()})"
            lines.append(f"  [{unit_group.id}] {unit_group.title.get(lang)}{mark}")
    lines.append("")

    def tree(criterion: Criterion, depth: int) -> None:
        if group is not None and not criterion.applies_to(group):
            return
        pad = "  " * depth
        benchmark = criterion.benchmark
        shown = ""
        if benchmark is not None:
            shown = f"  ({REPORT_LABELS['benchmark'].get(lang)} {describe_benchmark(benchmark, lang)})"
        lines.append(
            f"{pad}{criterion.id}. {criterion.title.get(lang)} — {formats.number(criterion.max, lang)}{shown}"
        )
        indicator = criterion.indicator
        if isinstance(indicator, Ratio):
            lines.append(f"{pad}    {indicator.numerator.get(lang)} / {indicator.denominator.get(lang)}")
        elif indicator is not None:
            lines.append(f"{pad}    {indicator.label.get(lang)}")
        for child in criterion.children:
            tree(child, depth + 1)

    for top in regime.criteria:
        tree(top, 0)
    return "\n".join(lines)
