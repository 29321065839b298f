"""The criteria-set model: frozen values describing a regime, its criteria tree and their indicators.

A :class:`Regime` validates its whole tree when it is built (from a file or in Python) and raises a
:class:`~itcriteria.exceptions.RegimeError` listing every problem with its path.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import types
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import attrs

from .._core.numbers import CONTEXT, ZERO

if TYPE_CHECKING:
    from ..scoring.scorer import ScoreCard
    from .submission import Submission

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

#: Plugin functions in scope while a regime file is structured (see ``_loading.regime_from_dict``);
#: a Regime built without ``functions=`` takes these, so files may use the functions plugins register.
FUNCTIONS_IN_SCOPE: contextvars.ContextVar[Mapping[str, Callable[..., Any]]] = contextvars.ContextVar(
    "itcriteria_functions_in_scope", default=types.MappingProxyType({})
)


@attrs.frozen
class Text:
    """A label in Vietnamese, with an English rendering when the regime gives one."""

    vi: str
    en: str = ""

    def get(self, lang: str = "vi") -> str:
        """The label in ``lang`` ("vi" or "en"), falling back to Vietnamese."""
        return self.en if lang == "en" and self.en else self.vi

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
        from .._core.calendar import grace_end

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
        if lang == "en":
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


@attrs.frozen
class Regime:
    """A province's criteria set for a period (Bộ tiêu chí), validated as a whole when built.

    ``status`` is ``provisional`` when any criterion is not from an official text (``provenance`` other
    than ``official``); such a regime cannot claim ``official``. ``deadline`` and ``milestones`` are the
    round's dates; ``cadence`` is ``quarter`` when units evaluate every quarter, and ``year_aggregate``
    then says how the year's result comes from the quarters (``mean``, ``sum`` or ``last``).
    """

    id: str
    province: str
    title: Text
    legal_basis: tuple[LegalBasis, ...]
    effective: Period
    groups: tuple[UnitGroup, ...]
    criteria: tuple[Criterion, ...]
    bands: tuple[Band, ...] = ()
    evaluation_window: Period | None = None
    band_basis: BandBasis = "total"
    ranking_policy: str = "competition"
    rounding: Rounding = Rounding()
    status: Status = "provisional"
    max_total: Decimal | None = None
    notes: Text | None = None
    deadline: Deadline | None = None
    milestones: tuple[Milestone, ...] = ()
    cadence: Cadence = "year"
    year_aggregate: YearAggregate | None = None
    #: Extra rule functions (registered by plugins) the rules were checked against; not part of the file.
    functions: Mapping[str, Callable[..., Any]] = attrs.field(
        factory=lambda: dict(FUNCTIONS_IN_SCOPE.get()), eq=False, repr=False, kw_only=True
    )
    _compiled: Mapping[str, Any] = attrs.field(init=False, eq=False, repr=False, factory=dict)
    _plans: dict[str, Any] = attrs.field(init=False, eq=False, repr=False, factory=dict)
    _index: Mapping[str, tuple[str, Criterion]] = attrs.field(init=False, eq=False, repr=False, factory=dict)

    def __attrs_post_init__(self) -> None:
        from ..regimes.validation import validate_regime

        index, compiled = validate_regime(self)
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_compiled", compiled)

    # --- lookup -------------------------------------------------------------------------------------

    def criterion(self, criterion_id: str) -> Criterion:
        """The criterion with this id; ``KeyError`` naming the regime when there is none."""
        try:
            return self._index[criterion_id][1]
        except KeyError:
            raise KeyError(f"regime {self.id} has no criterion {criterion_id!r}") from None

    def path_of(self, criterion_id: str) -> str:
        """Where the criterion sits in the regime file (``criteria[2].children[1]``)."""
        return self._index[criterion_id][0]

    def group(self, group_id: str) -> UnitGroup:
        """The unit group with this id; ``KeyError`` listing the regime's groups when there is none."""
        for group in self.groups:
            if group.id == group_id:
                return group
        known = ", ".join(g.id for g in self.groups)
        raise KeyError(f"regime {self.id} has no unit group {group_id!r} (groups: {known})")

    def walk(self, group: str | None = None) -> Iterator[Criterion]:
        """Every criterion, parents first, in official order; only those of ``group`` when given."""
        for top in self.criteria:
            yield from _walk_group(top, group)

    def leaves(self, group: str | None = None) -> tuple[Criterion, ...]:
        """The sub-criteria a unit answers, in official order; only those of ``group`` when given."""
        return tuple(c for c in self.walk(group) if c.is_leaf)

    def max_points(self, group: str) -> Decimal:
        """The group's stated or computed maximum total."""
        total = ZERO
        for top in self.criteria:
            if top.applies_to(group):
                total += top.max
        return total

    def band_for(self, total: Decimal, max_total: Decimal) -> Band | None:
        """The band a total falls in (on the percent of ``max_total`` when the regime says so)."""
        value = total
        if self.band_basis == "percent":  # in the library's context, whatever the caller's precision
            value = CONTEXT.divide(CONTEXT.multiply(total, 100), max_total) if max_total else ZERO
        return next((band for band in self.bands if value in band), None)

    @property
    def is_provisional(self) -> bool:
        return self.status != "official"

    # --- scoring ------------------------------------------------------------------------------------

    def score(
        self,
        submission: Submission | Mapping[str, Any],
        *,
        best: Mapping[str, Decimal | int | str] | None = None,
    ) -> ScoreCard:
        """Score one submission (a :class:`Submission` or a mapping in the documented JSON shape).

        ``best`` gives, per criterion id, the cohort's best value for rules that use ``best``; use
        :meth:`score_all` to compute it from the cohort. Raises
        :class:`~itcriteria.exceptions.SubmissionError` listing every problem of the submission.
        """
        from ..scoring.scorer import score

        return score(self, submission, best=best)

    def score_all(self, submissions: Iterable[Submission | Mapping[str, Any]]) -> list[ScoreCard]:
        """Score a cohort of submissions; rules using ``best`` see the best value within each group."""
        from ..scoring.scorer import score_all

        return score_all(self, submissions)


def _walk_group(criterion: Criterion, group: str | None) -> Iterator[Criterion]:
    if group is not None and not criterion.applies_to(group):
        return
    yield criterion
    for child in criterion.children:
        yield from _walk_group(child, group)
