"""The public surface: __all__ matches what the package exposes, and the error tree is as documented."""

from __future__ import annotations

import doctest
import importlib
import inspect
from typing import Any

import pytest

import itcriteria
from itcriteria import exceptions

PUBLIC_MODULES = [
    "itcriteria",
    "itcriteria.exceptions",
    "itcriteria.expressions",
    "itcriteria.hookspecs",
    "itcriteria.testing",
]


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_all_is_sorted_and_matches_public_names(name: str) -> None:
    """Each public module's sorted __all__ lists exactly its public, non-module names."""
    module = importlib.import_module(name)
    exported = list(module.__all__)
    assert exported == sorted(exported)
    public = {  # dir(), not vars(): names imported on first use are listed by the module's __dir__
        attr
        for attr in dir(module)
        if not attr.startswith("_")
        and not inspect.ismodule(getattr(module, attr))
        and attr not in {"annotations", "TYPE_CHECKING", "Any"}
    }
    if name == "itcriteria":
        public.add("__version__")
    assert set(exported) == public


def test_public_classes_show_their_public_path() -> None:
    """Classes re-exported at the top show ``itcriteria.X`` rather than a private module."""
    for name in itcriteria.__all__:
        value = getattr(itcriteria, name)
        if inspect.isclass(value):
            assert value.__module__ == "itcriteria", name


def test_error_tree() -> None:
    """Every error is an ItcriteriaError and also the builtin a caller would catch: bad values are
    ValueError, unknown ids KeyError (hence LookupError)."""
    value_errors = (exceptions.RegimeError, exceptions.ExpressionError, exceptions.SubmissionError)
    for cls in (*value_errors, exceptions.ArgumentError):
        assert issubclass(cls, exceptions.ItcriteriaError)
        assert issubclass(cls, ValueError)
    assert issubclass(exceptions.NotFoundError, exceptions.ItcriteriaError)
    assert issubclass(exceptions.NotFoundError, KeyError)
    assert issubclass(exceptions.RegimeNotFoundError, exceptions.NotFoundError)
    assert itcriteria.ArgumentError is exceptions.ArgumentError
    assert itcriteria.NotFoundError is exceptions.NotFoundError
    assert itcriteria.ItcriteriaError is exceptions.ItcriteriaError
    assert issubclass(exceptions.PluginError, exceptions.ItcriteriaError)
    assert issubclass(exceptions.RegimeNotFoundError, exceptions.ItcriteriaError)
    assert issubclass(exceptions.RegimeNotFoundError, LookupError)
    assert issubclass(exceptions.MissingExtraError, ImportError)
    assert issubclass(exceptions.MissingExtraError, exceptions.ItcriteriaError)
    assert issubclass(exceptions.PluginWarning, UserWarning)


def test_a_not_found_error_reads_as_written() -> None:
    """A NotFoundError's message is shown as written, not quoted as a bare KeyError's would be."""
    error = exceptions.NotFoundError("regime x has no criterion '9'")
    assert str(error) == "regime x has no criterion '9'"
    assert str(KeyError("regime x has no criterion '9'")) != str(error)


def test_the_tree_in_the_docstring_names_every_error() -> None:
    """The exception tree drawn in the module docstring names every exception class of the module."""
    doc = exceptions.__doc__ or ""
    for name in exceptions.__all__:
        if inspect.isclass(getattr(exceptions, name)) and issubclass(getattr(exceptions, name), Exception):
            assert name in doc, name


def test_version_is_a_string() -> None:
    """The package states its version."""
    assert isinstance(itcriteria.__version__, str) and itcriteria.__version__


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_docstring_examples_run(name: str) -> None:
    """The examples in the public modules' docstrings give what they show."""
    module = importlib.import_module(name)
    failed, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert failed == 0


@pytest.fixture(scope="module")
def binhthuan_result() -> itcriteria.RoundResult:
    from pathlib import Path

    here = Path(__file__).parent.parent
    return itcriteria.load_round(here / "plugins/binhthuan/examples/binhthuan-2019-round.json").run()


def test_an_unknown_lang_is_an_argument_error_everywhere(
    binhthuan_result: itcriteria.RoundResult, tmp_path: Any
) -> None:
    """Every text in a language raises ArgumentError for "fr" rather than falling back to Vietnamese."""
    result = binhthuan_result
    unit = next(iter(result.cards))
    card = result.cards[unit]
    attempts = [
        lambda: result.regime.title.get("fr"),
        lambda: card.explain("fr"),
        lambda: result.regime.rounding.describe("fr"),
        lambda: result.status(unit).describe("fr"),
        lambda: next(g.to_full for g in result.gaps(unit) if g.to_full is not None).describe("fr"),
        lambda: itcriteria.write_results(result, tmp_path / "x.csv", lang="fr"),
        lambda: itcriteria.write_template(result.regime, tmp_path / "x.xlsx", lang="fr"),
    ]
    for attempt in attempts:
        with pytest.raises(itcriteria.ArgumentError, match="unknown language 'fr'; use vi or en"):
            attempt()
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_id_is_a_not_found_error(binhthuan_result: itcriteria.RoundResult) -> None:
    """An unknown criterion, group or unit raises NotFoundError, which callers may still catch as KeyError."""
    result = binhthuan_result
    card = next(iter(result.cards.values()))
    for attempt in (
        lambda: result.regime.criterion("99.9"),
        lambda: result.regime.group("nowhere"),
        lambda: result.status("nobody"),
        lambda: result.row("nobody"),
        lambda: card.explanation("99.9"),
    ):
        with pytest.raises(itcriteria.NotFoundError):
            attempt()
        with pytest.raises(KeyError):
            attempt()
