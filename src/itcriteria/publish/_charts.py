"""Charts of a round, as Vega-Lite specs built with Altair and drawn by vl-convert (no browser).

Four charts: points by unit per group over the class bands, the classes per group, self-assessed
against appraised points, and (with an earlier round) a slope chart of rank changes. Each is a spec
first, so the same picture is an SVG for the PDF and the HTML, and an SVG and a PNG as files.
Altair's specs are checked against the Vega-Lite schema as they are built; vl-convert embeds the
Vega engine and draws text in the font registered with it, so the pictures need no browser and come
out the same on every machine.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from itcriteria import RoundResult, Text

from .._core import terms
from ._fonts import FAMILY, font_dir

if TYPE_CHECKING:  # drawn only when asked for: the publish extra is optional
    import altair as alt

_L = {
    "points": Text("Điểm theo cơ quan, đơn vị và xếp loại — {group}", "Points by agency and class — {group}"),
    "classes": Text("Số cơ quan, đơn vị theo xếp loại, từng nhóm", "Agencies by class, per group"),
    "appraisal": Text("Điểm tự đánh giá và điểm thẩm định", "Self-assessed and appraised points"),
    "ranks": Text("Thay đổi thứ hạng: {before} → {after}", "Rank changes: {before} → {after}"),
    "unit": Text(*terms.HEADINGS["agency"]),
    "percent": Text("Tỷ lệ điểm đạt (%)", "Percent of maximum"),
    "total": Text(*terms.HEADINGS["scored"]),
    "band": Text(*terms.HEADINGS["band"]),
    "group": Text("Nhóm", "Group"),
    "count": Text("Số đơn vị", "Agencies"),
    "self": Text(terms.HEADINGS["self_points"][0], "Self-assessed"),
    "appraised": Text(terms.HEADINGS["appraised_points"][0], "Appraised"),
    "rank": Text("Thứ hạng", "Rank"),
    "round": Text("Kỳ", "Round"),
    "alt_points": Text(
        "Biểu đồ thanh: điểm của {count} cơ quan, đơn vị nhóm {group}, trên nền các khoảng xếp loại",
        "Bar chart: points of {count} agencies of {group} over the class bands",
    ),
    "alt_classes": Text(
        "Biểu đồ thanh chồng: số cơ quan, đơn vị mỗi xếp loại trong từng nhóm",
        "Stacked bar chart: agencies per class in each group",
    ),
    "alt_appraisal": Text(
        "Biểu đồ điểm: điểm tự đánh giá (trục ngang) và điểm thẩm định (trục dọc) của từng đơn vị",
        "Scatter chart: each agency's self-assessed (across) and appraised (up) points",
    ),
    "alt_ranks": Text(
        "Biểu đồ dốc: thứ hạng của từng cơ quan, đơn vị ở kỳ trước và kỳ này",
        "Slope chart: each agency's rank in the earlier round and in this one",
    ),
}

#: Class colours from best to worst (band order of the regime); more bands reuse the last.
_BAND_COLOURS = ("#2e7d32", "#1565c0", "#f9a825", "#c62828", "#6d4c41", "#616161")
_WIDTH = 460  # px at 72 ppi: 16.2 cm, the annex's text width


@attrs.frozen
class Chart:
    """One chart: a file ``name`` (without extension), its caption, a text alternative and the spec."""

    name: str
    title: str
    alt: str
    spec: Mapping[str, Any] = attrs.field(repr=False)
    lang: str = "vi"

    def svg(self) -> str:
        import vl_convert

        _register_font()
        return str(vl_convert.vegalite_to_svg(dict(self.spec), format_locale=_locale(self.lang)))

    def png(self, scale: float = 2.0, svg: str | None = None) -> bytes:
        """The chart as PNG at ``scale`` times 72 ppi, from its ``svg`` when already drawn."""
        import vl_convert

        _register_font()
        return bytes(vl_convert.svg_to_png(svg if svg is not None else self.svg(), scale=scale))


def _locale(lang: str) -> dict[str, Any]:
    """Numbers as the annex prints them: a decimal comma in Vietnamese."""
    if lang == "vi":
        return {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " ₫"]}
    return {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["$", ""]}


@functools.cache
def _register_font() -> None:
    import vl_convert

    vl_convert.register_font_directory(str(font_dir()))


def charts(result: RoundResult, previous: RoundResult | None = None, lang: str = "vi") -> list[Chart]:
    """The round's charts in the order the annex shows them."""
    found = [c for c in (_points(result, group.id, lang) for group in result.regime.groups) if c]
    for chart in (_classes(result, lang), _appraisal(result, lang)):
        if chart is not None:
            found.append(chart)
    if previous is not None:
        slope = _ranks(result, previous, lang)
        if slope is not None:
            found.append(slope)
    return found


