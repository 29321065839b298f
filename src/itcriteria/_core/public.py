"""Public classes shown under their public module, as pluggy does."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs


def show_under(namespace: Mapping[str, Any]) -> None:
    """Set ``__module__`` of every class the module ``namespace`` exports in ``__all__`` to that module.

    attrs and cattrs read annotations through the defining module, so they are resolved first.
    """
    for name in namespace["__all__"]:
        obj = namespace[name]
        if isinstance(obj, type):
            if attrs.has(obj):
                attrs.resolve_types(obj)
            obj.__module__ = namespace["__name__"]
