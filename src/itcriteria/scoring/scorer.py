"""Scoring: a submission and its regime in, a ScoreCard out. Pure; the regime is never changed.

Each regime is turned once per unit group into a flat plan (leaves in official order, parents after
their children) so scoring a form is a single pass with no tree walking.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from .._core import CONTEXT, EXACT_SUM_CONTEXT, ROUNDING_MODES, ZERO, leave_out, to_decimal
from ..exceptions import ArgumentError, NotFoundError, Problem, SubmissionError
from ..expressions import CompiledExpression
from ..model import COHORT_BEST, COHORT_KINDS, Answer, Band, Criterion, Submission, Unit
from .checks import check_extra_answers, in_official_order, refuse_untranslated, within
from .explain import LeafExplanation, explain_leaf, render, to_dict
from .fastpath import FastScorer, compile_fast_scorer
from .leaves import leaf_points
from .reading import EVALUATE, NOT_APPLICABLE, READERS, Reader, benchmark_met, measure, missing

if TYPE_CHECKING:  # the regime sits above the scorer; it is seen here as a type only
    from ..regimes import Regime

_add = EXACT_SUM_CONTEXT.add


@attrs.frozen
class Leaf:
    criterion: Criterion
    id: str
    kind: str
    rule: CompiledExpression
    function: Callable[..., Any]
    max_points: Decimal
    read: Reader
    uses_best: bool
    path: str


@attrs.frozen
class Parent:
    id: str
    children: tuple[str, ...]
    combine: str
    max: Decimal


@attrs.frozen
class Plan:
    group: str
    leaves: tuple[Leaf, ...]
    leaf_ids: frozenset[str]
    parents: tuple[Parent, ...]
    top: tuple[str, ...]
    maxes: Mapping[str, Decimal]
    max_total: Decimal
    fast: FastScorer | None = None
    leaf_index: Mapping[str, Leaf] = attrs.field(
        init=False,
        repr=False,
        default=attrs.Factory(lambda self: {leaf.id: leaf for leaf in self.leaves}, takes_self=True),
    )


@attrs.frozen
class CompiledRegime:
    """What validation found out about a regime, kept on it for the scorer: each criterion's place in the
    file (``criteria[2].children[1]``) and compiled rule, in official order, and the scoring plan of each
    unit group, built on first use (:func:`plan_for`)."""

    index: Mapping[str, tuple[str, Criterion]]
    rules: Mapping[str, CompiledExpression]
    plans: dict[str, Plan] = attrs.field(factory=dict, eq=False)

    def __getstate__(self) -> dict[str, object]:
        """Pickled without the plans (they hold generated functions); they are built again on first use,
        so a regime and its scorecards pickle."""
        return {"index": self.index, "rules": self.rules}

    def __setstate__(self, state: dict[str, Any]) -> None:
        object.__setattr__(self, "index", state["index"])
        object.__setattr__(self, "rules", state["rules"])
        object.__setattr__(self, "plans", {})


@attrs.frozen
class NodeScore:
    """A criterion's result on one scorecard: points, the unit's maximum, and the benchmark verdict.

    ``benchmark_met`` is None when the criterion has no benchmark or does not apply to the unit.
    """

    criterion: Criterion
    score: Decimal
    max: Decimal
    benchmark_met: bool | None
    applicable: bool = True

    @property
    def id(self) -> str:
        return self.criterion.id


@attrs.frozen
class ScoreCard:
    """The result of scoring one submission: total, maximum, band, and every criterion's points.

    Scoring keeps each leaf's benchmark verdict (``verdicts``, by id, for the leaves that have a
    benchmark) and the leaves that do not apply, so ``node()`` needs no explanation. The per-leaf
    explanation is built on first use (``explain()``, ``explanation()``, ``to_dict()``) by scoring again
    with notes; scoring is pure, so it is the same result.
    """

    regime: Regime = attrs.field(repr=False)
    submission: Submission = attrs.field(repr=False)
    total: Decimal
    max_total: Decimal
    band: Band | None
    _scores: Mapping[str, Decimal] = attrs.field(repr=False, alias="scores")
    _maxes: Mapping[str, Decimal] = attrs.field(repr=False, alias="maxes")
    _best: Mapping[str, Decimal] | None = attrs.field(repr=False, alias="best", default=None)
    _fixed: Mapping[str, Decimal] = attrs.field(repr=False, alias="fixed", factory=dict)
    # None on a card made without them: node() then reads the verdict from the leaf's explanation
    _verdicts: Mapping[str, bool | None] | None = attrs.field(repr=False, alias="verdicts", default=None)
    _inapplicable: frozenset[str] = attrs.field(repr=False, alias="inapplicable", default=frozenset())
    _explained: dict[str, LeafExplanation] = attrs.field(init=False, repr=False, eq=False, factory=dict)

    @property
    def unit(self) -> Unit:
        return self.submission.unit

    @property
    def group(self) -> str:
        return self.submission.unit.group

    @property
    def fixed(self) -> Mapping[str, Decimal]:
        """Leaf points the appraisal council fixed, by criterion id (empty for a self-assessment)."""
        return self._fixed

    @property
    def scores(self) -> Mapping[str, Decimal]:
        """Points of every criterion that applies to the unit, by id."""
        return self._scores

    def node(self, criterion_id: str) -> NodeScore:
        """The result of one criterion: ``score``, ``max`` and whether its benchmark is met."""
        if criterion_id not in self._scores:
            criterion = self.regime.criterion(criterion_id)  # KeyError for an unknown id
            raise NotFoundError(f"criterion {criterion.id} does not apply to group {self.group!r}")
        criterion = self.regime.criterion(criterion_id)
        score, maximum = self._scores[criterion_id], self._maxes[criterion_id]
        if criterion.is_leaf:
            if self._verdicts is None:
                leaf = self.explanation(criterion_id)
                return NodeScore(criterion, score, maximum, leaf.benchmark_met, leaf.applicable)
            applicable = criterion_id not in self._inapplicable
            return NodeScore(criterion, score, maximum, self._verdicts.get(criterion_id), applicable)
        met = None
        if criterion.benchmark is not None and criterion.benchmark.points is not None and maximum:
            met = score >= criterion.benchmark.points
        return NodeScore(criterion, score, maximum, met, bool(maximum) or not criterion.max)

    def explanation(self, criterion_id: str) -> LeafExplanation:
        """How a leaf was scored: inputs as given, ratio, rule, step hit, points, rounding, source."""
        found = self._explained.get(criterion_id)
        if found is None:
            leaf = plan_for(self.regime, self.group).leaf_index.get(criterion_id)
            if leaf is not None:
                self._explain((leaf,))  # only the leaf asked for: a gap report shows a few
            found = self._explained.get(criterion_id)
            if found is None:
                raise NotFoundError(f"{criterion_id!r} is not a scored sub-criterion of this scorecard")
        return found

    def _explain(self, leaves: Iterable[Leaf]) -> None:
        """Explain ``leaves`` (scoring each again with notes; scoring is pure, so it is the same result)."""
        plan = plan_for(self.regime, self.group)
        notes: dict[str, LeafExplanation] = {}
        with decimal.localcontext(CONTEXT):
            _score_leaves(
                self.regime, plan, self.submission.answers, self._best, [], notes, self._fixed, leaves
            )
        self._explained.update(notes)

    def explanations(self) -> Mapping[str, LeafExplanation]:
        """Every scored leaf's explanation by id, in official order, built in one pass."""
        plan = plan_for(self.regime, self.group)
        if len(self._explained) < len(plan.leaves):
            self._explain([leaf for leaf in plan.leaves if leaf.id not in self._explained])
        return {leaf.id: self._explained[leaf.id] for leaf in plan.leaves if leaf.id in self._explained}

    def explain(self, lang: str = "vi") -> str:
        """A readable tree of the whole score, in Vietnamese (``vi``) or English (``en``)."""
        self.explanations()  # one pass over the leaves, which rendering then reads one by one
        return render(self, lang)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data: numbers as decimal text, every criterion with its explanation."""
        self.explanations()
        return to_dict(self)


def score(
    regime: Regime,
    submission: Submission | Mapping[str, Any],
    *,
    best: Mapping[str, Decimal | int | str] | None = None,
    fixed: Mapping[str, Decimal] | None = None,
) -> ScoreCard:
    """Score one submission under ``regime``; see :meth:`Regime.score`.

    ``fixed`` gives leaf points set by the appraisal council, by criterion id, in place of what the
    rule gives for the answer (see :class:`itcriteria.Round`).
    """
    if not isinstance(submission, Submission):
        submission = _structured(regime, submission)
    unit = submission.unit
    plan: Plan | None = regime.compiled.plans.get(unit.group)  # a plan exists only for a known group
    if (
        plan is not None
        and plan.fast is not None
        and not fixed
        and (submission.regime is None or submission.regime == regime.id)
    ):
        best_values = None if best is None else {cid: to_decimal(value) for cid, value in best.items()}
        fast = plan.fast(submission.answers, best_values)  # enters the scoring context itself
        if fast is not None:
            scores, total, met = fast
            band = regime.band_for(total, plan.max_total)
            return ScoreCard(
                regime,
                submission,
                total,
                plan.max_total,
                band,
                scores=scores,
                maxes=plan.maxes,
                best=best_values,
                verdicts=met,
            )
    problems: list[Problem] = []
    if submission.regime is not None and submission.regime != regime.id:
        problems.append(Problem("regime", f"the form is for regime {submission.regime!r}, not {regime.id!r}"))
    if plan is None:
        if not any(group.id == unit.group for group in regime.groups):
            known = ", ".join(g.id for g in regime.groups)
            problems.append(Problem("unit.group", f"unknown unit group {unit.group!r} (groups: {known})"))
            raise SubmissionError(_subject(regime, submission), problems)
        plan = plan_for(regime, unit.group)
        if plan.fast is not None and not problems and not fixed:
            return score(regime, submission, best=best)  # the plan is built now: score it the fast way
    answers = submission.answers
    best_values = None if best is None else {cid: to_decimal(value) for cid, value in best.items()}
    fixed = fixed or {}
    verdicts: dict[str, bool | None] = {}
    with decimal.localcontext(CONTEXT):
        points = _score_leaves(regime, plan, answers, best_values, problems, None, fixed, verdicts=verdicts)
        check_extra_answers(regime, plan, answers, problems)
        if problems:
            raise SubmissionError(_subject(regime, submission), in_official_order(regime, problems))
        scores, maxes = score_parents(plan, points)
        total = ZERO
        for top in plan.top:
            total = _add(total, scores[top])
        if regime.rounding.stage == "total":
            total = round_points(total, regime)
        max_total = plan.max_total if maxes is plan.maxes else sum((maxes[t] for t in plan.top), ZERO)
    band = regime.band_for(total, max_total)
    inapplicable = frozenset(cid for cid, value in points.items() if value is None)
    return ScoreCard(
        regime,
        submission,
        total,
        max_total,
        band,
        scores=scores,
        maxes=maxes,
        best=best_values,
        fixed=fixed,
        verdicts=verdicts,
        inapplicable=inapplicable,
    )


def _structured(regime: Regime, data: Mapping[str, Any]) -> Submission:
    """The submission of ``data``, or a SubmissionError with every problem: those of its shape (a bad
    date, an unknown field) and those the regime finds in the rest (missing answers, wrong values)."""
    try:
        return Submission.from_dict(data)
    except SubmissionError as err:
        repaired = leave_out(data, list(err.problems)) if isinstance(data, Mapping) else None
        more: list[Problem] = []
        if repaired is not None:
            try:
                score(regime, Submission.from_dict(repaired.data))
            except SubmissionError as hidden:
                more = [p for p in hidden.problems if not repaired.concerns(p.where)]
        raise SubmissionError(err.subject, [*err.problems, *more]) from None


def score_all(regime: Regime, submissions: Iterable[Submission | Mapping[str, Any]]) -> list[ScoreCard]:
    """Score a cohort; rules that use ``best`` get the best value among the units of the same group.

    Every bad submission is reported in one SubmissionError; nothing is scored until all are valid.
    """
    forms = []
    problems: list[Problem] = []
    for i, item in enumerate(submissions):
        try:
            forms.append(item if isinstance(item, Submission) else _structured(regime, item))
        except SubmissionError as err:
            problems.extend(within(f"submissions[{i}]", err.problems))
    best = best_in_cohort(regime, forms)
    cards = []
    for i, form in enumerate(forms):
        try:
            cards.append(score(regime, form, best=best.get(form.unit.group, {})))
        except SubmissionError as err:
            problems.extend(within(f"submissions[{i}] ({form.unit.id})", err.problems))
    if problems:
        raise SubmissionError(f"batch of {len(forms)} under {regime.id}", problems)
    return cards


def card_best(card: ScoreCard) -> Mapping[str, Decimal] | None:
    """The cohort's best values the card was scored against (None when it was scored alone)."""
    return card._best


