"""``itcriteria serve``: the HTTP app under uvicorn, with its plugins and body limit from the command line."""

from __future__ import annotations

import os
from typing import Any

import click

#: Where ``serve`` passes the plugins to load (read by ``itcriteria.load_plugins``) and the body limit
#: to each worker: workers import the app afresh.
PLUGINS_ENV = "ITCRITERIA_PLUGINS"
MAX_BODY_ENV = "ITCRITERIA_MAX_BODY_SIZE"


def app_from_environment() -> Any:
    """The app each uvicorn worker builds: plugins from ``$ITCRITERIA_PLUGINS``, the limit from
    ``$ITCRITERIA_MAX_BODY_SIZE``."""
    from ._app import DEFAULT_MAX_BODY_SIZE, create_app

    return create_app(max_body_size=int(os.environ.get(MAX_BODY_ENV, DEFAULT_MAX_BODY_SIZE)))


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="the address to listen on")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="the port")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True, help="worker processes")
@click.option(
    "--plugins",
    help="load only these plugins (comma-separated names, e.g. binhthuan,vn; default: all installed)",
)
@click.option(
    "--max-body-size",
    type=click.IntRange(min=1),
    default=10 * 1024 * 1024,
    show_default=True,
    help="refuse request bodies over this many bytes (413)",
)
@click.option(
    "--log-level",
    type=click.Choice(["critical", "error", "warning", "info", "debug"]),
    default="info",
    show_default=True,
    help="how much the server logs",
)
def serve(
    host: str, port: int, workers: int, plugins: str | None, max_body_size: int, log_level: str
) -> None:
    """Serve the scoring API over HTTP (needs the itcriteria[service] extra).

    JSON under /v1 (score, cohort, rank, rounds/run, gaps, plan, forms/read, regimes, schema,
    template, health), the OpenAPI document at /openapi.json and a page listing it at /docs.
    """
    try:
        import uvicorn
    except ImportError:
        raise click.ClickException(
            "itcriteria serve needs the service extra: pip install 'itcriteria[service]'"
        ) from None
    if plugins is not None:
        os.environ[PLUGINS_ENV] = plugins
    os.environ[MAX_BODY_ENV] = str(max_body_size)
    app_from_environment()  # fail here, once, on a bad plugin selection, not in every worker
    uvicorn.run(
        "itcriteria.service._serve:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        proxy_headers=False,
    )
