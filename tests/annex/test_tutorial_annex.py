"""The plugin tutorial starts from the example province's annex: its regime is that annex imported and
completed by hand, so the two must agree on every number, title and maximum the annex gives."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import itcriteria
from itcriteria.annex import import_annex

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "plugin"


def test_the_example_regime_is_its_annex_completed() -> None:
    """Each criterion of the annex is in the example's regime with the same number, title and maximum;
    what the importer left untranslated is what the regime marks assumed."""
    result = import_annex(
        EXAMPLE / "annex" / "phu-luc.csv",
        regime_id="myprovince-2024",
        province="myprovince",
        decision="1/QĐ-UBND",
        date=dt.date(2024, 1, 15),
    )
    imported = result.regime
    plugin = itcriteria.load_regime(
        EXAMPLE / "src" / "itcriteria_myprovince" / "regimes" / "myprovince-2024.toml",
        functions={"share_points": lambda part, whole, points: part / whole * points if whole else 0},
    )
    assert [(c.id, c.title.vi, c.max) for c in imported.walk()] == [
        (c.id, c.title.vi, c.max) for c in plugin.walk()
    ]
    assert [p.criterion for p in result.report.placeholders] == ["2"]
    assert plugin.criterion("2").provenance == "assumed"
    assert imported.criterion("1.2").indicator.kind == plugin.criterion("1.2").indicator.kind == "yes_no"