def card_maxes(card: ScoreCard) -> Mapping[str, Decimal]:
    """Each criterion's maximum for the card's unit group, by id."""
    return card._maxes


def plan_for(regime: Regime, group: str) -> Plan:
    """The flat scoring plan of ``regime`` for one unit group (built once, then cached on the regime)."""
    plan: Plan | None = regime.compiled.plans.get(group)
    if plan is None:
        refuse_untranslated(regime)
        plan = _build_plan(regime, group)
        plan = attrs.evolve(plan, fast=compile_fast_scorer(regime, plan))
        regime.compiled.plans[group] = plan
    return plan


def _build_plan(regime: Regime, group: str) -> Plan:
    leaves: list[Leaf] = []
    parents: list[Parent] = []
    maxes: dict[str, Decimal] = {}

    def visit(criterion: Criterion) -> None:
        maxes[criterion.id] = criterion.max
        if criterion.is_leaf:
            indicator = criterion.indicator
            assert indicator is not None
            rule = regime.compiled.rules[criterion.id]
            leaves.append(
                Leaf(
                    criterion=criterion,
                    id=criterion.id,
                    kind=indicator.kind,
                    rule=rule,
                    function=rule.function,
                    max_points=criterion.max,
                    read=READERS[indicator.kind],
                    uses_best=COHORT_BEST in rule.names,
                    path=regime.path_of(criterion.id),
                )
            )
            return
        children = [c for c in criterion.children if c.applies_to(group)]
        for child in children:
            visit(child)
        parents.append(Parent(criterion.id, tuple(c.id for c in children), criterion.combine, criterion.max))

    top = [c for c in regime.criteria if c.applies_to(group)]
    for criterion in top:
        visit(criterion)
    return Plan(
        group=group,
        leaves=tuple(leaves),
        leaf_ids=frozenset(leaf.id for leaf in leaves),
        parents=tuple(parents),
        top=tuple(c.id for c in top),
        maxes=maxes,
        max_total=regime.max_points(group),
    )


