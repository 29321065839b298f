"""The hooks a province plugin implements.

A plugin is a module of functions marked with :data:`hookimpl`, named in its distribution's
``[project.entry-points.itcriteria]`` table::

    # pyproject.toml of itcriteria-myprovince
    [project.entry-points.itcriteria]
    myprovince = "itcriteria_myprovince.plugin"

    # src/itcriteria_myprovince/plugin.py
    from importlib.resources import files

    import itcriteria


    @itcriteria.hookimpl
    def register_regimes(register):
        register(files(__package__) / "regimes")  # every *.toml file in the folder

Every hook receives a ``register`` callback and calls it once per thing it offers; the core checks each
thing when it is registered, so a bad regime file, policy or function is reported against the plugin
that registered it. The hooks are called in the order below (functions first, so a plugin's regime
files may use the functions any plugin registers). A plugin implements only the hooks it needs; a
function named like a hook but not one (``register_regime``) makes the plugin fail to load.
"""

from __future__ import annotations

import typing

import pluggy

if typing.TYPE_CHECKING:
    import os
    from collections.abc import Callable
    from decimal import Decimal
    from importlib.resources.abc import Traversable

    from .ranking import RankingPolicy
    from .regimes import Regime

__all__ = [
    "PROJECT",
    "RegisterFunction",
    "RegisterRankingPolicy",
    "RegisterRegime",
    "hookimpl",
    "hookspec",
    "register_functions",
    "register_ranking_policies",
    "register_regimes",
]

#: The pluggy project name, which is also the entry-point group plugins are listed under.
PROJECT = "itcriteria"

#: Marks a hook specification (used only here).
hookspec = pluggy.HookspecMarker(PROJECT)
#: Marks a plugin's implementation of a hook; exported as ``itcriteria.hookimpl``.
hookimpl = pluggy.HookimplMarker(PROJECT)


class RegisterRegime(typing.Protocol):
    """The callback :func:`register_regimes` receives."""

    def __call__(self, regime: Regime | str | os.PathLike[str] | Traversable, /) -> None:
        """Offer ``regime``: a built :class:`~itcriteria.Regime`, the path of a regime file (TOML), or
        a folder whose ``*.toml`` files are all regime files, package data from
        :func:`importlib.resources.files` included. A file's heading (id, province, title, status,
        dates in force, legal basis, ranking policy) is read and checked at once; the whole file is
        validated and its rules compiled when the regime is first used. Its rules may call the
        functions registered through :func:`register_functions`."""


class RegisterRankingPolicy(typing.Protocol):
    """The callback :func:`register_ranking_policies` receives."""

    def __call__(self, policy: RankingPolicy, /) -> None:
        """Offer ``policy`` (a :class:`~itcriteria.RankingPolicy`) under its ``id``, which regimes name
        in their ``ranking_policy``."""


class RegisterFunction(typing.Protocol):
    """The callback :func:`register_functions` receives."""

    def __call__(self, name: str, function: Callable[..., Decimal], /) -> None:
        """Offer ``function`` to scoring rules as ``name``.

        ``name`` is a plain ASCII name, not starting with ``_`` and not the name of a built-in
        function; ``function`` is a pure function of Decimal (or yes/no) arguments returning a Decimal,
        called with positional arguments only. It is checked as the built-in functions are: the
        compiler checks every call's argument count against its signature when a rule is compiled.
        """


@hookspec
def register_functions(register: RegisterFunction) -> None:
    """Register extra pure functions that scoring rules may call.

    :param register: call ``register(name, function)`` once per function; see :class:`RegisterFunction`.
        A name registered by two plugins is a :class:`~itcriteria.exceptions.PluginError`.
    """


@hookspec
def register_ranking_policies(register: RegisterRankingPolicy) -> None:
    """Register ranking policies: how a regime's units are ranked (rank method, and later exclusions
    and tie-breaks). The core registers ``competition`` (1, 2, 2, 4) and ``dense`` (1, 2, 2, 3).

    :param register: call ``register(policy)`` once per :class:`~itcriteria.RankingPolicy`. A policy id
        registered by two plugins is a :class:`~itcriteria.exceptions.PluginError`.
    """


@hookspec
def register_regimes(register: RegisterRegime) -> None:
    """Register the criteria sets (regimes) this plugin provides.

    :param register: call ``register(regime_or_path)`` once per regime; see :class:`RegisterRegime`.
        A regime id registered by two plugins, or two regimes of one province in force on the same day,
        is a :class:`~itcriteria.exceptions.PluginError` naming both. A regime whose
        ``ranking_policy`` no plugin registers, or whose file's heading is wrong, makes its plugin
        fail to load; a mistake in its criteria or rules is a
        :class:`~itcriteria.exceptions.RegimeError` when it is first used.
    """
