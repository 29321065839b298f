"""Evaluation rounds: a regime, a roster of units, their forms and the council's adjustments, run to
statuses, appraised scorecards and rankings. Running a round is pure: the same round, the same result.
"""

from __future__ import annotations

import datetime as dt
import difflib
import importlib
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import attrs

from .._core import ZERO, working_days_late
from ..exceptions import ArgumentError, NotFoundError, Problem, SubmissionError
from ..forms import SkippedForm
from ..improvement import (
    CommonGap,
    GapAnalysis,
    ImprovementPlan,
    UnitGaps,
    next_band_target,
    plan_improvement,
)
from ..model import Deadline, Period, Submission, Text, Unit
from ..ranking import RankingPolicy, RankRow, rank, rank_changes
from ..regimes import ConsistencyWarning, Regime, consistency_warnings
from ..scoring import ScoreCard, best_in_cohort, score, within
from .appraisal import Adjustment, AppraisalDifference, appraised, in_force

FormStatus = Literal["on_time", "late_within_grace", "late_beyond_grace", "not_submitted"]

STATUS_LABELS = {
    "on_time": Text("đúng hạn", "on time"),
    "late_within_grace": Text("trễ hạn, trong thời gian cho phép", "late, within the grace period"),
    "late_beyond_grace": Text("trễ quá thời gian cho phép", "late beyond the grace period"),
    "not_submitted": Text("không gửi phiếu", "no form sent"),
}


@attrs.frozen
class UnitStatus:
    """Whether a unit's form arrived in time: ``on_time``, ``late_within_grace`` (evaluated and
    ranked), ``late_beyond_grace`` or ``not_submitted`` (neither evaluated nor ranked)."""

    unit: Unit
    status: FormStatus
    submitted: dt.date | None = None
    working_days_late: int = 0
    deadline: Deadline | None = None

    @property
    def evaluated(self) -> bool:
        return self.status in ("on_time", "late_within_grace")

    def describe(self, lang: str = "vi") -> str:
        """The status in words, with the date sent and working days late."""
        text = STATUS_LABELS[self.status].get(lang)
        if self.submitted is None or self.deadline is None:
            return text
        due = f"{self.deadline.due:%d/%m/%Y}"
        sent = f"{self.submitted:%d/%m/%Y}"
        if self.status == "on_time":
            return f"{text} ({sent})" if lang == "en" else f"{text} (gửi {sent})"
        late, grace = self.working_days_late, self.deadline.grace_working_days
        if lang == "en":
            days = "working day" if late == 1 else "working days"
            return f"{text}: sent {sent}, {late} {days} after {due} (grace {grace})"
        return f"{text}: gửi {sent}, trễ {late} ngày làm việc sau hạn {due} (cho phép {grace})"

    @property
    def reason(self) -> Text | None:
        """Why the unit is not evaluated, or None when it is."""
        if self.evaluated:
            return None
        return Text(self.describe("vi"), self.describe("en"))


@attrs.frozen
class Round:
    """An evaluation round: the regime, the roster of ``units``, the forms sent and the appraisal.

    ``period`` names the round ("2019", "2015-Q2"); ``deadline`` and ``window`` (the period the figures
    cover) default to the regime's. ``policy``
    defaults to the ranking policy the regime names, from the installed plugins.
    """

    regime: Regime
    units: tuple[Unit, ...]
    submissions: tuple[Submission, ...] = ()
    adjustments: tuple[Adjustment, ...] = ()
    period: str = ""
    deadline: Deadline | None = None
    window: Period | None = None
    policy: RankingPolicy | None = None
    #: Where each of ``submissions`` came from (a file's unit cell, ``forms[3]`` of a round file), for
    #: messages; empty for forms given in Python.
    origins: tuple[str, ...] = ()
    #: The regime's consistency warnings about the forms, found as they were read (naming their
    #: cells); None: found when the round runs, naming criterion and field.
    warnings: tuple[ConsistencyWarning, ...] | None = None
    #: Forms left out of the round for their problems (read with ``skip_invalid``).
    skipped: tuple[SkippedForm, ...] = ()

    @property
    def due(self) -> Deadline | None:
        return self.deadline if self.deadline is not None else self.regime.deadline

    @property
    def data_window(self) -> Period | None:
        """The period the forms' figures cover: the round's own, or the regime's evaluation window."""
        return self.window if self.window is not None else self.regime.evaluation_window

    def run(self, *, progress: Callable[[str, int, int], None] | None = None) -> RoundResult:
        """Statuses, self-assessed and appraised scorecards, and both rankings (see RoundResult).

        ``progress(step, done, total)`` is called as each form is scored (step ``"scoring"``)."""
        return run_round(self, progress=progress)