def _score_leaves(
    regime: Regime,
    plan: Plan,
    answers: Mapping[str, Answer],
    best: Mapping[str, Decimal] | None,
    problems: list[Problem],
    notes: dict[str, LeafExplanation] | None,
    fixed: Mapping[str, Decimal] | None = None,
    leaves: Iterable[Leaf] | None = None,
    verdicts: dict[str, bool | None] | None = None,
) -> dict[str, Decimal | None]:
    """Points of every leaf (None for a leaf that does not apply); problems are appended, not raised.

    A leaf in ``fixed`` takes the points given there (an appraisal), after its answer is checked.
    ``leaves`` limits it to those of the plan's leaves (explaining a few). ``verdicts`` receives the
    benchmark verdict of each leaf that has a benchmark, as its explanation gives it.
    """
    rounding = regime.rounding
    quantum = Decimal(1).scaleb(-rounding.places) if rounding.stage == "leaf" else None
    mode = ROUNDING_MODES[rounding.mode]
    points: dict[str, Decimal | None] = {}
    for leaf in plan.leaves if leaves is None else leaves:
        answer = answers.get(leaf.id)
        if answer is None:
            problems.append(missing(leaf.criterion))
            continue
        read = leaf.read(leaf.criterion, answer, problems)
        if read is None:
            continue
        inputs, how = read
        if leaf.uses_best and how == EVALUATE:  # a leaf not applicable to anyone has no best value
            if best is None or leaf.id not in best:
                raise ArgumentError(
                    f"regime {regime.id}: criterion {leaf.id} normalises to the best unit of the cohort; "
                    "score the cohort with regime.score_all(submissions) or pass best={...}"
                )
            inputs[COHORT_BEST] = best[leaf.id]
        raw, result = leaf_points(regime, leaf, inputs, how)
        appraised = fixed.get(leaf.id) if fixed else None
        if appraised is not None:
            problem = _check_fixed(leaf, appraised, result)
            if problem is not None:
                problems.append(problem)
                continue
            if quantum is not None:
                appraised = appraised.quantize(quantum, rounding=mode)
        final = points[leaf.id] = result if appraised is None else appraised
        benchmark = leaf.criterion.benchmark
        if verdicts is not None and benchmark is not None:
            verdicts[leaf.id] = None if final is None else benchmark_met(benchmark, leaf.kind, inputs, final)
        if notes is not None:
            notes[leaf.id] = explain_leaf(
                regime, leaf.criterion, leaf.rule, answer, inputs, how, raw, result, appraised
            )
    return points


