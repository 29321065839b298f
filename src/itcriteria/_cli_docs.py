"""``itcriteria docs``: the criteria book of an installed regime, standalone, for a province to publish."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

import click

from . import _book


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
    write_atomically(output, text)


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder, renamed over ``path`` once
    complete: a reader sees the old file or the new one, never a part of it."""
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(temporary, _mode(path))
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _mode(path: Path) -> int:
    """The permissions the written file gets: those of the file it replaces, else the usual ones."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask
