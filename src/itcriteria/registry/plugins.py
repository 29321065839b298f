"""Plugins: found through entry points, checked as they register, gathered into a :class:`Registry`.

The plugin manager is built by :func:`load_plugins`, never at import time. Each plugin is registered
and checked on its own (hook names, signatures, and then everything it registers), so a plugin that
fails is left out, reported with its distribution name and the cause, and the others stay usable.
Conflicts between plugins (the same regime id, policy or function twice) are errors. Two regimes of one
province in force on the same day make only that lookup ambiguous: a lookup of that province on such a
day is an error naming both regimes and their plugins; lookups by id, of other days and of other
provinces work, and ``Registry.overlaps`` (shown by ``itcriteria list``) says what overlaps.

Regime files are checked in two steps, so that looking one regime up does not compile them all:

- when the plugins load, each file is read and parsed, and its heading checked (id, province, title,
  status, dates in force, legal basis, ranking policy: what listings, the conflict checks and the
  lookup by province and day need). A problem there leaves the plugin out, as any other failure;
- on first use of a regime (``get_regime``, ``RegimeInfo.regime``, ``Registry.check``) the whole
  file is validated and its rules compiled, once; the regime, or the RegimeError listing every
  problem, is kept. A broken regime fails only its own lookups; the plugin's other regimes work.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.metadata
import itertools
import os
import re
import threading
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

import attrs
import pluggy

from .. import hookspecs
from .._core import parse_date
from ..exceptions import PluginError, PluginWarning, RegimeError, RegimeNotFoundError
from ..model import LegalBasis, Period, Status, Text
from ..ranking import RankingPolicy
from ..regimes import Regime, read_heading, read_regime_text, regime_from_text
from ..rules import check_functions
from . import builtin as _builtin

#: The environment variable a host sets to restrict which plugins load (comma-separated names).
ENV_VAR = "ITCRITERIA_PLUGINS"
CORE = "itcriteria"
_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]*")


@attrs.frozen
class PluginFailure:
    """A plugin that failed to load: its distribution, its entry point, and why."""

    plugin: str
    entry_point: str
    cause: str

    def __str__(self) -> str:
        return f"{self.plugin} ({self.entry_point}): {self.cause}"


class _RegimeSource:
    """A regime as its plugin gave it: built already, or built from its file's data on first use, once
    (also when several threads ask at once); what building found wrong is kept and raised again."""

    def __init__(self, build: Callable[[], Regime] | None = None, regime: Regime | None = None) -> None:
        self._build = build
        self._regime = regime
        self._error: RegimeError | None = None
        self._lock = threading.Lock()

    @property
    def state(self) -> Literal["unchecked", "valid", "broken"]:
        if self._regime is not None:
            return "valid"
        return "broken" if self._error is not None else "unchecked"

    @property
    def error(self) -> RegimeError | None:
        return self._error

    def get(self) -> Regime:
        if self._regime is None:
            with self._lock:
                if self._regime is None and self._error is None and self._build is not None:
                    try:
                        self._regime = self._build()
                    except RegimeError as err:
                        self._error = err
                    self._build = None  # the file's data is not needed any more
        if self._regime is not None:
            return self._regime
        assert self._error is not None
        raise RegimeError(self._error.subject, self._error.problems)  # a fresh one, without old frames


@attrs.frozen
class RegimeInfo:
    """One installed regime as listings show it, with the plugin that registered it.

    The fields come from the heading of the regime's file, checked when the plugins load; the whole
    regime (criteria, rules) is validated and compiled on first use of :attr:`regime`, once, and
    :attr:`state` says how that went.
    """

    id: str
    province: str
    title: Text
    status: Status
    effective: Period
    legal_basis: tuple[LegalBasis, ...]
    plugin: str
    _source: _RegimeSource = attrs.field(eq=False, repr=False, alias="source")

    @property
    def regime(self) -> Regime:
        """The regime, validated and compiled on first use; RegimeError listing every problem of its
        file (naming the file and the plugin) when it is broken."""
        return self._source.get()

    @property
    def state(self) -> Literal["unchecked", "valid", "broken"]:
        """``unchecked`` until the regime is first used or checked, then ``valid`` or ``broken``."""
        return self._source.state

    @property
    def error(self) -> RegimeError | None:
        """What is wrong with the regime, once it was checked and found broken; else None."""
        return self._source.error

    def check(self) -> RegimeError | None:
        """Validate and compile the regime now (once: later lookups reuse it); what is wrong, or None."""
        try:
            self._source.get()
        except RegimeError as err:
            return err
        return None

    def describe(self, lang: str = "vi") -> str:
        """One line: id, status, period in effect, title and plugin."""
        period = str(self.effective)
        return f"{self.id:<16} {self.status:<11} {period:<23} {self.title.get(lang)} ({self.plugin})"


@attrs.frozen
class Registry:
    """Everything the loaded plugins registered: regimes, ranking policies, rule functions, failures.

    ``plugins`` are the distributions that loaded, the core (``itcriteria``) first; ``overlaps`` one
    sentence for each pair of regimes of one province in force on the same day.
    """

    plugins: tuple[str, ...]
    regimes: Mapping[str, RegimeInfo]
    policies: Mapping[str, RankingPolicy]
    functions: Mapping[str, Callable[..., Any]]
    failures: tuple[PluginFailure, ...] = ()
    overlaps: tuple[str, ...] = ()

    def list_regimes(self, province: str | None = None) -> tuple[RegimeInfo, ...]:
        """Installed regimes by province, then by the day they came into force."""
        infos = (i for i in self.regimes.values() if province is None or i.province == province)
        return tuple(sorted(infos, key=lambda i: (i.province, i.effective.start, i.id)))

    def get_regime(
        self,
        regime_id: str | None = None,
        *,
        province: str | None = None,
        on: dt.date | str | None = None,
    ) -> Regime:
        """The regime with ``regime_id``, or the regime of ``province`` in force ``on`` that day (today
        when not given; a date or text as ``15/09/2019``). Raises RegimeNotFoundError listing what is
        installed."""
        if (regime_id is None) == (province is None):
            raise TypeError("get_regime takes a regime id, or province= (and on=), not both")
        if regime_id is not None:
            if on is not None:
                raise TypeError("on= selects among a province's regimes; give province=, not a regime id")
            info = self.regimes.get(regime_id)
            if info is None:
                raise RegimeNotFoundError(f"no regime {regime_id!r} is installed{self._installed()}")
            return info.regime
        day = on if isinstance(on, dt.date) else parse_date(on) if on is not None else dt.date.today()
        candidates = self.list_regimes(province)
        if not candidates:
            provinces = sorted({i.province for i in self.regimes.values()})
            listed = ", ".join(provinces) or "none"
            raise RegimeNotFoundError(
                f"no regime of province {province!r} is installed (provinces: {listed}){self._installed()}"
            )
        in_force = [info for info in candidates if day in info.effective]
        if len(in_force) > 1:
            both = " and ".join(f"{i.id} ({i.plugin}, {i.effective})" for i in in_force)
            raise PluginError(
                f"regimes {both} of {province} are all in force on {day:%d/%m/%Y}: ask for one by id "
                f"(get_regime({in_force[0].id!r})), or restrict the plugins that load "
                f"(plugins=[...] or ${ENV_VAR})"
            )
        if in_force:
            return in_force[0].regime
        periods = "; ".join(f"{i.id} {i.effective}" for i in candidates)
        raise RegimeNotFoundError(f"no regime of {province} is in force on {day:%d/%m/%Y} ({periods})")

    def check(self) -> tuple[RegimeInfo, ...]:
        """Validate and compile every regime now (each once; later lookups reuse it); the broken ones,
        each with its :attr:`RegimeInfo.error`."""
        return tuple(info for info in self.list_regimes() if info.check() is not None)

    def ranking_policy(self, policy_id: str) -> RankingPolicy:
        """The registered ranking policy with this id."""
        try:
            return self.policies[policy_id]
        except KeyError:
            known = ", ".join(sorted(self.policies))
            raise RegimeNotFoundError(f"no ranking policy {policy_id!r} is registered ({known})") from None

    def _installed(self) -> str:
        listed = ", ".join(sorted(self.regimes)) or "none"
        failed = "".join(f"\n  plugin failed to load: {f}" for f in self.failures)
        return f"; installed: {listed}{failed}"


def load_plugins(
    plugins: Iterable[str] | None = None, *, extra: Iterable[tuple[str, object]] = ()
) -> Registry:
    """Load the installed plugins (all, or those named in ``plugins``, or else in ``$ITCRITERIA_PLUGINS``)
    and gather what they register; warn with :class:`PluginWarning` for each plugin that failed.

    ``plugins`` names plugins by distribution (``itcriteria-binhthuan``), short name (``binhthuan``) or
    entry-point name; an empty list loads none but the core. ``extra`` adds (name, module or object)
    plugins without an entry point, as hosts and tests do.
    """
    wanted = _wanted(plugins)
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    candidates: list[tuple[str, str, Callable[[], object]]] = [(CORE, "built-in", _constant(_builtin))]
    candidates += [(name, "registered by the host", _constant(obj)) for name, obj in extra]
    candidates += _entry_points(wanted)
    failures: list[PluginFailure] = []
    where: dict[str, str] = {}
    for name, entry_point, load in candidates:
        where[name] = entry_point
        try:
            _register(manager, name, load())
        except Exception as err:  # a plugin's import may fail in any way; report it, keep the rest
            failures.append(PluginFailure(name, entry_point, _cause(err)))
    gathering = _Gathering(manager, where, failures)
    registry = gathering.run()
    for failure in registry.failures:
        warnings.warn(f"itcriteria plugin failed to load: {failure}", PluginWarning, stacklevel=2)
    return registry


def _constant(obj: object) -> Callable[[], object]:
    return lambda: obj


def _register(manager: pluggy.PluginManager, name: str, plugin: object) -> None:
    """Register ``plugin`` and check its hook names now, so a misspelled hook blames this plugin."""
    if manager.has_plugin(name):
        raise PluginError(f"two plugins are named {name!r}")
    manager.register(plugin, name=name)
    try:
        manager.check_pending()
    except pluggy.PluginValidationError:
        manager.unregister(name=name)
        raise


def _cause(err: BaseException) -> str:
    text = str(err).strip() or "(no message)"
    return f"{type(err).__name__}: {text}"


def _normal(name: str) -> str:
    return name.strip().lower().replace("_", "-")


def _wanted(plugins: Iterable[str] | None) -> set[str] | None:
    if plugins is None:
        value = os.environ.get(ENV_VAR)
        if value is None:
            return None
        plugins = value.split(",")
    elif isinstance(plugins, str):
        plugins = [plugins]
    return {_normal(p) for p in plugins if p.strip()}


def _entry_points(wanted: set[str] | None) -> list[tuple[str, str, Callable[[], object]]]:
    found: dict[str, tuple[str, str, Callable[[], object]]] = {}
    aliases: dict[str, str] = {}
    for entry_point in importlib.metadata.entry_points(group=hookspecs.PROJECT):
        dist = entry_point.dist.name if entry_point.dist is not None else entry_point.name
        name = _normal(dist)
        label = f"{entry_point.name} = {entry_point.value}"
        key = name if name not in found else f"{name}:{entry_point.name}"
        found[key] = (key, label, entry_point.load)
        for alias in (name, name.removeprefix("itcriteria-"), _normal(entry_point.name)):
            aliases.setdefault(alias, key)
    if wanted is None:
        return [found[k] for k in sorted(found)]
    unknown = sorted(w for w in wanted if w not in aliases)
    if unknown:
        installed = ", ".join(sorted(found)) or "none"
        raise PluginError(f"no plugin named {', '.join(unknown)} is installed (installed: {installed})")
    return [found[k] for k in sorted({aliases[w] for w in wanted})]


@attrs.define
class _Gathering:
    """Calls each hook plugin by plugin, keeping what a plugin registers only if all of it is sound."""

    manager: pluggy.PluginManager
    where: dict[str, str]
    failures: list[PluginFailure]
    owners: dict[tuple[str, str], str] = attrs.field(factory=dict)
    functions: dict[str, Callable[..., Any]] = attrs.field(factory=dict)
    policies: dict[str, RankingPolicy] = attrs.field(factory=dict)
    regimes: dict[str, RegimeInfo] = attrs.field(factory=dict)
    conflicts: list[str] = attrs.field(factory=list)
    overlaps: list[str] = attrs.field(factory=list)

    def _kept(self, kind: str) -> dict[str, Any]:
        if kind == "function":
            return self.functions
        if kind == "ranking policy":
            return self.policies
        return self.regimes

    def run(self) -> Registry:
        self._phase("register_functions", self._function)
        self._phase("register_ranking_policies", self._policy)
        self._phase("register_regimes", self._regime)
        self._check_overlaps()
        if self.conflicts:
            raise PluginError(
                "installed plugins conflict:\n"
                + "".join(f"  - {c}\n" for c in self.conflicts)
                + f"uninstall one, or restrict the plugins that load (plugins=[...] or ${ENV_VAR})"
            )
        failed = {f.plugin for f in self.failures}
        loaded = tuple(n for n in self.where if n not in failed)
        return Registry(
            loaded,
            MappingProxyType(self.regimes),
            MappingProxyType(self.policies),
            MappingProxyType(self.functions),
            tuple(self.failures),
            tuple(self.overlaps),
        )

    def _phase(self, hook_name: str, accept: Callable[..., list[tuple[str, str, Any]]]) -> None:
        hook = getattr(self.manager.hook, hook_name)
        failed = {f.plugin for f in self.failures}
        for impl in hook.get_hookimpls():  # in the order plugins were registered
            plugin = impl.plugin_name
            if plugin in failed:
                continue
            offered: list[tuple[str, str, Any]] = []

            def register(*args: Any, _plugin: str = plugin, _offered: list[Any] = offered) -> None:
                _offered.extend(accept(_plugin, *args))

            try:
                impl.function(register=register)
            except Exception as err:  # whatever the plugin's code or its data raised
                self.failures.append(PluginFailure(plugin, self.where[plugin], _cause(err)))
                self._forget(plugin)
                continue
            for kind, key, value in offered:
                self._keep(plugin, kind, key, value)

    def _keep(self, plugin: str, kind: str, key: str, value: Any) -> None:
        owner = self.owners.get((kind, key))
        if owner is not None:
            both = f"{owner} and {plugin}" if owner != plugin else f"{plugin} twice"
            self.conflicts.append(f"{kind} {key!r} is registered by {both}")
            return
        self.owners[kind, key] = plugin
        self._kept(kind)[key] = value

    def _forget(self, plugin: str) -> None:
        """Drop what a plugin registered in earlier hooks: a failed plugin contributes nothing."""
        for (kind, key), owner in list(self.owners.items()):
            if owner == plugin:
                del self.owners[kind, key]
                self._kept(kind).pop(key, None)

    def _function(self, plugin: str, name: str, function: Callable[..., Any]) -> list[tuple[str, str, Any]]:
        def fail(cause: str) -> PluginError:
            return PluginError(f"function {name!r}: {cause}")

        check_functions({name: function}, (), fail)
        return [("function", name, function)]

    def _policy(self, plugin: str, policy: object) -> list[tuple[str, str, Any]]:
        if not isinstance(policy, RankingPolicy):
            raise TypeError(f"register() takes an itcriteria.RankingPolicy, got {type(policy).__name__}")
        if not _SLUG.fullmatch(policy.id):
            raise PluginError(f"ranking policy id {policy.id!r} must be lower-case letters, digits, dashes")
        return [("ranking policy", policy.id, policy)]

    def _regime(self, plugin: str, regime: object) -> list[tuple[str, str, Any]]:
        if isinstance(regime, str | os.PathLike):
            regime = Path(regime)
        if isinstance(regime, Traversable) and regime.is_dir():
            files = sorted((f for f in regime.iterdir() if f.name.endswith(".toml")), key=lambda f: f.name)
            if not files:
                raise PluginError(f"no regime file (*.toml) in {regime}")
            return [entry for file in files for entry in self._regime(plugin, file)]
        if isinstance(regime, Traversable):
            return [self._regime_file(plugin, regime)]
        if not isinstance(regime, Regime):
            got = type(regime).__name__
            raise TypeError(f"register() takes an itcriteria.Regime or a regime file or folder, got {got}")
        self._check_policy(regime.id, regime.ranking_policy)
        info = RegimeInfo(
            regime.id, regime.province, regime.title, regime.status, regime.effective,
            regime.legal_basis, plugin, _RegimeSource(regime=regime),
        )  # fmt: skip
        return [("regime", regime.id, info)]

    def _regime_file(self, plugin: str, file: Traversable) -> tuple[str, str, Any]:
        """A regime file, read and its heading checked now; validated as a whole on first use."""
        text = read_regime_text(file)
        heading = read_heading(text, origin=str(file))
        self._check_policy(heading.id, heading.ranking_policy)
        origin = f"{file}, plugin {plugin}"
        functions = self.functions  # by then every plugin's functions, less those of failed plugins

        def build() -> Regime:
            return regime_from_text(text, origin=origin, functions=functions, heading=heading)

        info = RegimeInfo(
            heading.id, heading.province, heading.title, heading.status, heading.effective,
            heading.legal_basis, plugin, _RegimeSource(build),
        )  # fmt: skip
        return ("regime", heading.id, info)

    def _check_policy(self, regime_id: str, policy: str) -> None:
        if policy not in self.policies:
            known = ", ".join(sorted(self.policies))
            raise PluginError(f"regime {regime_id}: ranking_policy {policy!r} is not registered ({known})")

    def _check_overlaps(self) -> None:
        by_province: dict[str, list[RegimeInfo]] = {}
        for info in self.regimes.values():
            by_province.setdefault(info.province, []).append(info)
        for infos in by_province.values():
            infos.sort(key=lambda i: i.effective.start)
            for earlier, later in _pairs(infos):
                if earlier.effective.end is None or earlier.effective.end >= later.effective.start:
                    self.overlaps.append(
                        f"regimes {earlier.id} ({earlier.plugin}, {earlier.effective}) and {later.id} "
                        f"({later.plugin}, {later.effective}) of {later.province} are both in force on "
                        f"{later.effective.start:%d/%m/%Y}"
                    )


def _pairs(items: list[RegimeInfo]) -> Iterator[tuple[RegimeInfo, RegimeInfo]]:
    """Every pair, earlier first: a regime without an end overlaps every later one, not only the next."""
    return itertools.combinations(items, 2)


# --- The default registry, built once per selection of plugins. ------------------------------------


@functools.cache
def _default(selection: tuple[str, ...] | None) -> Registry:
    return load_plugins(selection)


def default_registry(plugins: Iterable[str] | None = None) -> Registry:
    """The registry of the installed plugins (restricted by ``plugins`` or ``$ITCRITERIA_PLUGINS``),
    loaded on first use and kept."""
    wanted = _wanted(plugins)
    return _default(tuple(sorted(wanted)) if wanted is not None else None)


def list_regimes(
    province: str | None = None, *, plugins: Iterable[str] | None = None
) -> tuple[RegimeInfo, ...]:
    """Every installed regime (of ``province`` when given), with its status and plugin."""
    return default_registry(plugins).list_regimes(province)


def get_regime(
    regime_id: str | None = None,
    *,
    province: str | None = None,
    on: dt.date | str | None = None,
    plugins: Iterable[str] | None = None,
) -> Regime:
    """An installed regime by id (``get_regime("binhthuan-2019")``), or the regime of a province in
    force on a day (``get_regime(province="binhthuan", on=date(2019, 9, 15))``)."""
    return default_registry(plugins).get_regime(regime_id, province=province, on=on)


def get_ranking_policy(policy_id: str, *, plugins: Iterable[str] | None = None) -> RankingPolicy:
    """A registered ranking policy by id (``competition``, ``dense``, or one a plugin registers)."""
    return default_registry(plugins).ranking_policy(policy_id)
