"""The criteria-set model: frozen values describing a regime, its criteria tree and their indicators.

The :class:`~itcriteria.Regime` that holds them, validates them and scores against them sits above, in
:mod:`itcriteria.regimes`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import ClassVar, Literal

import attrs

from .._core import ZERO, check_lang

Provenance = Literal["official", "derived", "assumed"]
Status = Literal["official", "provisional"]
Combine = Literal["sum", "capped_sum", "best"]
RoundingMode = Literal["half_up", "half_even", "half_down", "down", "up", "floor", "ceiling"]
RoundingStage = Literal["leaf", "total"]
ZeroDenominator = Literal["error", "not_applicable", "zero", "full"]
BandBasis = Literal["total", "percent"]
Lang = Literal["vi", "en"]
Cadence = Literal["year", "quarter"]
YearAggregate = Literal["mean", "sum", "last"]
RankWithin = Literal["group", "parent"]


@attrs.frozen
class Text:
    """A label in Vietnamese, with an English rendering when the regime gives one."""

    vi: str
    en: str = ""

    def get(self, lang: str = "vi") -> str:
        """The label in ``lang`` ("vi" or "en"; Vietnamese where no English is given)."""
        return self.en if check_lang(lang) == "en" and self.en else self.vi

    def __str__(self) -> str:
        return self.vi


@attrs.frozen
class LegalBasis:
    """A legal text the regime rests on: decision number (``1867/QĐ-UBND``), date, and what it does."""

    decision: str
    date: dt.date
    title: Text | None = None
    url: str = ""

    def __str__(self) -> str:
        return f"{self.decision} ({self.date:%d/%m/%Y})"


@attrs.frozen
class Period:
    """Dates from ``start`` to ``end``, both included; an open ``end`` means still in force."""

    start: dt.date
    end: dt.date | None = None

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, dt.date):
            return False
        return self.start <= day and (self.end is None or day <= self.end)

    def __str__(self) -> str:
        end = f"{self.end:%d/%m/%Y}" if self.end else "…"
        return f"{self.start:%d/%m/%Y}–{end}"


@attrs.frozen
class Deadline:
    """When forms are due, and how many working days late a form may still be evaluated and ranked.

    A form sent more than ``grace_working_days`` working days after ``due`` is not evaluated or ranked
    (Bình Thuận 2019: due 15/9/2019, 5 working days). ``channel`` says how forms are sent.
    """

    due: dt.date
    grace_working_days: int = 0
    channel: Text | None = None
    source: str = ""
    provenance: Provenance = "official"

    def accepted_until(self) -> dt.date:
        """The last day a form is still evaluated: ``grace_working_days`` working days after ``due``,
        skipping weekends and Vietnam's public holidays (Tết included)."""
        from .._core import grace_end

        return grace_end(self.due, self.grace_working_days)


@attrs.frozen
class Milestone:
    """A dated step of the round the regime lays down (council appraisal, results decision, …)."""

    id: str
    title: Text
    by: dt.date
    source: str = ""
    provenance: Provenance = "official"


@attrs.frozen
class UnitGroup:
    """A group of units ranked separately (provincial departments, district committees, …).

    ``max_total`` is the total the regime states for this group, checked against its criteria.
    ``ranked`` is False for a group the regime scores but does not rank (military command, provincial
    police); ``rank_within = "parent"`` ranks its units within their parent unit (communes within
    their district) instead of across the whole group.
    """

    id: str
    title: Text
    max_total: Decimal | None = None
    ranked: bool = True
    rank_within: RankWithin = "group"
    source: str = ""
    provenance: Provenance = "official"


@attrs.frozen
class Band:
    """A classification band (xếp loại): totals in the half-open interval [``min``, ``below``).

    A missing ``min`` or ``below`` leaves that side open.
    """

    id: str
    title: Text
    min: Decimal | None = None
    below: Decimal | None = None
    source: str = ""
    provenance: Provenance = "official"

    def __contains__(self, value: object) -> bool:
        if not isinstance(value, Decimal):
            return False
        return (self.min is None or value >= self.min) and (self.below is None or value < self.below)

    def describe(self) -> str:
        """The interval in the notation of the annexes, e.g. ``70 ≤ x < 85``."""
        low = f"{self.min} ≤ " if self.min is not None else ""
        high = f" < {self.below}" if self.below is not None else ""
        return f"{low}x{high}"


