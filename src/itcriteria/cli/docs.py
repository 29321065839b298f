"""``itcriteria docs``: the criteria book of an installed regime, standalone, for a province to publish."""

from __future__ import annotations

from pathlib import Path

import click

from .. import books as _book
from .._core import options, write_atomically
from ..annex import TABLE_FORMATS, regime_named, write_annex
from .output import echo


@click.command("docs")
@click.argument("regime")
@click.option(
    "--format",
    "fmt",
    type=click.Choice((*_book.FORMATS, *TABLE_FORMATS)),
    default="md",
    show_default=True,
    help="Markdown, reStructuredText, a standalone HTML page, or the annex table (xlsx, docx; needs -o)",
)
@options.lang_option()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="write to FILE (replaced whole, never left half-written) instead of standard output",
)
def docs(regime: str, fmt: str, lang: str, output: Path | None) -> None:
    """Write the criteria book of REGIME (an installed regime id, or a regime file ending in .toml).

    The book gives the legal basis, status and provenance, unit groups, dates and deadlines, every
    criterion with its inputs, benchmark and scoring in words, the classes, the ranking policy, and what
    changed from the province's previous regime; it is the page the Sphinx directive ``criteria-book``
    renders. ``--format xlsx`` or ``docx`` writes the criteria as the annex table instead (one table per
    unit group: STT, Tiêu chí, Điểm tối đa, Cách tính điểm), which ``itcriteria import-annex`` reads back.
    """
    if fmt in TABLE_FORMATS:  # the annex table, in the columns a province's annex has
        if output is None:
            raise click.UsageError(f"--format {fmt} writes a file: give -o FILE.{fmt}")
        write_annex(regime_named(regime), fmt, output)
        return
    if regime.endswith(".toml") and Path(regime).is_file():  # a regime file, e.g. fresh from import-annex
        section = _book.regime_book(regime_named(regime), lang)
    else:
        section = _book.installed_book(regime, lang)
    text = _book.render(section, fmt, lang)
    if output is None:
        echo(text, nl=False)
        return
    write_atomically(output, lambda out: out.write(text.encode("utf-8")))