def _check_fixed(leaf: Leaf, points: Decimal, result: Decimal | None) -> Problem | None:
    where = f'appraisal["{leaf.id}"].points'
    if result is None:
        message = "the answer makes this criterion not applicable; appraise the answer, not the points"
        return Problem(where, message, leaf.id, "points")
    if not ZERO <= points <= leaf.max_points:
        return Problem(where, f"{points} is outside 0–{leaf.max_points}", leaf.id, "points")
    return None


def score_parents(
    plan: Plan, points: dict[str, Decimal | None]
) -> tuple[dict[str, Decimal], Mapping[str, Decimal]]:
    scores: dict[str, Decimal] = {}
    not_applicable = [cid for cid, value in points.items() if value is None]
    for cid, value in points.items():
        scores[cid] = ZERO if value is None else value
    maxes: Mapping[str, Decimal] = plan.maxes
    if not_applicable:
        maxes = dict(plan.maxes)
        for cid in not_applicable:
            maxes[cid] = ZERO
    for parent in plan.parents:
        parts = [scores[c] for c in parent.children]
        if parent.combine == "best":
            value = max(parts, default=ZERO)
        else:
            value = ZERO
            for part in parts:
                value = _add(value, part)
            if parent.combine == "capped_sum" and value > parent.max:
                value = parent.max
        scores[parent.id] = value
        if not_applicable:
            assert isinstance(maxes, dict)
            child_max = [maxes[c] for c in parent.children]
            maxes[parent.id] = (
                max(child_max, default=ZERO)
                if parent.combine == "best"
                else min(sum(child_max, ZERO), parent.max)
            )
    return scores, maxes


def round_points(value: Decimal, regime: Regime) -> Decimal:
    quantum = Decimal(1).scaleb(-regime.rounding.places)
    return value.quantize(quantum, rounding=ROUNDING_MODES[regime.rounding.mode])


def best_in_cohort(regime: Regime, forms: list[Submission]) -> dict[str, dict[str, Decimal]]:
    best: dict[str, dict[str, Decimal]] = {}
    groups = {g.id for g in regime.groups}
    for form in forms:
        group = form.unit.group
        if group not in groups:
            continue
        per_group = best.setdefault(group, {})
        for leaf in plan_for(regime, group).leaves:
            answer = form.answers.get(leaf.id)
            if not leaf.uses_best or answer is None or leaf.kind not in COHORT_KINDS:
                continue
            read = leaf.read(leaf.criterion, answer, [])
            if read is None or read[1] == NOT_APPLICABLE:
                continue
            quantity = measure(leaf.kind, read[0])
            if quantity is not None and (leaf.id not in per_group or quantity > per_group[leaf.id]):
                per_group[leaf.id] = quantity
    return best


def _subject(regime: Regime, submission: Submission) -> str:
    return f"of {submission.unit.id} under {regime.id}"