@attrs.frozen
class Rounding:
    """How scores are rounded: to ``places`` decimals with ``mode``, on each leaf or on the total only.

    With ``stage="leaf"`` every leaf is rounded and every total is the exact sum of rounded leaves.
    With ``stage="total"`` leaves keep full precision and only the grand total is rounded.
    """

    places: int = 2
    mode: RoundingMode = "half_up"
    stage: RoundingStage = "leaf"

    def describe(self, lang: str = "vi") -> str:
        """The rounding in words, e.g. "2 places, half up, on each sub-criterion"."""
        if check_lang(lang) == "en":
            where = "each sub-criterion" if self.stage == "leaf" else "the total"
            return f"{self.places} places, {self.mode.replace('_', ' ')}, on {where}"
        where = "từng tiêu chí thành phần" if self.stage == "leaf" else "tổng điểm"
        return f"{self.places} chữ số thập phân, {_MODES_VI[self.mode]}, trên {where}"


_MODES_VI = {
    "half_up": "làm tròn nửa lên",
    "half_even": "làm tròn nửa về số chẵn",
    "half_down": "làm tròn nửa xuống",
    "down": "bỏ phần thừa",
    "up": "làm tròn ra xa số 0",
    "floor": "làm tròn xuống",
    "ceiling": "làm tròn lên",
}


@attrs.frozen
class Benchmark:
    """The benchmark (điểm chuẩn) a unit is expected to reach; exactly one of the three is given.

    ``ratio`` (0–1) for ratio indicators, ``value`` for counts and numbers, ``points`` for any criterion.
    """

    ratio: Decimal | None = None
    points: Decimal | None = None
    value: Decimal | None = None

    def describe(self) -> str:
        if self.ratio is not None:
            percent = (self.ratio * 100).normalize()
            return f"{percent:f}%"
        if self.value is not None:
            return f"≥ {self.value:f}"
        return f"{self.points:f} points"


# --- Indicators: what a leaf asks the unit, and the names its rule may use. -----------------------


@attrs.frozen
class Ratio:
    """A ratio asked as numerator and denominator (tử số / mẫu số), each labelled as on the form.

    ``zero_denominator`` says what a zero denominator means when the regime says so: ``not_applicable``
    (the sub-criterion is left out of the unit's maximum), ``zero`` or ``full`` points; by default it
    is an input error. Both parts count things (procedures, staff, documents), so they are whole numbers
    unless ``fractional`` says the ratio's parts may have decimals (hectares, billions of đồng).
    """

    kind: ClassVar[str] = "ratio"
    inputs: ClassVar[tuple[str, ...]] = ("numerator", "denominator", "ratio", "max_points")
    default_rule: ClassVar[str | None] = "ratio * max_points"
    fields: ClassVar[tuple[str, ...]] = ("numerator", "denominator")

    numerator: Text
    denominator: Text
    zero_denominator: ZeroDenominator = "error"
    fractional: bool = False


@attrs.frozen
class Count:
    """A whole number ≥ 0 (meetings held, applications on the WAN, …)."""

    kind: ClassVar[str] = "count"
    inputs: ClassVar[tuple[str, ...]] = ("count", "max_points")
    default_rule: ClassVar[str | None] = None
    fields: ClassVar[tuple[str, ...]] = ("value",)

    label: Text
    unit: Text | None = None


@attrs.frozen
class YesNo:
    """A yes/no question; the rule sees ``yes`` as a boolean."""

    kind: ClassVar[str] = "yes_no"
    inputs: ClassVar[tuple[str, ...]] = ("yes", "max_points")
    default_rule: ClassVar[str | None] = "max_points if yes else 0"
    fields: ClassVar[tuple[str, ...]] = ("value",)

    label: Text


@attrs.frozen
class Level:
    """One level of a choice, worth ``fraction`` of the criterion's maximum."""

    id: str
    title: Text
    fraction: Decimal


@attrs.frozen
class Choice:
    """One of several declared levels (full / partial / none); the rule sees ``fraction`` and ``level``.

    ``level`` is the chosen level's position, counted from 1 in the declared order.
    """

    kind: ClassVar[str] = "choice"
    inputs: ClassVar[tuple[str, ...]] = ("fraction", "level", "max_points")
    default_rule: ClassVar[str | None] = "fraction * max_points"
    fields: ClassVar[tuple[str, ...]] = ("value",)

    label: Text
    levels: tuple[Level, ...]

    def level(self, level_id: str) -> Level | None:
        """The level with this id, or None."""
        return next((lv for lv in self.levels if lv.id == level_id), None)


