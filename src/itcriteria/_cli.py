"""The ``itcriteria`` command line (click). Exit codes: 0 done, 1 bad input or data, 2 bad usage."""

from __future__ import annotations

import sys
from typing import Any

import click

from .exceptions import ItcriteriaError

LANG = click.option(
    "--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True, help="output language"
)


class _Group(click.Group):
    """Shows errors from the library as one readable line (a traceback only with ``--debug``)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (ItcriteriaError, OSError, ValueError) as err:
            if ctx.params.get("debug"):
                raise
            click.echo(f"error: {err}", err=True)
            sys.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="show the full traceback of an error")
def cli(debug: bool) -> None:
    """Score, explain and rank how Vietnamese state agencies apply IT, under each province's criteria set.

    Exit codes: 0 done; 1 bad input or data (the message names the regime, criterion and field);
    2 bad usage of the command line.
    """


@cli.command()
@LANG
@click.option("--regime", help="an installed regime id (default: the bundled example regime)")
@click.option("--forms", type=click.Path(dir_okay=False), help="a JSON file of forms (default: bundled)")
def demo(lang: str, regime: str | None, forms: str | None) -> None:
    """Score and rank example units, and explain the first one."""
    from ._demo import run_demo

    click.echo(run_demo(lang, regime, forms))


@cli.command("list")
@LANG
def list_command(lang: str) -> None:
    """List the installed regimes with their status and plugin."""
    from ._demo import list_installed

    click.echo(list_installed(lang))


@cli.command("round")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@LANG
def round_command(file: str, lang: str) -> None:
    """Run an evaluation round file: form statuses, ranking, appraisal and gaps.

    FILE is a round in JSON: the regime id, the period, the roster of units, the forms (inline or
    names of JSON files beside it) and the appraisal council's adjustments.
    """
    from ._report import render_round
    from ._round import load_round

    click.echo(render_round(load_round(file).run(), lang))


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code instead of leaving the process."""
    try:
        cli.main(args=argv, prog_name="itcriteria", standalone_mode=False)
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.ClickException as err:
        err.show()
        return err.exit_code
    except click.Abort:
        click.echo("aborted", err=True)
        return 1
    except SystemExit as done:
        return int(done.code or 0)
    return 0


from ._cli_docs import docs  # noqa: E402  (registered last: the command lives in its own module)

cli.add_command(docs)