def _config(chart: alt.TopLevelMixin) -> dict[str, Any]:
    # Not validated here (Altair's check of the whole spec costs more than drawing it); the tests
    # check every chart's spec against the Vega-Lite schema.
    configured = chart.configure(font=FAMILY, background="white").configure_view(stroke=None)
    spec: dict[str, Any] = configured.to_dict(validate=False)
    return spec


def _band_scale(result: RoundResult, lang: str) -> alt.Scale:
    import altair as alt

    bands = result.regime.bands
    return alt.Scale(
        domain=[b.title.get(lang) for b in bands],
        range=[_BAND_COLOURS[min(i, len(_BAND_COLOURS) - 1)] for i in range(len(bands))],
    )


def _float(value: Decimal | None) -> float | None:
    # Charts place marks on a pixel grid: a float is exact enough there, and never reaches a table.
    return None if value is None else float(value)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "nhom"


def _points(result: RoundResult, group_id: str, lang: str) -> Chart | None:
    import altair as alt

    regime = result.regime
    rows = [r for r in result.ranking if r.group == group_id and r.total is not None]
    if not rows:
        return None
    on_percent = regime.band_basis == "percent"
    maximum = max((r.max or Decimal(0) for r in rows), default=Decimal(100))
    top = 100.0 if on_percent else float(maximum)
    bands = {b.id: b.title.get(lang) for b in regime.bands}
    values = [
        {
            "unit": r.name,
            "value": _float(r.percent if on_percent else r.total),
            "label": f"{r.rank}. {r.name}" if r.rank is not None else f"– {r.name}",
            "band": bands.get(r.band or "", "–"),
            "order": i,
        }
        for i, r in enumerate(rows)
    ]
    band_values = [
        {
            "band": b.title.get(lang),
            "from": max(0.0, float(b.min)) if b.min is not None else 0.0,
            "to": min(top, float(b.below)) if b.below is not None else top,
        }
        for b in regime.bands
    ]
    axis_title = _L["percent" if on_percent else "total"].get(lang)
    x = alt.X("value:Q", title=axis_title, scale=alt.Scale(domain=[0, top]))
    y = alt.Y("label:N", title=None, sort=alt.SortField("order"), axis=alt.Axis(labelLimit=190))
    colour = alt.Color(
        "band:N",
        title=_L["band"].get(lang),
        scale=_band_scale(result, lang),
        legend=alt.Legend(orient="bottom"),
    )
    shaded = (
        alt.Chart(alt.InlineData(values=band_values))
        .mark_rect(opacity=0.13)
        .encode(x="from:Q", x2="to:Q", color=colour)
    )
    bars = (
        alt.Chart(alt.InlineData(values=values))
        .mark_bar(height={"band": 0.7})
        .encode(x=x, y=y, color=colour, tooltip=["unit:N", "value:Q", "band:N"])
    )
    text = (
        alt.Chart(alt.InlineData(values=values))
        .mark_text(align="left", dx=3, fontSize=9)
        .encode(x=x, y=y, text=alt.Text("value:Q", format=".2f"))
    )
    group = regime.group(group_id).title.get(lang)
    height = max(60, 16 * len(rows))
    layered = alt.layer(shaded, bars, text).properties(width=_WIDTH - 200, height=height)
    return Chart(
        f"diem-{_slug(group_id)}",
        _L["points"].get(lang).format(group=group),
        _L["alt_points"].get(lang).format(count=len(rows), group=group),
        _config(layered),
        lang,
    )


def _classes(result: RoundResult, lang: str) -> Chart | None:
    import altair as alt

    regime = result.regime
    if not regime.bands:
        return None
    bands = {b.id: b.title.get(lang) for b in regime.bands}
    order = {b.title.get(lang): i for i, b in enumerate(regime.bands)}
    counts: dict[tuple[str, str], int] = {}
    for row in result.ranking:
        if row.total is not None and row.band is not None:
            key = (regime.group(row.group).title.get(lang), bands.get(row.band, row.band))
            counts[key] = counts.get(key, 0) + 1
    if not counts:
        return None
    values = [
        {"group": group, "band": band, "count": count, "order": order.get(band, 99)}
        for (group, band), count in sorted(counts.items())
    ]
    groups = [g.title.get(lang) for g in regime.groups]
    chart = (
        alt.Chart(alt.InlineData(values=values))
        .mark_bar()
        .encode(
            y=alt.Y("group:N", title=None, sort=groups, axis=alt.Axis(labelLimit=220)),
            x=alt.X("count:Q", title=_L["count"].get(lang), axis=alt.Axis(tickMinStep=1)),
            color=alt.Color("band:N", title=_L["band"].get(lang), scale=_band_scale(result, lang)),
            order=alt.Order("order:Q"),
            tooltip=["group:N", "band:N", "count:Q"],
        )
        .properties(width=_WIDTH - 230, height=28 * len(groups))
    )
    return Chart("xep-loai", _L["classes"].get(lang), _L["alt_classes"].get(lang), _config(chart), lang)