@attrs.frozen
class Number:
    """A decimal value within optional bounds (bandwidth per staff, percentage reported directly, …)."""

    kind: ClassVar[str] = "number"
    inputs: ClassVar[tuple[str, ...]] = ("value", "max_points")
    default_rule: ClassVar[str | None] = None
    fields: ClassVar[tuple[str, ...]] = ("value",)

    label: Text
    unit: Text | None = None
    min: Decimal | None = ZERO
    max: Decimal | None = None


Indicator = Ratio | Count | YesNo | Choice | Number
INDICATOR_KINDS: dict[str, type[Ratio | Count | YesNo | Choice | Number]] = {
    cls.kind: cls for cls in (Ratio, Count, YesNo, Choice, Number)
}

#: The input name a rule uses for the best value of the cohort (ratio, count or number), for rules
#: that normalise to the best unit ("bandwidth per staff / best unit's × 40").
COHORT_BEST = "best"
COHORT_KINDS = frozenset({"ratio", "count", "number"})


def rule_inputs(indicator: Indicator) -> tuple[str, ...]:
    """Every name a rule of this indicator may use."""
    if indicator.kind in COHORT_KINDS:
        return (*indicator.inputs, COHORT_BEST)
    return indicator.inputs


@attrs.frozen
class Criterion:
    """A criterion (tiêu chí) or sub-criterion (tiêu chí thành phần) in the official numbering.

    A leaf has an ``indicator`` and a ``rule`` (the indicator's default rule when omitted); a parent has
    ``children``, combined by ``combine``: ``sum`` (children's maxima add up to the parent's),
    ``capped_sum`` (the sum is capped at the parent's max) or ``best`` (the best child counts).
    ``groups`` restricts the criterion to some unit groups; empty means every group.
    ``higher_is_better`` is False for a criterion whose points may fall as an answer rises (a target
    band, a penalty), which :func:`itcriteria.testing.check_regime` then does not hold to that law.
    """

    id: str
    title: Text
    max: Decimal
    children: tuple[Criterion, ...] = ()
    indicator: Indicator | None = None
    rule: str | None = None
    benchmark: Benchmark | None = None
    combine: Combine = "sum"
    groups: tuple[str, ...] = ()
    source: str = ""
    provenance: Provenance = "official"
    note: Text | None = None
    higher_is_better: bool = True

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def effective_rule(self) -> str | None:
        """The rule that scores this leaf: its own, or its indicator's default."""
        if self.rule is not None or self.indicator is None:
            return self.rule
        return self.indicator.default_rule

    def applies_to(self, group: str) -> bool:
        return not self.groups or group in self.groups

    def walk(self) -> Iterator[Criterion]:
        """This criterion and all below it, parents before children."""
        yield self
        for child in self.children:
            yield from child.walk()


#: The answer fields a consistency declaration may name, and how the form labels them.
ANSWER_FIELD_LABELS = {
    "numerator": Text("tử số", "numerator"),
    "denominator": Text("mẫu số", "denominator"),
    "value": Text("giá trị", "value"),
}


@attrs.frozen
class Consistency:
    """A check across criteria that the figures of one form must pass, warned about, never scored.

    Each entry names an answer field as ``"CRITERION.FIELD"`` (``"1.1.denominator"``; a count's or a
    number's bare id means its value). ``same`` lists two or more fields that must be equal (the
    total staff asked by several criteria); ``at_most`` is two fields, the first never above the
    second (staff trained cannot exceed the staff). Give one of the two. A form that breaks it is
    still scored; reading, ``validate``, ``score`` and ``round`` warn, naming both cells.
    """

    same: tuple[str, ...] = ()
    at_most: tuple[str, ...] = ()
    note: Text | None = None
    source: str = ""
    provenance: Provenance = "official"

    @property
    def fields(self) -> tuple[str, ...]:
        """The entries it names, in the order given."""
        return self.same or self.at_most


def answer_field(entry: str) -> tuple[str, str]:
    """``(criterion id, field)`` of a consistency entry: ``"1.1.denominator"`` → ``("1.1",
    "denominator")``; an entry not ending in a field name is a criterion id and means its value."""
    head, _, last = entry.rpartition(".")
    if head and last in ANSWER_FIELD_LABELS:
        return head, last
    return entry, "value"
