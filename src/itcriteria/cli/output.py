"""What the command line prints: text from input files reaches the terminal with its control characters
shown as escapes (``\\x1b``), so a unit name cannot move the cursor, recolour or rewrite the screen."""

from __future__ import annotations

from typing import Any

import click

from .._core import printable


def echo(message: object = "", **options: Any) -> None:
    """``click.echo`` of ``message`` with control characters escaped (line breaks and tabs kept)."""
    click.echo(printable(str(message), lines=True), **options)
