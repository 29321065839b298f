"""What changed between two regimes: criteria added, removed and changed, and regime-wide settings.

This is how a province says what a new criteria set changed (the 2019 Bình Thuận letter stresses that
its set was revised against 2018's). Criteria are matched by id. Pure.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from .._core import check_lang, formats, terms
from ..model import (
    Band,
    Benchmark,
    Choice,
    Count,
    Criterion,
    Deadline,
    Milestone,
    Number,
    Period,
    Ratio,
    Rounding,
    Text,
    UnitGroup,
    YesNo,
    rule_in_words,
)
from ..scoring import describe_benchmark
from .regime import Regime

#: What is compared for a criterion found in both regimes, in this order.
CRITERION_FIELDS = ("title", "max", "indicator", "rule", "benchmark", "combine", "groups", "provenance")
#: What is compared for the regimes themselves.
REGIME_FIELDS = (
    "groups", "bands", "band_basis", "rounding", "ranking_policy", "max_total", "evaluation_window",
    "deadline", "milestones", "cadence", "year_aggregate", "status",
)  # fmt: skip


@attrs.frozen
class FieldChange:
    """One field that differs: its name and both values (as the regimes hold them)."""

    field: str
    old: Any
    new: Any

    def describe(self, lang: str = "vi") -> str:
        """``điểm tối đa: 13 → 10``: the field as a reader calls it, both values in ``lang``."""
        old, new = (
            terms.word(v, lang)
            if self.field in ("provenance", "status") and v in terms.WORDS
            else _show(v, lang)
            for v in (self.old, self.new)
        )
        return f"{terms.field_name(self.field, lang)}: {old} → {new}"


@attrs.frozen
class CriterionChange:
    """A criterion present in both regimes whose fields differ; ``old`` and ``new`` are the criterion
    as each regime has it (None when the change was made by hand without them)."""

    id: str
    changes: tuple[FieldChange, ...]
    old: Criterion | None = attrs.field(default=None, eq=False, repr=False)
    new: Criterion | None = attrs.field(default=None, eq=False, repr=False)

    def describe(self, lang: str = "vi") -> list[str]:
        """One line per field that changed; a changed rule is followed by the old and new rule in
        words, as the criteria book writes them."""
        lines = []
        for f in self.changes:
            lines.append(f"{self.id} {f.describe(lang)}")
            if f.field == "rule" and self.old is not None and self.new is not None:
                lines.append(f"    {terms.word('before', lang)}: {rule_in_words(self.old, lang)}")
                lines.append(f"    {terms.word('after', lang)}: {rule_in_words(self.new, lang)}")
        return lines

    def change(self, field: str) -> FieldChange | None:
        """The change of ``field``, or None when it did not change."""
        return next((c for c in self.changes if c.field == field), None)


@attrs.frozen
class RegimeDiff:
    """Criteria ``added`` (in new only), ``removed`` (in old only), ``changed`` (in both, differing),
    each in official order, and the regime-wide ``settings`` that differ. Empty when nothing changed."""

    old: str
    new: str
    added: tuple[Criterion, ...]
    removed: tuple[Criterion, ...]
    changed: tuple[CriterionChange, ...]
    settings: tuple[FieldChange, ...]

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed or self.settings)

    def describe(self, lang: str = "vi") -> str:
        """The differences as text, one line each, for a letter or a changelog; a changed rule is
        shown as written and, on the two lines below it, in words (before and after)."""
        check_lang(lang)
        lines = [f"{self.old} → {self.new}"]
        if not self:
            lines.append(f"  {terms.word('no_change', lang)}")
        points = terms.word("points", lang)
        for c in self.added:
            lines.append(f"  + {c.id} {c.title.get(lang)} ({formats.number(c.max, lang)} {points})")
        for c in self.removed:
            lines.append(f"  - {c.id} {c.title.get(lang)} ({formats.number(c.max, lang)} {points})")
        for change in self.changed:
            for line in change.describe(lang):
                lines.append(f"  {line}" if line.startswith(" ") else f"  ~ {line}")
        for f in self.settings:
            lines.append(f"  ~ {f.describe(lang)}")
        return "\n".join(lines)


def diff(old: Regime, new: Regime) -> RegimeDiff:
    """What ``new`` changed from ``old``: criteria added, removed and changed (title, max, indicator,
    rule, benchmark, combination, groups, provenance), and regime-wide settings."""
    before = {c.id: c for c in old.walk()}
    after = {c.id: c for c in new.walk()}
    changed = []
    for cid, criterion in after.items():
        if cid in before:
            changes = _changes(before[cid], criterion, CRITERION_FIELDS)
            if changes:
                changed.append(CriterionChange(cid, changes, before[cid], criterion))
    return RegimeDiff(
        old.id,
        new.id,
        tuple(c for cid, c in after.items() if cid not in before),
        tuple(c for cid, c in before.items() if cid not in after),
        tuple(changed),
        _changes(old, new, REGIME_FIELDS),
    )


def _changes(old: object, new: object, fields: tuple[str, ...]) -> tuple[FieldChange, ...]:
    found = []
    for name in fields:
        a, b = _value(old, name), _value(new, name)
        if a != b:
            found.append(FieldChange(name, a, b))
    return tuple(found)


def _value(obj: object, name: str) -> Any:
    if name == "rule" and isinstance(obj, Criterion):
        return obj.effective_rule  # a rule written out equal to the default is no change
    return getattr(obj, name)


def _show(value: Any, lang: str = "vi") -> str:
    """A value as a person reads it in a change list."""
    if value is None:
        return "—"
    if isinstance(value, tuple):
        return "[" + ", ".join(_show(v, lang) for v in value) + "]"
    if isinstance(value, Text):
        return value.get(lang)
    if isinstance(value, UnitGroup | Band):
        limits = f" {formats.interval(value.min, value.below, lang)}" if isinstance(value, Band) else ""
        return f"{value.id} ({value.title.get(lang)}){limits}"
    if isinstance(value, Ratio):
        return f"{terms.word('ratio', lang)}: {value.numerator.get(lang)} / {value.denominator.get(lang)}"
    if isinstance(value, Choice):
        return f"{terms.word('choice', lang)}: {', '.join(level.title.get(lang) for level in value.levels)}"
    if isinstance(value, Count | YesNo | Number):
        return f"{terms.word(value.kind, lang)}: {value.label.get(lang)}"
    if isinstance(value, Deadline):
        days = terms.word("working_days", lang)
        return f"{formats.date(value.due, lang)} + {value.grace_working_days} {days}"
    if isinstance(value, Milestone):
        return f"{value.title.get(lang)} {formats.date(value.by, lang)}"
    if isinstance(value, Period):
        return formats.span(value.start, value.end, lang)
    if isinstance(value, Decimal):
        return formats.number(value, lang)
    if isinstance(value, Rounding):
        return value.describe(lang)
    if isinstance(value, Benchmark):
        return describe_benchmark(value, lang)
    return str(value)
