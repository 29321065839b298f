"""The bundled example: score and rank a handful of units, then explain one unit's score."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
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


def run_demo(lang: str = "vi", regime_id: str | None = None, forms: str | None = None) -> str:
    """Score and rank example units; return the ranking and the top unit's explanation as text.

    Without arguments, the bundled example regime and forms; otherwise the installed regime
    ``regime_id`` (see :func:`itcriteria.get_regime`) and the forms in the JSON file ``forms``.
    """
    if regime_id is None:
        regime = example_regime()
    else:
        from ._plugins import get_regime

        regime = get_regime(regime_id)
    if forms is None:
        submissions = example_submissions()
    else:
        submissions = json.loads(Path(forms).read_text(encoding="utf-8"))
    cards = regime.score_all(submissions)
    return render_ranking(regime, cards, lang) + "\n\n" + cards[0].explain(lang)


def list_installed(lang: str = "vi") -> str:
    """The installed regimes, one line each, with their status and plugin."""
    from ._plugins import list_regimes

    return "\n".join(info.describe(lang) for info in list_regimes()) or "no regime is installed"


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
                f"  {'#':>3}  {'Unit' if en else 'Đơn vị':<48} {'Total' if en else 'Điểm':>8} "
                + f"{'of' if en else 'trên':>5}  "
                + ("Class" if en else "Xếp loại")
            )
        card = names[row.unit]
        band = card.band.title.get(lang) if card.band else "-"
        lines.append(f"  {row.rank:>3}  {row.name:<48} {row.total:>8} {card.max_total:>5}  {band}")
    return "\n".join(lines)
