"""The ``itcriteria`` group: library errors as one line, commands loaded on first use, help in the
language asked for, and plugin warnings as one line."""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from .._core import describe_error
from ..exceptions import ItcriteriaError
from .help import HelpContext, help_language, remember_language, short_help
from .output import echo, said

#: Commands living in subpackages that load heavy libraries (Sphinx's docutils, openpyxl, Typst,
#: Litestar): imported when run or listed (``--help``), so that ``itcriteria round`` starts quickly.
LAZY_COMMANDS = {
    "docs": "itcriteria.cli.docs:docs",  # the criteria books
    "import-annex": "itcriteria.annex:import_annex_command",  # importing an annex table
    "publish": "itcriteria.publish:publish_command",  # the annex of the results decision
    "serve": "itcriteria.service:serve",  # the HTTP service
}


class Group(click.Group):
    """Shows errors from the library as one readable line (a traceback only with ``--debug``); loads the
    :data:`LAZY_COMMANDS` on first use; gives every command its help in Vietnamese unless ``--lang en``
    (:mod:`itcriteria.cli.help`)."""

    context_class = HelpContext

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        remember_language(ctx, args)  # before --help, which is answered as soon as it is parsed
        return super().parse_args(ctx, args)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        cmd.context_class = HelpContext
        super().add_command(cmd, name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if help_language(ctx) == "en":
            return super().format_commands(ctx, formatter)
        names = [n for n in self.list_commands(ctx) if not getattr(self.get_command(ctx, n), "hidden", True)]
        if names:
            limit = formatter.width - 6 - max(len(name) for name in names)
            with formatter.section("Commands"):
                formatter.write_dl([(name, short_help(name, limit)) for name in names])
        return None

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS and cmd_name not in self.commands:
            module, attribute = LAZY_COMMANDS[cmd_name].split(":")
            self.add_command(getattr(importlib.import_module(module), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (ItcriteriaError, OSError) as err:  # anything else is a bug: its traceback shows
            if ctx.params.get("debug"):
                raise
            lang = help_language(ctx)  # the --lang given (or ITCRITERIA_LANG), Vietnamese by default
            text = describe_error(err, lang) if isinstance(err, ItcriteriaError) else str(err)
            echo(f"{said('error', lang)}: {text}", err=True)
            sys.exit(1)


def plugin_warnings_as_one_line() -> None:
    """A plugin that fails to load is one line on stderr, not a Python warning with a source path."""
    import warnings

    from ..exceptions import PluginWarning

    shown = warnings.showwarning

    def show(message: Warning | str, category: type[Warning], *args: Any, **kwargs: Any) -> None:
        if issubclass(category, PluginWarning):
            ctx = click.get_current_context(silent=True)
            echo(f"{said('warning', help_language(ctx) if ctx else 'vi')}: {message}", err=True)
        else:
            shown(message, category, *args, **kwargs)

    warnings.showwarning = show
