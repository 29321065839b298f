"""What the command line prints: text from input files reaches the terminal with its control characters
shown as escapes (``\\x1b``), so a unit name cannot move the cursor, recolour or rewrite the screen."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import click

from .._core import printable

if TYPE_CHECKING:
    from ..regimes import ConsistencyWarning


def echo(message: object = "", **options: Any) -> None:
    """``click.echo`` of ``message`` with control characters escaped (line breaks and tabs kept)."""
    click.echo(printable(str(message), lines=True), **options)


def show_warnings(warnings: Iterable[ConsistencyWarning], lang: str) -> None:
    """The regime's consistency warnings, a line each on stderr (the forms are scored all the same)."""
    prefix = "warning" if lang == "en" else "cảnh báo"
    for warning in warnings:
        echo(f"{prefix}: {warning.describe(lang)}", err=True)
