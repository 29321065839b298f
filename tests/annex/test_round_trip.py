"""Round trip: a regime written as its annex table (``itcriteria docs --format xlsx|docx``) and imported
back scores every generated form identically, for every bundled regime and for generated regimes."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import itcriteria
from itcriteria.annex import GroupSpec, import_annex, write_annex
from itcriteria.testing import cohorts, regimes

EXAMPLE = Path(itcriteria.__file__).parent / "examples" / "example-2019.toml"
BUNDLED = [*sorted(info.id for info in itcriteria.list_regimes()), "example-2019"]
# Each example writes and reads a real workbook or document: keep the count modest for CI.
ROUND_TRIP = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def bundled(name: str) -> itcriteria.Regime:
    return itcriteria.load_regime(EXAMPLE) if name == "example-2019" else itcriteria.get_regime(name)


def round_trip(regime: itcriteria.Regime, fmt: str) -> itcriteria.Regime:
    """``regime`` written as its annex table in ``fmt`` and imported back, one table per unit group."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"phu-luc.{fmt}"
        write_annex(regime, fmt, path)
        groups = tuple(
            GroupSpec(g.id, g.title.vi, g.id[:31] if fmt == "xlsx" else str(i))
            for i, g in enumerate(regime.groups, start=1)
        )
        basis = regime.legal_basis[0]
        result = import_annex(
            path,
            regime_id=regime.id,
            province=regime.province,
            decision=basis.decision,
            date=basis.date,
            groups=groups,
            functions=regime.functions,
        )
    assert not result.report.placeholders and not result.report.mismatches
    return result.regime


def scores(regime: itcriteria.Regime, forms: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(card.unit.id, card.total, dict(card.scores)) for card in regime.score_all(forms)]


def unwritable(regime: itcriteria.Regime) -> bool:
    """A number without a lower bound: TOML has no null, so no regime file can say so."""
    return any(c.indicator is not None and getattr(c.indicator, "min", 0) is None for c in regime.leaves())


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
@pytest.mark.parametrize("name", BUNDLED)
@ROUND_TRIP
@given(data=st.data())
def test_bundled_regimes_round_trip(name: str, fmt: str, data: st.DataObject) -> None:
    """Every bundled regime, written as its annex and imported back, scores generated cohorts the same."""
    regime = bundled(name)
    back = _cached(name, fmt, regime)
    forms = data.draw(cohorts(regime))
    assert scores(back, forms) == scores(regime, forms)
    assert [c.id for c in back.walk()] == [c.id for c in regime.walk()]


_BACK: dict[tuple[str, str], itcriteria.Regime] = {}


def _cached(name: str, fmt: str, regime: itcriteria.Regime) -> itcriteria.Regime:
    """One round trip per bundled regime and format; the cohorts vary."""
    if (name, fmt) not in _BACK:
        _BACK[(name, fmt)] = round_trip(regime, fmt)
    return _BACK[(name, fmt)]


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
@ROUND_TRIP
@given(regime=regimes(max_leaves=6), data=st.data())
def test_generated_regimes_round_trip(fmt: str, regime: itcriteria.Regime, data: st.DataObject) -> None:
    """Generated regimes (every indicator, combine mode, group restriction and rounding), written as
    their annex and imported back, score every generated cohort the same."""
    assume(not unwritable(regime))
    back = round_trip(regime, fmt)
    forms = data.draw(cohorts(regime))
    assert scores(back, forms) == scores(regime, forms)
