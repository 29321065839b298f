"""What the command line prints: text from input files reaches the terminal with its control characters
shown as escapes (``\\x1b``), so a unit name cannot move the cursor, recolour or rewrite the screen."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import click

from .._core import printable

if TYPE_CHECKING:
    from ..forms import SkippedForm
    from ..regimes import ConsistencyWarning

#: The command line's own words around what it reports (the rest comes from the library's catalogues).
_SAID = {
    "error": ("lỗi", "error"),
    "warning": ("cảnh báo", "warning"),
    "skipped": ("bỏ qua", "skipped"),
    "wrote": ("đã ghi", "wrote"),
}


def echo(message: object = "", **options: Any) -> None:
    """``click.echo`` of ``message`` with control characters escaped (line breaks and tabs kept)."""
    click.echo(printable(str(message), lines=True), **options)


def said(key: str, lang: str) -> str:
    """One of the command line's own words (:data:`_SAID`) in ``lang``."""
    vi, en = _SAID[key]
    return en if lang == "en" else vi


def show_warnings(warnings: Iterable[ConsistencyWarning], lang: str) -> None:
    """The regime's consistency warnings, a line each on stderr (the forms are scored all the same)."""
    for warning in warnings:
        echo(f"{said('warning', lang)}: {warning.describe(lang)}", err=True)


def show_skipped(skipped: Iterable[SkippedForm], lang: str) -> None:
    """Each form left out of a batch, with every problem that kept it out, in ``lang`` on stderr."""
    from .._core import describe_problem

    for form in skipped:
        lines = "".join(f"\n  - {describe_problem(problem, lang)}" for problem in form.problems)
        count = len(form.problems)
        noun = ("problem" if count == 1 else "problems") if lang == "en" else "lỗi"
        echo(f"{said('skipped', lang)}: {form.path}: {count} {noun}:{lines}", err=True)


def show_written(what: object, lang: str) -> None:
    """The file (or what) the command wrote, on stderr."""
    echo(f"{said('wrote', lang)} {what}", err=True)