@attrs.frozen
class RoundResult:
    """What a round gives: every unit's status, scorecards, ranking, appraisal differences.

    ``cards`` are the final (appraised) scorecards of the units evaluated and ``self_assessed`` the
    same forms as the units sent them; ``ranking`` ranks ``cards`` and lists every unit not ranked
    with the reason, and ``self_ranking`` ranks the self-assessed scores.
    """

    round: Round
    statuses: tuple[UnitStatus, ...]
    self_assessed: Mapping[str, ScoreCard]
    cards: Mapping[str, ScoreCard]
    ranking: tuple[RankRow, ...]
    self_ranking: tuple[RankRow, ...]
    policy: RankingPolicy
    #: Gaps worked out on first use and shared by every call (this only remembers work done).
    _gap_analysis: GapAnalysis = attrs.field(
        init=False,
        repr=False,
        eq=False,
        default=attrs.Factory(lambda result: GapAnalysis(result.cards), takes_self=True),
    )

    @property
    def regime(self) -> Regime:
        return self.round.regime

    @property
    def warnings(self) -> tuple[ConsistencyWarning, ...]:
        """The regime's consistency warnings about the forms sent (scored all the same)."""
        if self.round.warnings is not None:
            return self.round.warnings
        return tuple(w for form in self.round.submissions for w in consistency_warnings(self.regime, form))

    def status(self, unit_id: str) -> UnitStatus:
        for status in self.statuses:
            if status.unit.id == unit_id:
                return status
        raise NotFoundError(f"round {self.round.period or self.regime.id}: no unit {unit_id!r} in the roster")

    def row(self, unit_id: str) -> RankRow:
        for row in self.ranking:
            if row.unit == unit_id:
                return row
        raise NotFoundError(f"no unit {unit_id!r} in the ranking")

    def publish(self, path: str | Path, **options: Any) -> Path:
        """Write the annex of the results decision (PDF or HTML) and its charts; the options are those
        of ``itcriteria.publish.publish`` (needs the ``publish`` extra)."""
        # The publishing layer sits above rounds: reached by name at call time, as a convenience
        # on the result, so this layer never imports it (and works without the extra).
        publishing = importlib.import_module("itcriteria.publish")
        written: Path = publishing.publish(self, path, **options)
        return written

    def appraisal_differences(self) -> tuple[AppraisalDifference, ...]:
        """Every sub-criterion whose appraised points differ from the self-assessed, or was adjusted."""
        records = in_force(self.round.adjustments)
        differences = []
        for unit_id, card in self.cards.items():
            own = self.self_assessed[unit_id]
            for leaf in self.regime.leaves(card.group):
                history = records.get((unit_id, leaf.id), ())
                before, after = own.scores.get(leaf.id, ZERO), card.scores.get(leaf.id, ZERO)
                if before == after and not history:
                    continue
                differences.append(
                    AppraisalDifference(
                        unit_id,
                        leaf.id,
                        before,
                        after,
                        own.submission.answers[leaf.id].given(),
                        card.submission.answers[leaf.id].given(),
                        history[-1] if history else None,
                        history[:-1],
                    )
                )
        return tuple(differences)

    def movements(self) -> tuple[tuple[str, int | None, int | None], ...]:
        """Units whose rank the appraisal changed: (unit, self-assessed rank, appraised rank)."""
        return rank_changes(self.self_ranking, self.ranking)

    def gaps(self, unit_id: str) -> UnitGaps:
        """The unit's sub-criteria below benchmark or short of full points (see :func:`itcriteria.gaps`)."""
        self._card(unit_id)  # a clear error for a unit not evaluated
        return self._gap_analysis.gaps(unit_id)

    def common_gaps(self) -> tuple[CommonGap, ...]:
        """Which sub-criteria most units of each group miss in this round."""
        return self._gap_analysis.common_gaps()

    def plan(
        self, unit_id: str, *, rank: int | None = None, target: Decimal | None = None
    ) -> ImprovementPlan:
        """The fewest, smallest changes of a unit's answers that reach ``target`` points, ``rank`` in
        its table, or (by default) the next band up; checked by re-scoring and, for a rank, re-ranking."""
        card = self._card(unit_id)
        if rank is not None:
            return self._plan_rank(card, rank)
        goal = target if target is not None else next_band_target(card)
        if goal is None:
            raise ArgumentError(f"{unit_id} is in the top band of {self.regime.id}; give a target or rank")
        return plan_improvement(card, goal)

    def _card(self, unit_id: str) -> ScoreCard:
        if unit_id not in self.cards:
            status = self.status(unit_id)  # KeyError for a unit not in the roster
            raise ArgumentError(f"{unit_id} was not evaluated in this round: {status.describe('en')}")
        return self.cards[unit_id]

    def _plan_rank(self, card: ScoreCard, wanted: int) -> ImprovementPlan:
        row = self.row(card.unit.id)
        if row.rank is None:
            raise ArgumentError(f"{card.unit.id} is not ranked: {row.reason.get('en') if row.reason else ''}")
        table = [
            r for r in self.ranking if (r.group, r.within) == (row.group, row.within) and r.rank is not None
        ]
        if not 1 <= wanted <= len(table):
            raise ArgumentError(f"rank {wanted} is outside 1–{len(table)} in {card.unit.id}'s table")
        others = sorted((r for r in table if r.unit != card.unit.id), key=lambda r: r.rank or 0)
        if wanted > len(others) or row.rank <= wanted:
            return plan_improvement(card, card.total)  # already there: nothing to change
        ahead = others[wanted - 1]
        goal = ahead.total if self.policy.basis == "total" else _total_for(ahead.percent, card)
        assert goal is not None
        quantum = Decimal(1).scaleb(-self.regime.rounding.places)
        for _ in range(3):  # a tie-break may keep the unit behind an equal total: one step more
            plan = plan_improvement(card, goal)
            if not plan.reachable or self._rank_with(plan.after) <= wanted:
                return plan
            goal += quantum
        return plan

    def _rank_with(self, card: ScoreCard) -> int:
        cards = [card if c.unit.id == card.unit.id else c for c in self.cards.values()]
        rows = rank(cards, policy=self.policy, regime=self.regime)
        found = next(r.rank for r in rows if r.unit == card.unit.id)
        assert found is not None
        return found


