"""``check_regime``: every law of :mod:`itcriteria._testing_laws` searched with Hypothesis, each on its own,
so every broken law is reported with its own minimal counter-example.

Public through :mod:`itcriteria.testing`.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Collection, Iterable, Mapping
from decimal import Decimal
from typing import Any

import attrs
import hypothesis
from hypothesis import HealthCheck, Verbosity, given, reject
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable

from ..exceptions import ItcriteriaError
from ..regimes import Regime
from . import laws as _testing_laws
from .form_strategies import cohorts, improvements
from .laws import LAWS, band_problems

_HUNDRED = Decimal(100)
_SCORING_LAWS = ("valid_forms_score", "within_bounds")
_MAX_COHORT = 3
_UNREACHED = "unreached"


@attrs.frozen
class LawFailure:
    """One broken law: its name, what broke, and the minimal counter-example Hypothesis found.

    ``example`` is plain data: the forms of a cohort in the documented JSON shape (``forms``), and for
    some laws what was changed (``higher_is_better``: the unit's index, the criterion and the better
    answer) or the order the forms were given in (``ranking_ignores_order``).
    """

    law: str
    message: str
    example: Any = None

    def __str__(self) -> str:
        text = f"{self.law}: {self.message}"
        if self.example is not None:
            shown = json.dumps(self.example, ensure_ascii=False, default=str)
            text += f"\n    counter-example: {shown}"
        return text


@attrs.frozen
class LawReport:
    """What :func:`check_regime` found: the laws ``checked``, those broken (``failures``) and those
    ``skipped`` with the reason (a regime without bands, a law that no form could reach)."""

    regime: str
    checked: tuple[str, ...]
    failures: tuple[LawFailure, ...] = ()
    skipped: Mapping[str, str] = attrs.field(factory=dict)

    @property
    def ok(self) -> bool:
        """Whether every law checked holds."""
        return not self.failures

    def raise_for_failures(self) -> None:
        """Raise :class:`RegimeLawError` listing every broken law, if any is."""
        if self.failures:
            raise RegimeLawError(self)

    def __str__(self) -> str:
        held = [law for law in self.checked if law not in {f.law for f in self.failures} | set(self.skipped)]
        lines = [f"regime {self.regime}: {len(self.failures)} of {len(self.checked)} laws broken"]
        lines += [f"  - {failure}" for failure in self.failures]
        lines += [f"  skipped {law}: {why}" for law, why in self.skipped.items()]
        if held:
            lines.append(f"  held: {', '.join(held)}")
        return "\n".join(lines)


class RegimeLawError(ItcriteriaError, AssertionError):
    """A regime breaks one or more of the standard laws; ``failures`` lists each with its counter-example.

    An AssertionError too, so a test calling :func:`check_regime` fails rather than errors.
    """

    def __init__(self, report: LawReport) -> None:
        self.report = report
        self.failures = report.failures
        super().__init__(str(report))


def check_regime(
    regime: Regime,
    *,
    max_examples: int = 100,
    laws: Iterable[str] | None = None,
    not_higher_is_better: Collection[str] = (),
    raise_on_failure: bool = True,
    settings: hypothesis.settings | None = None,
) -> LawReport:
    """Check the standard laws on ``regime``; raise :class:`RegimeLawError` listing every broken one.

    Each law (see :data:`LAWS`) is searched on its own with up to ``max_examples`` cohorts of valid
    forms from :func:`cohorts` (whatever the Hypothesis profile says), and a broken law is reported
    with the smallest counter-example Hypothesis shrinks it to. ``laws`` picks some of the laws;
    ``not_higher_is_better`` names the criteria (and with them their sub-criteria) whose score may fall
    as the answer improves, which the ``higher_is_better`` law then leaves out, as it leaves out the
    criteria the regime declares ``higher_is_better = false``: every other sub-criterion is taken as
    higher-is-better. ``settings`` are Hypothesis settings to start from
    (``derandomize=True`` for a fixed search, ...); the example count, deadline, database, verbosity and
    health checks are set here. With ``raise_on_failure=False`` the report is returned either way.
    """
    chosen = list(LAWS) if laws is None else list(dict.fromkeys(laws))
    unknown = [law for law in chosen if law not in LAWS]
    if unknown:
        raise ValueError(f"unknown laws {unknown}; the laws are {', '.join(LAWS)}")
    exempt = _exempt(regime, not_higher_is_better)
    if type(max_examples) is not int or max_examples < 1:
        raise ValueError(f"max_examples must be a whole number >= 1, got {max_examples!r}")
    run = hypothesis.settings(
        settings if settings is not None else hypothesis.settings(),
        max_examples=max_examples,
        deadline=None,
        database=None,
        verbosity=Verbosity.quiet,
        report_multiple_bugs=False,
        suppress_health_check=list(HealthCheck),
    )
    failures: list[LawFailure] = []
    skipped: dict[str, str] = {}
    unchecked: list[str] = []
    for law in sorted(chosen, key=lambda name: name not in _SCORING_LAWS):
        outcome = _check_law(law, regime, run, exempt)
        if isinstance(outcome, LawFailure):
            failures.append(outcome)
        elif outcome == _UNREACHED:
            unchecked.append(law)
        elif outcome is not None:
            skipped[law] = outcome
    scoring_failed = any(f.law in _SCORING_LAWS for f in failures)
    for law in unchecked:
        why = "no form drawn could be scored"
        if scoring_failed:
            skipped[law] = f"{why} (see {', '.join(f.law for f in failures if f.law in _SCORING_LAWS)})"
        else:
            failures.append(LawFailure(law, f"not checked: {why}"))
    order = {law: i for i, law in enumerate(LAWS)}
    report = LawReport(
        regime.id,
        tuple(sorted(chosen, key=order.__getitem__)),
        tuple(sorted(failures, key=lambda f: order[f.law])),
        dict(sorted(skipped.items(), key=lambda item: order[item[0]])),
    )
    if raise_on_failure:
        report.raise_for_failures()
    return report


def inapplicable_laws(regime: Regime, not_higher_is_better: Collection[str] = ()) -> dict[str, str]:
    """The laws there is nothing to check on in ``regime``, each with the reason: no bands, or no
    sub-criterion held to higher-is-better (``not_higher_is_better`` as for :func:`check_regime`)."""
    exempt = _exempt(regime, not_higher_is_better)
    reasons = {law: _inapplicable(regime, law, exempt) for law in LAWS}
    return {law: reason for law, reason in reasons.items() if reason is not None}


def _exempt(regime: Regime, not_higher_is_better: Collection[str]) -> set[str]:
    """The criteria left out of the higher-is-better law: those named, and those the regime declares."""
    named = set(not_higher_is_better)
    missing = sorted(named - {c.id for c in regime.walk()})
    if missing:
        raise ValueError(f"not_higher_is_better names criteria regime {regime.id} does not have: {missing}")
    return named | {c.id for c in regime.walk() if not c.higher_is_better}


def _inapplicable(regime: Regime, law: str, exempt: set[str]) -> str | None:
    if law == "bands_cover_range" and not regime.bands:
        return "the regime declares no bands"
    if law == "higher_is_better" and not any(_eligible(regime, g.id, exempt) for g in regime.groups):
        return "no sub-criterion is taken as higher-is-better"
    return None


def _check_law(
    law: str, regime: Regime, run: hypothesis.settings, exempt: set[str]
) -> LawFailure | str | None:
    """A broken law's failure, a reason it was skipped (or ``_UNREACHED``), or None when it holds."""
    reason = _inapplicable(regime, law, exempt)
    if reason is not None:
        return reason
    if law == "bands_cover_range":
        problems = _band_problems(regime)
        if problems:
            return LawFailure(law, "; ".join(p for p, _ in problems), problems[0][1])
    examples: st.SearchStrategy[Any] = cohorts(regime, max_size=_MAX_COHORT)
    check: Callable[[Any], None]
    if law in _testing_laws.ON_FORMS:
        check = functools.partial(_testing_laws.ON_FORMS[law], regime)
    elif law == "higher_is_better":
        check, examples = functools.partial(_testing_laws.higher_is_better, regime), _raised(regime, exempt)
    elif law == "ranking_ignores_order":
        check, examples = functools.partial(_testing_laws.ranking_ignores_order, regime), _reordered(regime)
    else:
        twin = attrs.evolve(regime)  # built and validated again: caches and compiled plans of its own
        check = functools.partial(_testing_laws.scoring_is_repeatable, regime, twin=twin)

    last: list[Any] = [None]

    @run
    @given(examples)
    def search(example: Any) -> None:
        last[0] = example
        try:
            check(example)
        except _testing_laws.Unscorable:
            reject()

    try:
        search()
    except _testing_laws.Broken as broken:
        return LawFailure(law, broken.message, broken.example)
    except Unsatisfiable:
        return _UNREACHED
    except Exception as err:  # the law's own check failed: report it as broken, with the example it met
        return LawFailure(law, f"{type(err).__name__}: {err}", last[0])
    return None


