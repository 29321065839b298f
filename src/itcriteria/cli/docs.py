"""``itcriteria docs``: the criteria book of an installed regime, standalone, for a province to publish."""

from __future__ import annotations

from pathlib import Path

import click

from .. import books as _book
from .._core import write_atomically


@click.command("docs")
@click.argument("regime")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(_book.FORMATS),
    default="md",
    show_default=True,
    help="Markdown, reStructuredText, or a standalone HTML page",
)
@click.option(
    "--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True, help="output language"
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="write to FILE (replaced whole, never left half-written) instead of standard output",
)
def docs(regime: str, fmt: str, lang: str, output: Path | None) -> None:
    """Write the criteria book of REGIME (an installed regime id).

    The book gives the legal basis, status and provenance, unit groups, dates and deadlines, every
    criterion with its inputs, benchmark and scoring in words, the classes, the ranking policy, and what
    changed from the province's previous regime; it is the page the Sphinx directive ``criteria-book``
    renders.
    """
    text = _book.render(_book.installed_book(regime, lang), fmt, lang)
    if output is None:
        click.echo(text, nl=False)
        return
    write_atomically(output, lambda out: out.write(text.encode("utf-8")))
