"""Criteria books: a regime written out for the people who answer it, Vietnamese first, English available.

:func:`book` turns a regime (and the regime it replaces, and its ranking policy) into the neutral
document of ``books.document``: legal basis, status, dates, unit groups, every criterion with its
inputs, benchmark and scoring in words (``books.rules``), classes, ranking policy and what changed
(``books.changes``), each value worded as ``books.context`` words it. :func:`render` writes it as
Markdown, reST or a standalone HTML page (``itcriteria docs``, with the writers of ``books.writers``);
``itcriteria.sphinxext`` renders the same document as docutils nodes (the ``criteria-book`` directive).
Everything here is pure but :func:`installed_book`, which looks the regime up among the installed plugins.

This module is where the rest of itcriteria reaches books from; ``__all__`` lists what it offers.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from .._core import formats
from ..exceptions import ArgumentError
from ..model import (
    Count,
    Criterion,
    Deadline,
    Indicator,
    LegalBasis,
    Milestone,
    Number,
    Ratio,
    Text,
    UnitGroup,
    YesNo,
)
from ..ranking import RankingPolicy
from ..regimes import Regime
from .changes import changes_section, previous_regime
from .context import Context, benchmark_text, due_text, group_title, ranked_text
from .document import (
    Block,
    Callout,
    Code,
    Inline,
    Items,
    Line,
    Link,
    Paragraph,
    Section,
    Strong,
    Table,
    _plain,
)
from .rules import language_table, scoring
from .words import _WORDS, _lang, capital, date, number, period, province_shown
from .writers import to_html, to_markdown, to_rst

__all__ = [
    "FORMATS",
    "Block",
    "Callout",
    "Code",
    "Inline",
    "Items",
    "Line",
    "Link",
    "Paragraph",
    "Section",
    "Strong",
    "Table",
    "book",
    "installed_book",
    "language_table",
    "previous_regime",
    "render",
]

FORMATS = ("md", "rst", "html")

# --- The book ---------------------------------------------------------------------------------------


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
    checked = _lang(lang)
    ctx = Context(regime, checked, _WORDS[checked])
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
        changes_section(ctx, previous),
    ]
    return Section(ctx.id(), f"{ctx.text(regime.title)} ({regime.id})", tuple(blocks))


def _lead(ctx: Context) -> Paragraph:
    w, regime = ctx.words, ctx.regime
    status = w[regime.status]
    return Paragraph(
        (
            f"{w['regime_id']}: ",
            Code(regime.id),
            f" · {province_shown(regime.province, ctx.lang, label=True)}"
            f" · {w['effective']}: {period(regime.effective, ctx.lang)} · {w['status']}: ",
            Strong(status),
        )
    )


def _status(ctx: Context) -> Callout:
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


def _legal_basis(ctx: Context) -> Section:
    w = ctx.words
    rows = tuple(_basis_row(ctx, basis) for basis in ctx.regime.legal_basis)
    table = Table("legal-basis", (w["document"], w["date"], w["subject"]), rows)
    return Section(ctx.id("legal-basis"), w["legal_basis"], (table,))


def _basis_row(ctx: Context, basis: LegalBasis) -> tuple[Line, ...]:
    name: Inline = Link(basis.decision, basis.url) if basis.url else basis.decision
    return ((name,), (date(basis.date, ctx.lang),), (ctx.text(basis.title) or ctx.words["none"],))


def _provenance(ctx: Context, source: str, provenance: str) -> Line:
    """``source [derived]``: where an item comes from, marked when it is not official."""
    mark = "" if provenance == "official" else f" [{ctx.words[provenance]}]"
    return (f"{source or ctx.words['none']}{mark}",)


def _dates(ctx: Context) -> Section:
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


def _deadline(ctx: Context, deadline: Deadline) -> list[Line]:
    w = ctx.words
    source = _plain(_provenance(ctx, deadline.source, deadline.provenance))
    due = f"{due_text(ctx, deadline)} ({w['source'].lower()}: {source})"
    items: list[Line] = [(Strong(f"{w['deadline']}: "), due)]
    if deadline.channel is not None:
        items.append((Strong(f"{w['channel']}: "), ctx.text(deadline.channel)))
    return items


def _milestone_row(ctx: Context, milestone: Milestone) -> tuple[Line, ...]:
    return (
        (ctx.text(milestone.title),),
        (date(milestone.by, ctx.lang),),
        _provenance(ctx, milestone.source, milestone.provenance),
    )


def _groups(ctx: Context) -> Section:
    w, regime = ctx.words, ctx.regime
    rows = tuple(
        (
            (Code(group.id),),
            (ctx.text(group.title),),
            (number(_group_max(regime, group), ctx.lang),),
            (str(len(regime.leaves(group.id))),),
            (ranked_text(ctx, group),),
            _provenance(ctx, group.source, group.provenance),
        )
        for group in regime.groups
    )
    header = (w["id"], w["group"], w["max_total"], w["leaves"], w["ranked"], w["source"])
    table = Table("groups", header, rows)
    return Section(ctx.id("groups"), w["groups"], (Paragraph((w["groups_lead"],)), table))


def _group_max(regime: Regime, group: UnitGroup) -> Decimal:
    return group.max_total if group.max_total is not None else regime.max_points(group.id)


# --- Criteria ---------------------------------------------------------------------------------------


def _criteria(ctx: Context) -> Section:
    w = ctx.words
    tops = {top.id for top in ctx.regime.criteria}
    rows = tuple(_overview_row(ctx, c, c.id in tops) for c in ctx.regime.walk())
    header = (w["id"], w["criterion"], w["max"], w["benchmark"], w["applies"], w["provenance"])
    overview = Table("criteria", header, rows)
    sections = tuple(_criterion(ctx, top) for top in ctx.regime.criteria)
    return Section(ctx.id("criteria"), w["criteria"], (overview, *sections))


def _overview_row(ctx: Context, criterion: Criterion, top: bool) -> tuple[Line, ...]:
    """A row of the criteria table; a top-level criterion's title in bold."""
    w = ctx.words
    title: Inline = Strong(ctx.text(criterion.title)) if top else ctx.text(criterion.title)
    ident: Inline = Link(criterion.id, f"#{ctx.id('c', criterion.id)}")
    benchmark = benchmark_text(ctx, criterion.benchmark) if criterion.benchmark else w["none"]
    return (
        (ident,),
        (title,),
        (number(criterion.max, ctx.lang),),
        (benchmark,),
        (_applies(ctx, criterion),),
        (w[criterion.provenance],),
    )