def _total_for(percent: Decimal | None, card: ScoreCard) -> Decimal:
    """The least total, in the regime's places, whose percent of the unit's max reaches ``percent``."""
    assert percent is not None
    quantum = Decimal(1).scaleb(-card.regime.rounding.places)
    return (percent * card.max_total / 100).quantize(quantum, rounding="ROUND_CEILING")


def run_round(round_: Round, *, progress: Callable[[str, int, int], None] | None = None) -> RoundResult:
    """Run a round; raise SubmissionError listing every problem of roster, forms and appraisal."""
    regime = round_.regime
    problems: list[Problem] = []
    roster = _check_roster(round_, problems)
    forms = _match_forms(round_, roster, problems)
    records = _check_adjustments(round_, forms, problems)
    statuses = tuple(_status(unit, forms.get(unit.id), round_.due, problems) for unit in round_.units)
    evaluated = [forms[s.unit.id] for s in statuses if s.evaluated]
    per_unit: dict[str, dict[str, tuple[Adjustment, ...]]] = {}
    for (unit_id, criterion), history in records.items():
        per_unit.setdefault(unit_id, {})[criterion] = history
    final = [appraised(form, per_unit.get(form.unit.id, {})) for form in evaluated]
    scored = iter(range(1, 2 * len(evaluated) + 1))

    def tick() -> None:
        if progress is not None:
            progress("scoring", next(scored), 2 * len(evaluated))

    self_cards, self_best = _score_cohort(regime, [(form, {}) for form in evaluated], problems, tick)
    # A unit the council did not appraise scores as it assessed itself, unless its cohort's best moved.
    kept = {form.unit.id for form in evaluated if form.unit.id not in per_unit}
    cards, _ = _score_cohort(regime, final, problems, tick, (self_cards, self_best, kept))
    if problems:
        raise SubmissionError(f"round {round_.period or ''} under {regime.id}".replace("  ", " "), problems)
    policy = round_.policy or _policy(regime)
    excluded = [
        {
            "unit": s.unit.id,
            "name": s.unit.name,
            "group": s.unit.group,
            "parent": s.unit.parent,
            "reason": s.reason,
        }
        for s in statuses
        if not s.evaluated
    ]
    return RoundResult(
        round_,
        statuses,
        self_cards,
        cards,
        rank([*cards.values(), *excluded], policy=policy, regime=regime),
        rank([*self_cards.values(), *excluded], policy=policy, regime=regime),
        policy,
    )


