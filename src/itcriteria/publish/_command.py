"""``itcriteria publish``: the command; its work is :func:`itcriteria.publish.publish`."""

from __future__ import annotations

import datetime as dt

import click

from .._core import options


def _lines(value: str | None) -> str | None:
    """Lines given on the command line with a written ``\\n`` between them."""
    return value.replace("\\n", "\n") if value else value


@click.command("publish")
@click.argument("round_file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False), help="the file to write (.pdf or .html)"
)
@click.option("--format", "fmt", type=click.Choice(["pdf", "html"]), help="output format (default: from -o)")
@click.option("--decision", help="the results decision's number, e.g. 3346/QĐ-UBND (default: left blank)")
@click.option(
    "--date", callback=options.date_callback, help="the decision's date, DD/MM/YYYY (default: left blank)"
)
@click.option("--signer", help="who signs the decision (the signature block is left out without one)")
@click.option(
    "--signer-title",
    help="the signer's title lines, '\\n' between lines (default: TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH)",
)
@click.option(
    "--issuer",
    help="the issuing body's lines, '\\n' between lines (default: the province's people's committee)",
)
@click.option(
    "--previous",
    type=click.Path(exists=True, dir_okay=False),
    help="an earlier round file: ranks then and the change",
)
@click.option(
    "--charts",
    "charts_dir",
    type=click.Path(file_okay=False),
    help="also write each chart into DIR as SVG and PNG",
)
@options.lang_option()
def publish_command(
    round_file: str,
    output: str,
    fmt: str | None,
    decision: str | None,
    date: dt.date | None,
    signer: str | None,
    signer_title: str | None,
    issuer: str | None,
    previous: str | None,
    charts_dir: str | None,
    lang: str,
) -> None:
    """Write a round's results as the annex of the results decision (PDF, or one HTML file).

    ROUND_FILE is a round in JSON (see ``itcriteria round``). The annex has the issuing body and the
    national motto, one table per unit group in the regime's order (rank, points, maximum, percent,
    class, and with --previous the earlier rank and the change), the units not ranked with the reason,
    charts, and per unit the sub-criteria below their benchmark. Needs ``itcriteria[publish]``.
    """
    from itcriteria import load_round

    from ._publish import check_installed
    from ._publish import publish as write

    check_installed()  # before any round is run

    if charts_dir is not None:
        import pathlib

        pathlib.Path(charts_dir).mkdir(parents=True, exist_ok=True)
    result = load_round(round_file).run()
    earlier = load_round(previous).run() if previous is not None else None
    written = write(
        result,
        output,
        fmt=fmt,  # type: ignore[arg-type]
        decision=decision,
        date=date,
        signer=signer,
        signer_title=_lines(signer_title),
        issuer=_lines(issuer),
        previous=earlier,
        lang=lang,
        charts_dir=charts_dir,
    )
    click.echo(str(written))