def _applies(ctx: Context, criterion: Criterion) -> str:
    if not criterion.groups:
        return ctx.words["all_groups"]
    return "; ".join(group_title(ctx, g) for g in criterion.groups)


def _criterion(ctx: Context, criterion: Criterion) -> Section:
    w, lang = ctx.words, ctx.lang
    head = f"{criterion.id}. {ctx.text(criterion.title)} ({number(criterion.max, lang)} {w['points']})"
    facts: list[Line] = []
    blocks: list[Block] = []
    if criterion.groups:
        titles = "; ".join(group_title(ctx, g) for g in criterion.groups)
        facts.append((Strong(f"{w['only_groups']}: "), titles))
    if criterion.benchmark is not None:
        facts.append((Strong(f"{w['benchmark']}: "), benchmark_text(ctx, criterion.benchmark)))
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


def _inputs(ctx: Context, indicator: Indicator) -> list[Line]:
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


def _unit(ctx: Context, unit: Text | None) -> str:
    return f" ({ctx.words['unit']}: {ctx.text(unit)})" if unit is not None else ""


def _bounds(ctx: Context, indicator: Number) -> str:
    w, low, high = ctx.words, indicator.min, indicator.max
    if low is not None and high is not None:
        return f", {w['between'].format(low=number(low, ctx.lang), high=number(high, ctx.lang))}"
    if low is not None:
        return f", {w['at_least'].format(low=number(low, ctx.lang))}"
    if high is not None:
        return f", {w['at_most'].format(high=number(high, ctx.lang))}"
    return ""


def _bands(ctx: Context) -> Section:
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
                (formats.interval(band.min, band.below, lang, unit),),
                _provenance(ctx, band.source, band.provenance),
            )
            for band in regime.bands
        )
        blocks.append(Table("bands", (w["band"], w["range"], w["source"]), rows))
    blocks.append(Paragraph((Strong(f"{w['rounding']}: "), regime.rounding.describe(lang) + ".")))
    return Section(ctx.id("bands"), w["bands"], tuple(blocks))


def _ranking(ctx: Context, policy: RankingPolicy | None) -> Section:
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
        items.append((Strong(f"{capital(w['not_ranked'])}: "), "; ".join(unranked)))
    return Section(ctx.id("ranking"), w["ranking"], (Items(tuple(items)),))


def _tie_break(ctx: Context, key: str) -> str:
    if key.startswith("criterion:"):
        return ctx.words["tb_criterion"].format(id=key.removeprefix("criterion:"))
    return ctx.words.get(f"tb_{key}", key)


# --- Writing it out ---------------------------------------------------------------------------------


def render(document: Section, fmt: str, lang: str = "vi") -> str:
    """``document`` as Markdown (``md``), reStructuredText (``rst``) or a standalone HTML page (``html``)."""
    if fmt == "md":
        return to_markdown(document)
    if fmt == "rst":
        return to_rst(document)
    if fmt == "html":
        return to_html(document, lang)
    raise ArgumentError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def installed_book(regime_id: str, lang: str = "vi", *, plugins: Iterable[str] | None = None) -> Section:
    """The book of the installed regime ``regime_id``, compared with the province's previous regime and
    showing its registered ranking policy. RegimeNotFoundError when no installed regime has that id."""
    from ..registry import default_registry

    registry = default_registry(plugins)
    regime = registry.get_regime(regime_id)
    others = (info.regime for info in registry.list_regimes(regime.province))
    policy = registry.policies.get(regime.ranking_policy)
    return book(regime, lang, previous=previous_regime(regime, others), policy=policy)
