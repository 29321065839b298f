"""Public classes shown under their public module, as pluggy does."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs


def show_under(namespace: Mapping[str, Any]) -> None:
    """Set ``__module__`` of every class the module ``namespace`` exports in ``__all__`` to that module.

    attrs and cattrs read annotations through the defining module, so they are resolved first, with the
    public namespace as a fallback for names a lower layer imports for type checking only.
    """
    for name in namespace["__all__"]:
        obj = namespace.get(name)  # a name imported on first use is a function, not a class
        if isinstance(obj, type):
            if attrs.has(obj):
                attrs.resolve_types(obj, localns=dict(namespace))
            obj.__module__ = namespace["__name__"]