def _policy(regime: Regime) -> RankingPolicy:
    from ..registry import get_ranking_policy

    return get_ranking_policy(regime.ranking_policy)


def _check_roster(round_: Round, problems: list[Problem]) -> dict[str, Unit]:
    roster: dict[str, Unit] = {}
    groups = {g.id for g in round_.regime.groups}
    for i, unit in enumerate(round_.units):
        if unit.id in roster:
            problems.append(Problem(f"units[{i}].id", f"unit {unit.id} is listed twice", field="id"))
        if unit.group not in groups:
            known = ", ".join(g.id for g in round_.regime.groups)
            problems.append(
                Problem(
                    f"units[{i}].group", f"unknown unit group {unit.group!r} (groups: {known})", field="group"
                )
            )
        roster[unit.id] = unit
    return roster


def _did_you_mean(unit: Unit, roster: Mapping[str, Unit]) -> str:
    """The roster's units closest to a unit id the form gives (by id or by name), as a hint."""
    by_text = {}
    for known in roster.values():
        by_text[known.id.casefold()] = known
        by_text[unicodedata.normalize("NFC", known.name).casefold()] = known
    given = [unicodedata.normalize("NFC", text).casefold() for text in (unit.id, unit.name) if text]
    close = [by_text[text] for text in given if text in by_text][:1]  # the form names a unit exactly
    for text in given if not close else []:
        for match in difflib.get_close_matches(text, list(by_text), n=3, cutoff=0.6):
            if by_text[match] not in close:
                close.append(by_text[match])
    if not close:
        return f" (roster: {', '.join(list(roster)[:12])}{', …' if len(roster) > 12 else ''})"
    return "; did you mean " + " or ".join(f"{u.id} ({u.name})" for u in close[:3]) + "?"


