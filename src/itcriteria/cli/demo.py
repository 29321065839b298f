"""The bundled example: score and rank a handful of units, then explain one unit's score."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from .._core import check_lang
from ..ranking import rank
from ..regimes import Regime, load_regime
from ..rounds import render_ranking


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
        from ..registry import get_regime

        regime = get_regime(regime_id)
    if forms is None:
        submissions = example_submissions()
    else:
        submissions = json.loads(Path(forms).read_text(encoding="utf-8"))
    cards = regime.score_all(submissions)
    return render_ranking(regime, rank(cards), lang) + "\n\n" + cards[0].explain(lang)


def list_installed(lang: str = "vi", *, check: bool = False) -> str:
    """The installed regimes, one line each, with their status and plugin, then the conflicts.

    Listing reads each regime file's heading only. A regime found broken (with ``check``, every regime
    is validated and compiled first) gets its problems below its line; without ``check`` a last line
    says how many regimes have not been checked yet.
    """
    from ..registry import default_registry

    registry = default_registry()
    if check:
        registry.check()
    vi = check_lang(lang) == "vi"
    lines = []
    for info in registry.list_regimes():
        lines.append(info.describe(lang))
        if info.error is not None:
            lines += [f"  {'lỗi' if vi else 'broken'}: {line}" for line in str(info.error).splitlines()]
    lines = lines or ["no regime is installed"]
    word = "xung đột" if vi else "conflict"
    lines += [f"{word}: {overlap}" for overlap in registry.overlaps]
    unchecked = sum(info.state == "unchecked" for info in registry.regimes.values())
    if unchecked:
        lines.append(
            f"chưa kiểm tra: tiêu chí và công thức tính điểm của {unchecked} bộ tiêu chí được kiểm tra khi "
            "dùng lần đầu (itcriteria list --check để kiểm tra tất cả ngay)"
            if vi
            else f"not checked yet: the criteria and rules of {unchecked} regimes are checked on first use "
            "(itcriteria list --check checks them all now)"
        )
    return "\n".join(lines)
