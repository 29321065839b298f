"""The scoring service for host applications: an HTTP JSON API (``create_app``, ``itcriteria serve``)
and the same JSON over stdin/stdout (``itcriteria score --json``, ``rank --json``, ``round --json``).

The HTTP app needs the ``itcriteria[service]`` extra (Litestar, uvicorn); the stdin/stdout commands
need nothing beyond the core.
"""

from typing import Any

from ._operations import Service, ServiceError
from ._serve import serve
from ._stdio import run_json

__all__ = ["Service", "ServiceError", "create_app", "openapi_document", "run_json", "serve"]


def __getattr__(name: str) -> Any:
    # The web framework is imported only when the HTTP app is asked for: the JSON commands run without it.
    if name in ("create_app", "openapi_document"):
        from . import _app

        return getattr(_app, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
