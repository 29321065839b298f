"""The "what changed" section of a criteria book: the regime it replaces and the criteria and settings
that differ, each old and new value worded as the book words it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import attrs

from .._core import terms
from ..model import (
    Criterion,
)
from ..regimes import Regime, RegimeDiff, diff
from .context import Context, group_title, show_value
from .document import (
    Block,
    Code,
    Line,
    Paragraph,
    Section,
    Strong,
    Table,
)
from .rules import rule_summary
from .words import number, period, province_shown


def previous_regime(regime: Regime, candidates: Iterable[Regime]) -> Regime | None:
    """The regime of the same province that came into force last before ``regime``, if any."""
    earlier = [
        c for c in candidates if c.province == regime.province and c.effective.start < regime.effective.start
    ]
    return max(earlier, key=lambda c: (c.effective.start, c.id), default=None)


def changes_section(ctx: Context, previous: Regime | None) -> Section:
    w, lang = ctx.words, ctx.lang
    title = w["changes"]
    if previous is None:
        province = province_shown(ctx.regime.province, ctx.lang)
        paragraph = Paragraph((w["first_regime"].format(province=province),))
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


def _change_tables(ctx: Context, change: RegimeDiff, previous: Regime) -> Iterator[Block]:
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
                        (terms.field_name(field.field, lang),),
                        _field_value(ctx, field.field, field.old, old),
                        _field_value(ctx, field.field, field.new, new),
                    )
                )
        yield Paragraph((Strong(w["changed"]),))
        yield Table("changes-changed", (w["id"], w["what"], w["before"], w["after"]), tuple(rows_))
    if change.settings:
        settings: tuple[tuple[Line, ...], ...] = tuple(
            (
                (terms.field_name(f.field, lang),),
                _field_value(ctx, f.field, f.old, None),
                _field_value(ctx, f.field, f.new, None),
            )
            for f in change.settings
        )
        yield Paragraph((Strong(w["settings"]),))
        yield Table("changes-settings", (w["what"], w["before"], w["after"]), settings)


def _field_value(ctx: Context, field: str, value: object, criterion: Criterion | None) -> Line:
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
        shown = (group_title(ctx, v) if isinstance(v, str) else show_value(ctx, v) for v in value)
        return ("; ".join(shown) or w["all_groups"],)
    if isinstance(value, tuple):
        return ("; ".join(show_value(ctx, v) for v in value) or w["none"],)
    return (show_value(ctx, value),)
