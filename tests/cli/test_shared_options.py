"""The options that ``cli``, ``publish`` and ``import-annex`` share are defined once and behave alike."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from itcriteria._core.options import date_callback, lang_option
from itcriteria.annex import import_annex_command
from itcriteria.publish import publish_command


@pytest.mark.parametrize("command", [import_annex_command, publish_command])
def test_import_annex_and_publish_refuse_a_bad_date_with_the_same_message(
    command: click.Command, tmp_path: Path
) -> None:
    """A --date neither dd/mm/yyyy nor yyyy-mm-dd is a usage error (exit 2) saying how to write one."""
    source = tmp_path / "source.json"
    source.write_text("{}", encoding="utf-8")
    done = CliRunner().invoke(command, ["--date", "3 Dec", str(source), "-o", str(tmp_path / "out")])
    assert done.exit_code == 2
    assert "'3 Dec' is not a date; write DD/MM/YYYY (03/12/2019) or YYYY-MM-DD" in done.output


def test_a_date_option_reads_both_ways_of_writing_a_day() -> None:
    """Day-first with slashes and ISO text give the same day; an absent option stays absent."""
    ctx = click.Context(click.Command("x"))
    param = click.Option(["--date"])
    assert date_callback(ctx, param, "3/12/2019") == dt.date(2019, 12, 3)
    assert date_callback(ctx, param, "2019-12-03") == dt.date(2019, 12, 3)
    assert date_callback(ctx, param, None) is None


def test_the_lang_option_is_vietnamese_by_default_and_offers_english() -> None:
    """A command with the shared --lang gets "vi" unless given "en", and refuses any other language."""

    @click.command()
    @lang_option()
    def show(lang: str) -> None:
        click.echo(lang)

    runner = CliRunner()
    assert runner.invoke(show, []).output == "vi\n"
    assert runner.invoke(show, ["--lang", "en"]).output == "en\n"
    assert runner.invoke(show, ["--lang", "fr"]).exit_code == 2


def test_score_rank_and_round_take_the_same_results_options() -> None:
    """The commands that write results offer one list of options, in one order."""
    from itcriteria.cli.commands import rank_command, score
    from itcriteria.cli.rounds import round_command

    wanted = ["--skip-invalid", "--forms-dir", "--output", "--format", "--decimal-comma", "--json"]
    for command in (score, rank_command, round_command):
        names = [name for param in command.params for name in param.opts if name.startswith("--")]
        assert [name for name in names if name in wanted] == wanted, command.name
