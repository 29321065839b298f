"""What changed between two regimes: criteria added, removed and changed, and regime-wide settings.

This is how a province says what a new criteria set changed (the 2019 Bình Thuận letter stresses that
its set was revised against 2018's). Criteria are matched by id. Pure.
"""

from __future__ import annotations

from typing import Any

import attrs

from .._core import check_lang
from ..model import (
    Band,
    Benchmark,
    Choice,
    Count,
    Criterion,
    Deadline,
    Milestone,
    Number,
    Ratio,
    Rounding,
    Text,
    UnitGroup,
    YesNo,
)
from .regime import Regime

#: What is compared for a criterion found in both regimes, in this order.
CRITERION_FIELDS = ("title", "max", "indicator", "rule", "benchmark", "combine", "groups", "provenance")
#: What is compared for the regimes themselves.
REGIME_FIELDS = (
    "groups", "bands", "band_basis", "rounding", "ranking_policy", "max_total", "evaluation_window",
    "deadline", "milestones", "cadence", "year_aggregate", "status",
)  # fmt: skip

_LABELS_VI = {
    "title": "tên",
    "max": "điểm tối đa",
    "indicator": "chỉ tiêu nhập",
    "rule": "cách tính điểm",
    "benchmark": "điểm chuẩn",
    "combine": "cách cộng điểm",
    "groups": "nhóm áp dụng",
    "provenance": "nguồn gốc",
}


@attrs.frozen
class FieldChange:
    """One field that differs: its name and both values (as the regimes hold them)."""

    field: str
    old: Any
    new: Any

    def describe(self, lang: str = "vi") -> str:
        return f"{self.field}: {_show(self.old, lang)} → {_show(self.new, lang)}"


@attrs.frozen
class CriterionChange:
    """A criterion present in both regimes whose fields differ."""

    id: str
    changes: tuple[FieldChange, ...]

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
        """The differences as text, one line each, for a letter or a changelog."""
        en = check_lang(lang) == "en"
        lines = [f"{self.old} → {self.new}"]
        if not self:
            lines.append("  no change" if en else "  không thay đổi")
        for c in self.added:
            lines.append(f"  + {c.id} {c.title.get(lang)} ({c.max:f} {'points' if en else 'điểm'})")
        for c in self.removed:
            lines.append(f"  - {c.id} {c.title.get(lang)} ({c.max:f} {'points' if en else 'điểm'})")
        for change in self.changed:
            for f in change.changes:
                label = f.field if en else _LABELS_VI.get(f.field, f.field)
                lines.append(f"  ~ {change.id} {label}: {_show(f.old, lang)} → {_show(f.new, lang)}")
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
                changed.append(CriterionChange(cid, changes))
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
        limits = f" {value.describe()}" if isinstance(value, Band) else ""
        return f"{value.id} ({value.title.get(lang)}){limits}"
    if isinstance(value, Ratio):
        return f"ratio: {value.numerator.get(lang)} / {value.denominator.get(lang)}"
    if isinstance(value, Choice):
        return f"choice: {', '.join(level.id for level in value.levels)}"
    if isinstance(value, Count | YesNo | Number):
        return f"{value.kind}: {value.label.get(lang)}"
    if isinstance(value, Deadline):
        days = "working days" if lang == "en" else "ngày làm việc"
        return f"{value.due:%d/%m/%Y} + {value.grace_working_days} {days}"
    if isinstance(value, Milestone):
        return f"{value.id} {value.by:%d/%m/%Y}"
    if isinstance(value, Rounding):
        return value.describe(lang)
    if isinstance(value, Benchmark):
        return value.describe()
    return str(value)
