"""The public surface: __all__ matches what the package exposes, and the error tree is as documented."""

from __future__ import annotations

import doctest
import importlib
import inspect

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
    """Every error is an ItcriteriaError; the value errors are also ValueError."""
    for cls in (exceptions.RegimeError, exceptions.ExpressionError, exceptions.SubmissionError):
        assert issubclass(cls, exceptions.ItcriteriaError)
        assert issubclass(cls, ValueError)
    assert itcriteria.ItcriteriaError is exceptions.ItcriteriaError
    assert issubclass(exceptions.PluginError, exceptions.ItcriteriaError)
    assert issubclass(exceptions.RegimeNotFoundError, exceptions.ItcriteriaError)
    assert issubclass(exceptions.RegimeNotFoundError, LookupError)
    assert issubclass(exceptions.PluginWarning, UserWarning)


def test_version_is_a_string() -> None:
    """The package states its version."""
    assert isinstance(itcriteria.__version__, str) and itcriteria.__version__


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_docstring_examples_run(name: str) -> None:
    """The examples in the public modules' docstrings give what they show."""
    module = importlib.import_module(name)
    failed, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert failed == 0
