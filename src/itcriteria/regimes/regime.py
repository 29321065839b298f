"""The Regime: a province's criteria set for a period, validated as a whole when it is built (from a file
or in Python), raising a :class:`~itcriteria.exceptions.RegimeError` that lists every problem with its path.

It sits above the model it holds, the validation that checks it and the scorer it calls; the scorer sees it
only as a type.
"""

from __future__ import annotations

import contextvars
import functools
import hashlib
import json
import types
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any

import attrs

from .._core import CONTEXT, ZERO
from ..exceptions import NotFoundError
from ..model import (
    Band,
    BandBasis,
    Cadence,
    Consistency,
    Criterion,
    Deadline,
    LegalBasis,
    Milestone,
    Period,
    Rounding,
    Status,
    Submission,
    Text,
    UnitGroup,
    YearAggregate,
)
from ..scoring import CompiledRegime, ScoreCard, score, score_all
from .validation import validate_regime

#: Plugin functions in scope while a regime file is structured (see ``loading.regime_from_dict``);
#: a Regime built without ``functions=`` takes these, so files may use the functions plugins register.
FUNCTIONS_IN_SCOPE: contextvars.ContextVar[Mapping[str, Callable[..., Any]]] = contextvars.ContextVar(
    "itcriteria_functions_in_scope", default=types.MappingProxyType({})
)


@attrs.frozen
class Regime:
    """A province's criteria set for a period (Bộ tiêu chí), validated as a whole when built.

    ``status`` is ``provisional`` when any criterion is not from an official text (``provenance`` other
    than ``official``); such a regime cannot claim ``official``. ``deadline`` and ``milestones`` are the
    round's dates; ``cadence`` is ``quarter`` when units evaluate every quarter, and ``year_aggregate``
    then says how the year's result comes from the quarters (``mean``, ``sum`` or ``last``).
    ``consistency`` declares checks across criteria (the same total staff in several criteria), which
    :func:`itcriteria.consistency_warnings` applies to a form.
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
    rounding: Rounding = Rounding()  # noqa: RUF009 (Rounding is frozen, so one shared default is safe)
    status: Status = "provisional"
    max_total: Decimal | None = None
    notes: Text | None = None
    deadline: Deadline | None = None
    milestones: tuple[Milestone, ...] = ()
    cadence: Cadence = "year"
    year_aggregate: YearAggregate | None = None
    #: Checks across criteria a form's figures must pass (warned about, never scored).
    consistency: tuple[Consistency, ...] = ()
    #: Extra rule functions (registered by plugins) the rules were checked against; not part of the file.
    functions: Mapping[str, Callable[..., Any]] = attrs.field(
        factory=lambda: dict(FUNCTIONS_IN_SCOPE.get()), eq=False, repr=False, kw_only=True
    )
    # what validation found (each criterion's place and compiled rule), kept for the scorer
    compiled: CompiledRegime = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        index, rules = validate_regime(self)
        object.__setattr__(self, "compiled", CompiledRegime(index=index, rules=rules))

    # --- lookup -------------------------------------------------------------------------------------

    def criterion(self, criterion_id: str) -> Criterion:
        """The criterion with this id; ``KeyError`` naming the regime when there is none."""
        try:
            return self.compiled.index[criterion_id][1]
        except KeyError:
            raise NotFoundError(f"regime {self.id} has no criterion {criterion_id!r}") from None

    def path_of(self, criterion_id: str) -> str:
        """Where the criterion sits in the regime file (``criteria[2].children[1]``)."""
        return self.compiled.index[criterion_id][0]

    def group(self, group_id: str) -> UnitGroup:
        """The unit group with this id; ``KeyError`` listing the regime's groups when there is none."""
        for group in self.groups:
            if group.id == group_id:
                return group
        known = ", ".join(g.id for g in self.groups)
        raise NotFoundError(f"regime {self.id} has no unit group {group_id!r} (groups: {known})")

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

    @functools.cached_property
    def content_hash(self) -> str:
        """``sha256:`` and the hex digest of the regime as data (its file shape, keys sorted, compact
        UTF-8 JSON): equal for equal regimes, whichever file or plugin they came from, so a host can
        prove which rules scored a form. Rule functions registered by plugins are code, not data, and
        are not part of it (the plugin's version is)."""
        from .loading import regime_to_dict  # loading builds on this module

        data = json.dumps(
            regime_to_dict(self), sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
        )
        return "sha256:" + hashlib.sha256(data.encode("utf-8")).hexdigest()

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

        return score(self, submission, best=best)

    def score_all(self, submissions: Iterable[Submission | Mapping[str, Any]]) -> list[ScoreCard]:
        """Score a cohort of submissions; rules using ``best`` see the best value within each group."""

        return score_all(self, submissions)


def _walk_group(criterion: Criterion, group: str | None) -> Iterator[Criterion]:
    if group is not None and not criterion.applies_to(group):
        return
    yield criterion
    for child in criterion.children:
        yield from _walk_group(child, group)
