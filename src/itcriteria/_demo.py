"""The bundled example: score and rank a handful of units, then explain one unit's score."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from ._loading import load_regime
from ._model import Regime
from ._ranking import rank
from ._scoring import ScoreCard


def example_regime() -> Regime:
    """The bundled example regime ``example-2019`` (provisional; illustrative, not a province's set)."""
    with resources.as_file(resources.files("itcriteria") / "examples" / "example-2019.toml") as path:
        return load_regime(path)


def example_submissions() -> list[dict[str, Any]]:
    """The bundled example forms of seven units, in the documented JSON shape."""
    text = (resources.files("itcriteria") / "examples" / "example-2019-submissions.json").read_text("utf-8")
    data: list[dict[str, Any]] = json.loads(text)
    return data


def run_demo(lang: str = "vi") -> str:
    """Score and rank the example units; return the ranking and the top unit's explanation as text."""
    regime = example_regime()
    cards = regime.score_all(example_submissions())
    return render_ranking(regime, cards, lang) + "\n\n" + cards[0].explain(lang)


def render_ranking(regime: Regime, cards: list[ScoreCard], lang: str = "vi") -> str:
    """A plain-text ranking table per unit group."""
    en = lang == "en"
    names = {card.unit.id: card for card in cards}
    lines = [("Ranking" if en else "Xếp hạng") + f" — {regime.title.get(lang)} ({regime.id})"]
    if regime.is_provisional:
        lines.append("[PROVISIONAL regime]" if en else "[Bộ tiêu chí TẠM THỜI]")
    current = None
    for row in rank(cards):
        if row.group != current:
            current = row.group
            lines.append("")
            lines.append(regime.group(row.group).title.get(lang))
            lines.append(
                f"  {'#':>3}  {'Unit' if en else 'Đơn vị':<36} {'Total' if en else 'Điểm':>8}  "
                + ("Class" if en else "Xếp loại")
            )
        card = names[row.unit]
        band = card.band.title.get(lang) if card.band else "-"
        lines.append(f"  {row.rank:>3}  {row.name:<36} {row.total:>8}  {band}")
    return "\n".join(lines)
