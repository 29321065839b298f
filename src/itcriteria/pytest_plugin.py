"""The pytest plugin of itcriteria: one line in a test module checks the laws of every regime it names.

pytest loads this plugin wherever itcriteria is installed (entry point ``itcriteria`` in the ``pytest11``
group; ``-p no:itcriteria`` turns it off). It does nothing until a test module defines
``itcriteria_regimes``. A plugin author adds this one line to a test module (``tests/test_laws.py``)::

    itcriteria_regimes = ["itcriteria-binhthuan"]

and pytest collects, in that module, one test per regime the plugin registers and per law of
:func:`itcriteria.testing.check_regime`
(``tests/test_laws.py::itcriteria_regimes::binhthuan-2019::within_bounds``, ...). A broken law fails
with its minimal counter-example. A law with nothing to check on is not collected: the band law for a
regime without bands, higher-is-better when every criterion is exempted.
Select them as any test: ``-k binhthuan``, ``-k "not ranking"``.

``itcriteria_regimes`` is a list (or a single entry) of

- the distribution name of an installed plugin (``"itcriteria-binhthuan"``): every regime it registers;
- the id of an installed regime (``"binhthuan-2019"``);
- the path of a regime file ending in ``.toml``, relative to the test module's folder;
- a :class:`~itcriteria.Regime` object, or a callable giving a Regime or a list of them.

An optional ``itcriteria_check_options`` dict in the same module passes keyword arguments to
``check_regime``: ``{"max_examples": 200, "not_higher_is_better": ["3.4"]}``.

Loading the plugin imports only pytest and the itcriteria core: itcriteria's own plugins are loaded,
and Hypothesis imported, only when a module asks for checks. Entries are resolved when the module is
collected: an unknown regime or a file that does not load is a collection error naming it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from .regimes import Regime, load_regime

#: The module variable naming the regimes to check, and the one giving options to check_regime.
REGIMES = "itcriteria_regimes"
OPTIONS = "itcriteria_check_options"


def pytest_pycollect_makeitem(collector: pytest.Collector, name: str, obj: object) -> pytest.Collector | None:
    """Collect ``itcriteria_regimes`` of a test module as the law checks of its regimes."""
    if name != REGIMES or not isinstance(collector, pytest.Module):
        return None
    return RegimeChecks.from_parent(collector, name=name, entries=obj)


def registered_regimes(name: str) -> tuple[Regime, ...]:
    """The installed regimes ``name`` stands for: every regime of the plugin distribution of that name,
    or else the regime with that id (RegimeNotFoundError listing what is installed otherwise)."""
    import itcriteria  # plugin lookup: itcriteria.list_regimes and itcriteria.get_regime

    wanted = _normal(name)
    of_plugin = tuple(info.regime for info in itcriteria.list_regimes() if _normal(info.plugin) == wanted)
    return of_plugin or (itcriteria.get_regime(name),)


def resolve(entries: object, folder: Path) -> list[Regime]:
    """The regimes ``entries`` (the value of ``itcriteria_regimes``) name, each once, in order."""
    found: dict[str, Regime] = {}
    for regime in _regimes_of(entries, folder):
        found.setdefault(regime.id, regime)
    if not found:
        raise ValueError(f"{REGIMES} names no regime")
    return list(found.values())


def _regimes_of(entry: object, folder: Path) -> Iterator[Regime]:
    if isinstance(entry, Regime):
        yield entry
    elif isinstance(entry, Path) or (isinstance(entry, str) and entry.endswith(".toml")):
        yield load_regime(folder / entry)
    elif isinstance(entry, str):
        yield from registered_regimes(entry)
    elif callable(entry):
        yield from _regimes_of(entry(), folder)
    elif isinstance(entry, Iterable):
        for item in entry:
            yield from _regimes_of(item, folder)
    else:
        raise TypeError(
            f"{REGIMES}: {entry!r} is not a regime, a plugin name, a regime id, a .toml path or a callable"
        )


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


class RegimeChecks(pytest.Collector):
    """The law checks of the regimes a test module names: one :class:`RegimeLaws` per regime."""

    def __init__(self, *, entries: object, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.entries = entries

    def collect(self) -> Iterable[pytest.Item | pytest.Collector]:
        module = self.getparent(pytest.Module)
        assert module is not None
        options = getattr(module.obj, OPTIONS, None) or {}
        if not isinstance(options, dict):
            raise TypeError(f"{OPTIONS} must be a dict of keyword arguments of check_regime, got {options!r}")
        from .testing import LAWS

        laws = options.get("laws", LAWS)
        for regime in resolve(self.entries, module.path.parent):
            yield RegimeLaws.from_parent(
                self, name=regime.id, regime=regime, laws=tuple(laws), options=options
            )


class RegimeLaws(pytest.Collector):
    """The laws of one regime, a :class:`RegimeLawItem` each."""

    def __init__(
        self, *, regime: Regime, laws: tuple[str, ...], options: dict[str, Any], **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.regime = regime
        self.laws = laws
        self.options = options

    def collect(self) -> Iterable[pytest.Item]:
        from .testing.check import inapplicable_laws  # the plugin of itcriteria.testing itself

        # nothing to check: a regime without bands (as the national DTI), every criterion exempted
        nothing = inapplicable_laws(self.regime, self.options.get("not_higher_is_better", ()))
        for law in self.laws:
            if law in nothing:
                continue
            yield RegimeLawItem.from_parent(self, name=law, regime=self.regime, law=law, options=self.options)


class RegimeLawItem(pytest.Item):
    """One law checked on one regime with :func:`itcriteria.testing.check_regime`."""

    def __init__(self, *, regime: Regime, law: str, options: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.regime = regime
        self.law = law
        self.options = {k: v for k, v in options.items() if k != "laws"}

    def runtest(self) -> None:
        from .testing import check_regime

        report = check_regime(self.regime, laws=[self.law], raise_on_failure=False, **self.options)
        report.raise_for_failures()  # a law checked alone that no form reached is reported as broken

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str | Any:
        from .testing import RegimeLawError

        if isinstance(excinfo.value, RegimeLawError):
            return "\n".join(str(failure) for failure in excinfo.value.failures)
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"regime {self.regime.id}: law {self.law}"
