"""What the scorer checks besides the answers it reads: rules not translated yet, answers to criteria
the unit's plan does not score, and problems put in official order or under a prefix."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import attrs

from ..exceptions import Problem, RegimeError
from ..model import Answer
from ..rules import NOT_TRANSLATED

if TYPE_CHECKING:  # the regime sits above the scorer; it is seen here as a type only
    from ..regimes import Regime
    from .scorer import Plan


def untranslated(regime: Regime) -> list[Problem]:
    """One problem per sub-criterion whose rule is still ``not_translated()``, in official order."""
    problems = []
    for cid, rule in regime.compiled.rules.items():
        if NOT_TRANSLATED in rule.functions_used:
            criterion = regime.criterion(cid)
            text = f": {criterion.note.vi}" if criterion.note is not None else ""
            where = f"{regime.path_of(cid)}.rule"
            problems.append(Problem(where, f"not translated into a rule yet{text}", cid, "rule"))
    return problems


def refuse_untranslated(regime: Regime) -> None:
    """Raise RegimeError when any sub-criterion of ``regime`` is still ``not_translated()``: such a
    regime validates and renders, but scoring it would leave points out."""
    problems = untranslated(regime)
    if problems:
        count = "1 sub-criterion has" if len(problems) == 1 else f"{len(problems)} sub-criteria have"
        first = Problem(
            "",
            f"cannot score: {count} no rule yet; write each one's rule "
            "(its scoring text is in its note) in place of not_translated()",
        )
        raise RegimeError(regime.id, [first, *problems])


def check_extra_answers(
    regime: Regime, plan: Plan, answers: Mapping[str, Answer], problems: list[Problem]
) -> None:
    for cid in answers.keys() - plan.leaf_ids:
        where = f'answers["{cid}"]'
        if cid not in regime.compiled.index:
            problems.append(Problem(where, f"regime {regime.id} has no criterion {cid!r}", cid, "id"))
            continue
        criterion = regime.criterion(cid)
        if not criterion.is_leaf:
            parts = ", ".join(c.id for c in criterion.children)
            problems.append(
                Problem(where, f"{cid} is scored by its sub-criteria ({parts}); answer those", cid, "id")
            )
        else:
            problems.append(
                Problem(where, f"criterion {cid} is not for unit group {plan.group!r}", cid, "id")
            )


def in_official_order(regime: Regime, problems: list[Problem]) -> list[Problem]:
    """Problems in the order of the criteria they name (unknown ids last), then by where."""
    position = {cid: i for i, cid in enumerate(regime.compiled.index)}
    return sorted(problems, key=lambda p: (position.get(p.criterion or "", len(position)), p.where))


def within(prefix: str, problems: Iterable[Problem]) -> list[Problem]:
    return [attrs.evolve(p, where=f"{prefix}.{p.where}" if p.where else prefix) for p in problems]
