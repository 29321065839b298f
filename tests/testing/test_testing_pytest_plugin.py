"""The pytest plugin: one line in a test module collects a check of every law for each regime it names."""

from __future__ import annotations

import importlib.metadata
import json
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

import itcriteria
from builders import leaf, ratio, regime_data
from itcriteria import pytest_plugin

pytest_plugins = ["pytester"]

EXAMPLE = Path(itcriteria.__file__).parent / "examples" / "example-2019.toml"
QUICK = 'itcriteria_check_options = {"max_examples": 5}\n'
FIXED = (  # a search that finds the same counter-example on every run
    "import hypothesis\n"
    'itcriteria_check_options = {"max_examples": 50, "settings": hypothesis.settings(derandomize=True)}\n'
)
ARGS = ("--import-mode=importlib", "-p", "no:cacheprovider")


def regime_source(name: str, *criteria: dict[str, Any], **overrides: Any) -> str:
    """Python source defining ``name`` as a regime built from regime-file data."""
    data = json.dumps(regime_data(*criteria, **overrides), ensure_ascii=False)
    return f"import json, itcriteria\n{name} = itcriteria.regime_from_dict(json.loads({data!r}))\n"


def fake_registry(monkeypatch: pytest.MonkeyPatch, **by_plugin: list[itcriteria.Regime]) -> None:
    """Installed plugins as itcriteria.list_regimes and itcriteria.get_regime report them."""
    infos = [SimpleNamespace(plugin=plugin, regime=r) for plugin, regs in by_plugin.items() for r in regs]
    by_id: dict[str, itcriteria.Regime] = {r.id: r for regs in by_plugin.values() for r in regs}

    def get_regime(regime_id: str) -> itcriteria.Regime:
        if regime_id not in by_id:
            raise itcriteria.RegimeNotFoundError(f"no regime {regime_id!r} is installed")
        return by_id[regime_id]

    monkeypatch.setattr(itcriteria, "list_regimes", lambda: infos)
    monkeypatch.setattr(itcriteria, "get_regime", get_regime)


def test_the_plugin_is_a_pytest11_entry_point() -> None:
    """Installing itcriteria registers the plugin with pytest under the name itcriteria."""
    found = [ep for ep in importlib.metadata.entry_points(group="pytest11") if ep.name == "itcriteria"]
    assert [ep.value for ep in found] == ["itcriteria.pytest_plugin"]


def test_one_line_checks_every_law_of_a_regime_file(pytester: pytest.Pytester) -> None:
    """``itcriteria_regimes = ["file.toml"]`` collects and passes one test per law of the regime in it."""
    shutil.copy(EXAMPLE, pytester.path / "example-2019.toml")
    pytester.makepyfile(test_laws='itcriteria_regimes = ["example-2019.toml"]\n' + QUICK)
    result = pytester.runpytest(*ARGS, "-v")
    result.assert_outcomes(passed=len(itcriteria.testing.LAWS))
    result.stdout.fnmatch_lines(["*test_laws.py::itcriteria_regimes::example-2019::within_bounds PASSED*"])


def test_a_broken_law_fails_with_its_counter_example(pytester: pytest.Pytester) -> None:
    """A broken law's test fails with its counter-example; the others pass; a regime without bands has no
    bands law to check."""
    falling = leaf("1", 6, ratio(), rule="(1 - ratio) * max_points")
    pytester.makepyfile(
        test_laws=regime_source("falling", falling, bands=[]) + "itcriteria_regimes = falling\n" + FIXED
    )
    result = pytester.runpytest(*ARGS)
    result.assert_outcomes(passed=6, failed=1)
    result.stdout.no_fnmatch_line("*bands_cover_range*")
    result.stdout.fnmatch_lines(
        [
            "*_ regime test-2019: law higher_is_better _*",
            "higher_is_better: unit u1 (group *): answering 1 with * lowered criterion 1 from *",
            "    counter-example: {*",
            "FAILED test_laws.py::itcriteria_regimes::test-2019::higher_is_better - *",
        ]
    )
    assert "Traceback" not in result.stdout.str()


def test_checks_are_selected_like_tests(pytester: pytest.Pytester) -> None:
    """``-k`` picks laws by name; modules without the line are collected as usual."""
    pytester.makepyfile(
        test_laws=f"itcriteria_regimes = [{str(EXAMPLE)!r}]\n" + QUICK,
        test_other="def test_plain():\n    assert True\n",
    )
    result = pytester.runpytest(*ARGS, "-k", "within_bounds or totals or plain")
    result.assert_outcomes(passed=3)