def _band_problems(regime: Regime) -> list[tuple[str, dict[str, Any]]]:
    """Gaps and overlaps of the bands over each group's range of totals (or 0–100%)."""
    if regime.band_basis == "percent":
        return [
            (f"{m} (percent of the maximum)", {"percent": v})
            for m, v in band_problems(regime.bands, _HUNDRED)
        ]
    found: list[tuple[str, dict[str, Any]]] = []
    seen: set[str] = set()
    for group in regime.groups:
        for message, value in band_problems(regime.bands, regime.max_points(group.id)):
            if message not in seen:  # an overlap is the same for every group
                seen.add(message)
                found.append((f"group {group.id}: {message}", {"group": group.id, "total": value}))
    return found


def _eligible(regime: Regime, group: str, exempt: set[str]) -> list[str]:
    """The sub-criteria of ``group`` taken as higher-is-better."""
    return [
        leaf.id
        for leaf in regime.leaves(group)
        if not any(leaf.id == e or leaf.id.startswith(e + ".") for e in exempt)
    ]


def _raised(regime: Regime, exempt: set[str]) -> st.SearchStrategy[dict[str, Any]]:
    forms = cohorts(regime, max_size=_MAX_COHORT)

    @st.composite
    def raised(draw: st.DrawFn) -> dict[str, Any]:
        cohort = draw(forms)
        index = draw(st.integers(0, len(cohort) - 1))
        eligible = _eligible(regime, cohort[index]["unit"]["group"], exempt)
        if not eligible:
            reject()
        cid = draw(st.sampled_from(eligible))
        better = draw(improvements(regime.criterion(cid), cohort[index]["answers"][cid]))
        return {"forms": cohort, "unit": index, "criterion": cid, "better": better}

    return raised()


def _reordered(regime: Regime) -> st.SearchStrategy[dict[str, Any]]:
    forms = cohorts(regime, min_size=2, max_size=_MAX_COHORT + 1)
    return forms.flatmap(
        lambda cohort: st.permutations(range(len(cohort))).map(
            lambda order: {"forms": cohort, "order": order}
        )
    )
