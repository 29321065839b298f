"""Plugins: the pluggy manager, entry points, and the lookup of regimes and ranking policies."""

from .plugins import (
    PluginFailure,
    RegimeInfo,
    Registry,
    default_registry,
    get_ranking_policy,
    get_regime,
    list_regimes,
    load_plugins,
)

__all__ = [
    "PluginFailure",
    "RegimeInfo",
    "Registry",
    "default_registry",
    "get_ranking_policy",
    "get_regime",
    "list_regimes",
    "load_plugins",
]