def test_options_reach_check_regime(pytester: pytest.Pytester) -> None:
    """``itcriteria_check_options`` picks the laws and exempts criteria from higher_is_better."""
    falling = leaf("1", 6, ratio(), rule="(1 - ratio) * max_points")
    options = 'itcriteria_check_options = {"laws": ["higher_is_better"], "not_higher_is_better": ["1"]}\n'
    pytester.makepyfile(
        test_laws=regime_source("falling", falling, leaf("2", 4, ratio()), bands=[])
        + "itcriteria_regimes = [falling]\n"
        + options
    )
    result = pytester.runpytest(*ARGS)
    result.assert_outcomes(passed=1)
    result.stdout.no_fnmatch_line("*within_bounds*")


def test_a_law_with_nothing_to_check_is_not_collected(pytester: pytest.Pytester) -> None:
    """With every criterion exempted from higher_is_better, and no bands, those laws collect no test."""
    falling = leaf("1", 6, ratio(), rule="(1 - ratio) * max_points")
    options = 'itcriteria_check_options = {"not_higher_is_better": ["1"]}\n'
    pytester.makepyfile(
        test_laws=regime_source("falling", falling, bands=[]) + "itcriteria_regimes = [falling]\n" + options
    )
    result = pytester.runpytest(*ARGS)
    result.assert_outcomes(passed=len(itcriteria.testing.LAWS) - 2)
    result.stdout.no_fnmatch_line("*higher_is_better*")
    result.stdout.no_fnmatch_line("*bands_cover_range*")


def test_plugin_names_and_regime_ids_are_looked_up(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, example: itcriteria.Regime
) -> None:
    """A plugin's distribution name stands for every regime it registers, and an id for one regime."""
    other = itcriteria.regime_from_dict(regime_data(leaf("1", 4, ratio()), bands=[]))
    fake_registry(monkeypatch, **{"itcriteria-thu": [example, other]})
    assert pytest_plugin.registered_regimes("itcriteria_Thu") == (example, other)
    assert pytest_plugin.registered_regimes("test-2019") == (other,)
    pytester.makepyfile(test_laws='itcriteria_regimes = ["itcriteria-thu", "example-2019", lambda: []]\n')
    result = pytester.runpytest(*ARGS, "--collect-only", "-q")
    result.stdout.fnmatch_lines(
        [
            "*::itcriteria_regimes::example-2019::within_bounds",
            "*::itcriteria_regimes::test-2019::within_bounds",
        ]
    )
    assert result.stdout.str().count("::within_bounds") == 2  # each regime once


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('itcriteria_regimes = ["no-such-regime"]', "no regime 'no-such-regime' is installed"),
        ('itcriteria_regimes = ["missing.toml"]', "cannot read the file"),
        (
            "itcriteria_regimes = [42]",
            "42 is not a regime, a plugin name, a regime id, a .toml path or a callable",
        ),
        ("itcriteria_regimes = []", "itcriteria_regimes names no regime"),
        ('itcriteria_regimes = ["no-such-regime"]\nitcriteria_check_options = 3', "must be a dict"),
    ],
    ids=["unknown id", "missing file", "not a regime", "empty", "bad options"],
)
def test_bad_entries_are_collection_errors(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, line: str, message: str
) -> None:
    """An entry that names no regime is a collection error saying what is wrong."""
    fake_registry(monkeypatch)
    pytester.makepyfile(test_laws=line + "\n")
    result = pytester.runpytest(*ARGS)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines([f"*{message}*"])


def test_resolve_takes_paths_callables_and_nested_lists(example: itcriteria.Regime) -> None:
    """resolve() reads paths from the folder, calls callables, flattens lists and keeps each id once."""
    found = pytest_plugin.resolve([Path(EXAMPLE.name), [lambda: example], example], EXAMPLE.parent)
    assert [r.id for r in found] == ["example-2019"]


def test_laws_that_could_not_be_checked_fail_rather_than_skip(pytester: pytest.Pytester) -> None:
    """When no form can be scored, every law fails: the scoring law with its error, the others unchecked."""
    broken = leaf("1", 6, ratio(), rule="max_points / (ratio - ratio)")
    pytester.makepyfile(
        test_laws=regime_source("broken", broken, bands=[]) + "itcriteria_regimes = [broken]\n" + QUICK
    )
    result = pytester.runpytest(*ARGS)
    result.assert_outcomes(failed=len(itcriteria.testing.LAWS) - 1)
    result.stdout.fnmatch_lines(["within_bounds: not checked: no form drawn could be scored"])
    assert "skipped" not in result.stdout.str()