def _appraisal(result: RoundResult, lang: str) -> Chart | None:
    import altair as alt

    regime = result.regime
    values = [
        {
            "unit": card.unit.name,
            "group": regime.group(card.group).title.get(lang),
            "self": _float(result.self_assessed[unit].total),
            "appraised": _float(card.total),
            "changed": result.self_assessed[unit].total != card.total,
        }
        for unit, card in result.cards.items()
    ]
    if not values:
        return None
    top = float(max(max(c.max_total for c in result.cards.values()), Decimal(1)))
    scale = alt.Scale(domain=[0, top])
    diagonal = (
        alt.Chart(alt.InlineData(values=[{"a": 0.0}, {"a": top}]))
        .mark_line(color="#999", strokeDash=[4, 3])
        .encode(x=alt.X("a:Q", scale=scale), y=alt.Y("a:Q", scale=scale))
    )
    points = (
        alt.Chart(alt.InlineData(values=values))
        .mark_point(filled=True, size=55, opacity=0.85)
        .encode(
            x=alt.X("self:Q", title=_L["self"].get(lang), scale=scale),
            y=alt.Y("appraised:Q", title=_L["appraised"].get(lang), scale=scale),
            color=alt.Color(
                "group:N",
                title=_L["group"].get(lang),
                legend=alt.Legend(orient="bottom", columns=1, labelLimit=420),
            ),
            shape=alt.Shape("group:N", legend=None),
            tooltip=["unit:N", "self:Q", "appraised:Q"],
        )
    )
    names = (
        alt.Chart(alt.InlineData(values=[v for v in values if v["changed"]]))
        .mark_text(align="left", dx=6, fontSize=8.5, color="#333")
        .encode(x=alt.X("self:Q", scale=scale), y=alt.Y("appraised:Q", scale=scale), text="unit:N")
    )
    layered = alt.layer(diagonal, points, names).properties(width=_WIDTH - 80, height=_WIDTH - 140)
    return Chart(
        "tu-danh-gia-tham-dinh",
        _L["appraisal"].get(lang),
        _L["alt_appraisal"].get(lang),
        _config(layered),
        lang,
    )


def _ranks(result: RoundResult, previous: RoundResult, lang: str) -> Chart | None:
    import altair as alt

    regime = result.regime
    before_period = previous.round.period or previous.regime.id
    after_period = result.round.period or regime.id
    earlier = {row.unit: row for row in previous.ranking if row.rank is not None}
    values = []
    for row in result.ranking:
        old = earlier.get(row.unit)
        if row.rank is None or old is None:
            continue
        group = regime.group(row.group).title.get(lang)
        for period, place, order in ((before_period, old.rank, 0), (after_period, row.rank, 1)):
            values.append(
                {
                    "unit": row.name,
                    "label": f"{place}. {row.name}",
                    "group": group,
                    "round": period,
                    "rank": place,
                    "order": order,
                    "moved": "up"
                    if old.rank and old.rank > row.rank
                    else ("down" if old.rank and old.rank < row.rank else "same"),
                }
            )
    if not values:
        return None
    groups = [
        g.title.get(lang) for g in regime.groups if any(v["group"] == g.title.get(lang) for v in values)
    ]
    colour = alt.Color(
        "moved:N",
        scale=alt.Scale(domain=["up", "same", "down"], range=["#2e7d32", "#757575", "#c62828"]),
        legend=None,
    )
    x = alt.X(
        "round:N", title=None, sort=[before_period, after_period], axis=alt.Axis(labelAngle=0, orient="top")
    )
    y = alt.Y("rank:Q", axis=None, scale=alt.Scale(reverse=True, zero=False, nice=False))  # ranks: in labels
    panels = []
    for group in groups:
        mine = [v for v in values if v["group"] == group]
        base = alt.Chart(alt.InlineData(values=mine))
        lines = base.mark_line(point=True).encode(x=x, y=y, color=colour, detail="unit:N")
        left = (
            alt.Chart(alt.InlineData(values=[v for v in mine if v["order"] == 0]))
            .mark_text(align="right", dx=-8, fontSize=8.5)
            .encode(x=x, y=y, text="label:N")
        )
        right = (
            alt.Chart(alt.InlineData(values=[v for v in mine if v["order"] == 1]))
            .mark_text(align="left", dx=8, fontSize=8.5)
            .encode(x=x, y=y, text="label:N")
        )
        height = max(80, 18 * len(mine) // 2)
        panels.append(alt.layer(lines, left, right).properties(title=group, width=140, height=height))
    chart = alt.vconcat(*panels, spacing=24)
    return Chart(
        "thay-doi-thu-hang",
        _L["ranks"].get(lang).format(before=before_period, after=after_period),
        _L["alt_ranks"].get(lang),
        _config(chart),
        lang,
    )
