"""Command-line options that commands of several layers share (``cli``, ``publish``, ``import-annex``).

Not imported by ``_core``'s ``__init__``: click loads only with a command that uses it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

import click

from ..exceptions import ArgumentError
from .structuring import parse_date

_F = TypeVar("_F", bound=Callable[..., Any])


def lang_option(help: str = "output language") -> Callable[[_F], _F]:
    """The ``--lang vi|en`` option (Vietnamese by default) with this help."""
    return click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True, help=help)


def date_callback(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    """A date option's text as a date, dd/mm/yyyy or yyyy-mm-dd (none when the option is not given)."""
    if value is None:
        return None
    try:
        return parse_date(value)
    except ArgumentError:
        message = f"{value!r} is not a date; write DD/MM/YYYY (03/12/2019) or YYYY-MM-DD"
        raise click.BadParameter(message) from None