def _match_forms(round_: Round, roster: Mapping[str, Unit], problems: list[Problem]) -> dict[str, Submission]:
    forms: dict[str, Submission] = {}
    for i, form in enumerate(round_.submissions):
        where, unit = f"submissions[{i}] ({form.unit.id})", roster.get(form.unit.id)
        if unit is None:
            origin = round_.origins[i] if i < len(round_.origins) else f"{where}.unit.id"
            message = f"unit {form.unit.id!r} is not in the round's roster{_did_you_mean(form.unit, roster)}"
            problems.append(Problem(origin, message, field="unit.id"))
            continue
        if form.unit.id in forms:
            message = f"a second form from {unit.id}; send a correction as an appraisal record instead"
            problems.append(Problem(where, message, field="unit"))
        if form.unit.group != unit.group:
            problems.append(
                Problem(
                    f"{where}.unit.group",
                    f"the roster puts {unit.id} in {unit.group!r}, the form in {form.unit.group!r}",
                    field="group",
                )
            )
        if form.regime is not None and form.regime != round_.regime.id:
            problems.append(
                Problem(
                    f"{where}.regime",
                    f"the form is for {form.regime!r}, the round for {round_.regime.id!r}",
                    field="regime",
                )
            )
        if round_.period and form.period and form.period != round_.period:
            problems.append(
                Problem(
                    f"{where}.period",
                    f"the form is for period {form.period!r}, the round is {round_.period!r}",
                    field="period",
                )
            )
        forms[form.unit.id] = attrs.evolve(form, unit=unit)  # the roster's name and parent
    return forms


def _check_adjustments(
    round_: Round, forms: Mapping[str, Submission], problems: list[Problem]
) -> dict[tuple[str, str], tuple[Adjustment, ...]]:
    regime = round_.regime
    for i, record in enumerate(round_.adjustments):
        where = f"adjustments[{i}] ({record.unit} {record.criterion})"
        form = forms.get(record.unit)
        if form is None:
            problems.append(Problem(where, f"no form from {record.unit} to appraise", field="unit"))
            continue
        leaves = {leaf.id for leaf in regime.leaves(form.unit.group)}
        if record.criterion not in leaves:
            problems.append(
                Problem(
                    where,
                    f"{record.criterion} is not a sub-criterion that {record.unit} answers",
                    record.criterion,
                    "criterion",
                )
            )
    return in_force(round_.adjustments)


def _status(
    unit: Unit, form: Submission | None, deadline: Deadline | None, problems: list[Problem]
) -> UnitStatus:
    if form is None:
        return UnitStatus(unit, "not_submitted", deadline=deadline)
    if deadline is None:
        return UnitStatus(unit, "on_time", form.submitted)
    if form.submitted is None:
        message = f"the date the form was sent is missing (forms are due {deadline.due:%d/%m/%Y})"
        problems.append(Problem(f"{unit.id}.submitted", message, field="submitted"))
        return UnitStatus(unit, "on_time")
    late = working_days_late(deadline.due, form.submitted)
    if form.submitted <= deadline.due:
        status: FormStatus = "on_time"
    elif form.submitted <= deadline.accepted_until():
        status = "late_within_grace"
    else:
        status = "late_beyond_grace"
    return UnitStatus(unit, status, form.submitted, late, deadline)


def _score_cohort(
    regime: Regime,
    forms: Sequence[tuple[Submission, Mapping[str, Decimal]]],
    problems: list[Problem],
    tick: Callable[[], None],
    scored: tuple[Mapping[str, ScoreCard], Mapping[str, Mapping[str, Decimal]], set[str]] | None = None,
) -> tuple[dict[str, ScoreCard], dict[str, dict[str, Decimal]]]:
    """The forms' scorecards against their cohort's best, and the best; ``tick`` is called once a form;
    ``scored`` gives cards already scored, their cohort's best and the units whose forms they scored
    unchanged: those are kept where the best of their group is the same (scoring is pure: the same card)."""
    best = best_in_cohort(regime, [form for form, _ in forms])
    cards: dict[str, ScoreCard] = {}
    for form, fixed in forms:
        unit, group = form.unit.id, form.unit.group
        if scored is not None:
            before, best_before, unchanged = scored
            if unit in unchanged and unit in before and best_before.get(group, {}) == best.get(group, {}):
                cards[unit] = before[unit]
                tick()
                continue
        try:
            cards[unit] = score(regime, form, best=best.get(group, {}), fixed=fixed)
        except SubmissionError as err:
            problems.extend(within(unit, err.problems))
        tick()
    return cards, best
