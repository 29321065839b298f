"""What every part of a criteria book is written with: the :class:`Context` (the regime, the language and
its words) and the wording of single values (a due date, a benchmark, a band's range, whether a group is
ranked, any value of the regime as the "what changed" tables show it)."""

from __future__ import annotations

import re
from decimal import Decimal

import attrs

from .._core import formats
from ..model import (
    Band,
    Benchmark,
    Choice,
    Count,
    Deadline,
    Lang,
    Milestone,
    Number,
    Period,
    Ratio,
    Rounding,
    Text,
    UnitGroup,
    YesNo,
)
from ..regimes import Regime
from .words import date, number, percent, period


@attrs.frozen
class Context:
    regime: Regime
    lang: Lang
    words: dict[str, str]

    def id(self, *parts: str) -> str:
        suffix = "-".join(slug(p) for p in parts)
        prefix = self.regime.id if self.lang == "vi" else f"{self.regime.id}-en"
        return f"{prefix}-{suffix}" if suffix else prefix

    def text(self, text: Text | None) -> str:
        return text.get(self.lang) if text is not None else ""


def slug(text: str) -> str:
    """An anchor for ``text``: lower-case letters, digits and dashes; a capital becomes ``_`` and its
    small letter, so criteria ``1.A`` and ``1.a`` (ids are letters and digits) get different anchors,
    also where anchors ignore case (reST)."""
    marked = re.sub(r"[A-Z]", lambda upper: "_" + upper.group().lower(), text)
    return re.sub(r"[^a-z0-9_]+", "-", marked).strip("-")


def due_text(ctx: Context, deadline: Deadline) -> str:
    """The due date, and what becomes of a late form."""
    days = deadline.grace_working_days
    grace = ctx.words["grace"].format(days=days) if days else ctx.words["no_grace"]
    return f"{date(deadline.due, ctx.lang)}; {grace}"


def ranked_text(ctx: Context, group: UnitGroup) -> str:
    if not group.ranked:
        return ctx.words["not_ranked"]
    return ctx.words[f"ranked_{group.rank_within}"]


def benchmark_text(ctx: Context, benchmark: Benchmark) -> str:
    if benchmark.ratio is not None:
        return percent(benchmark.ratio, ctx.lang)
    if benchmark.value is not None:
        return f"≥ {number(benchmark.value, ctx.lang)}"
    assert benchmark.points is not None
    return f"{number(benchmark.points, ctx.lang)} {ctx.words['points']}"


def group_title(ctx: Context, group_id: str) -> str:
    """A unit group by its title, or by its id when the book's regime has no such group (a group of
    the previous regime in a change list)."""
    found = next((g for g in ctx.regime.groups if g.id == group_id), None)
    return ctx.text(found.title) if found else group_id


def show_value(ctx: Context, value: object) -> str:
    lang = ctx.lang
    if isinstance(value, Decimal):
        return number(value, lang)
    if isinstance(value, Text):
        return ctx.text(value)
    if isinstance(value, UnitGroup):
        return f"{ctx.text(value.title)} ({value.id}; {ranked_text(ctx, value)})"
    if isinstance(value, Band):
        return f"{ctx.text(value.title)} {formats.interval(value.min, value.below, lang)}"
    if isinstance(value, Benchmark):
        return benchmark_text(ctx, value)
    if isinstance(value, Period):
        return period(value, lang)
    if isinstance(value, Deadline):
        return due_text(ctx, value)
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
