"""What remains before an imported regime can be official: rows without a rule, rules to check,
assumptions; and the lookup of a regime named on the command line by id or by file."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..regimes import Regime

_PLACEHOLDER = re.compile(r"\bnot_translated\s*\(")


def is_placeholder(rule: str | None) -> bool:
    """Whether a rule is (or calls) ``not_translated()``."""
    return rule is not None and _PLACEHOLDER.search(rule) is not None


def regime_named(name: str) -> Regime:
    """The regime in the file ``name`` (a .toml path), or else the installed regime with that id."""
    from ..regimes import load_regime
    from ..registry import get_regime

    if name.endswith(".toml") or Path(name).is_file():
        return load_regime(name)
    return get_regime(name)


def remaining(regime: Regime) -> list[str]:
    """One line per thing left before the regime can be official (empty when there is none)."""
    lines = []
    pending = [c for c in regime.leaves() if is_placeholder(c.effective_rule)]
    for criterion in pending:
        text = criterion.note.vi.splitlines()[0] if criterion.note is not None else ""
        lines.append(f"{criterion.id}: no rule yet (not_translated()); {text}".rstrip("; "))
    derived = [c.id for c in regime.walk() if c.provenance == "derived"]
    assumed = [
        c.id for c in regime.walk() if c.provenance == "assumed" and not is_placeholder(c.effective_rule)
    ]
    if derived:
        lines.append(f"{len(derived)} derived, to check against the legal text: {', '.join(derived)}")
    if assumed:
        lines.append(f"{len(assumed)} assumed, to confirm or correct: {', '.join(assumed)}")
    others = [f"group {g.id}" for g in regime.groups if g.provenance != "official"]
    others += [f"band {b.id}" for b in regime.bands if b.provenance != "official"]
    if others:
        lines.append(f"not official: {', '.join(others)}")
    return lines
