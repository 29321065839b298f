"""The command line's help: Vietnamese by default, English with --lang en (or ITCRITERIA_LANG=en),
every command and option translated, and click's usage errors left as they were."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from itcriteria.cli import help as cli_help
from itcriteria.cli.commands import cli


def invoke(*args: str, env: dict[str, str] | None = None, code: int = 0) -> click.testing.Result:
    done = CliRunner(env=env).invoke(cli, list(args), prog_name="itcriteria")
    assert done.exit_code == code, done.output
    return done


def test_the_groups_help_is_vietnamese_by_default() -> None:
    """``itcriteria --help`` describes the tool, its options and its commands in Vietnamese."""
    shown = invoke("--help").stdout
    assert shown.startswith("Cách dùng: itcriteria [OPTIONS] COMMAND")
    assert "Chấm điểm, giải thích và xếp hạng" in shown and "Tùy chọn:" in shown and "Lệnh:" in shown
    assert "Chạy một kỳ đánh giá" in shown  # the round command's line in the list
    assert "Score, explain and rank" not in shown and "Show this message" not in shown


def test_a_commands_help_is_vietnamese_by_default() -> None:
    """``itcriteria score --help`` gives its text, options and click's own words in Vietnamese."""
    shown = invoke("score", "--help").stdout
    assert shown.startswith("Cách dùng: itcriteria score")
    assert "Chấm điểm một tệp kỳ đánh giá" in shown
    assert "ghi kết quả ra tệp FILE (.xlsx, .csv hoặc .json)" in shown
    assert "ngôn ngữ đầu ra  [mặc định: vi]" in shown
    assert "Hiện hướng dẫn này rồi thoát." in shown and "write the results" not in shown


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (("score", "--help", "--lang", "en"), None),
        (("score", "--lang=en", "--help"), None),
        (("--lang", "en", "score", "--help"), None),
        (("score", "--help"), {"ITCRITERIA_LANG": "en"}),
    ],
)
def test_english_help_on_request(args: tuple[str, ...], env: dict[str, str] | None) -> None:
    """--lang en before or after --help, on the group, or ITCRITERIA_LANG=en gives the English help."""
    shown = invoke(*args, env=env).stdout
    assert shown.startswith("Usage: itcriteria score")
    assert "Score a round file" in shown and "Options:" in shown and "Chấm điểm" not in shown


def test_the_english_texts_stay_for_the_reference_docs() -> None:
    """Writing a Vietnamese help page leaves the commands' English help as declared (the docs show it)."""
    invoke("score", "--help")
    score = cli.get_command(click.Context(cli), "score")
    assert score is not None and score.help is not None and score.help.startswith("Score a round file")
    assert next(p for p in score.params if p.name == "output").help == (
        "write the results to FILE (.xlsx, .csv or .json)"
    )


def test_usage_errors_stay_as_click_writes_them() -> None:
    """Bad usage still exits 2 with click's own Usage line and message."""
    done = invoke("score", "--bogus", code=2)
    assert done.stderr.startswith("Usage: itcriteria score") and "No such option '--bogus'" in done.stderr


def test_the_groups_lang_is_every_commands_default() -> None:
    """``itcriteria --lang en COMMAND`` writes the command's output in English, as its own --lang does."""
    assert (
        invoke("--lang", "en", "show", "binhthuan-2019").stdout
        == invoke("show", "binhthuan-2019", "--lang", "en").stdout
    )
    assert invoke("--lang", "en", "show", "binhthuan-2019").stdout != invoke("show", "binhthuan-2019").stdout


def every_command() -> list[tuple[str, click.Command]]:
    ctx = click.Context(cli, info_name="itcriteria")
    found: list[tuple[str, click.Command]] = [("itcriteria", cli)]
    for name in cli.list_commands(ctx):
        command = cli.get_command(ctx, name)
        assert command is not None
        found.append((name, command))
    return found


def test_every_command_and_option_has_its_vietnamese_help() -> None:
    """The table has every command's help and every option's (an English help with no Vietnamese one
    would show in English); and it holds nothing no command uses."""
    missing, used = [], set()
    for name, command in every_command():
        if name not in cli_help.COMMANDS:
            missing.append(name)
        for option in (p for p in command.params if isinstance(p, click.Option)):
            longest = max(option.opts, key=len)
            key = f"{name} {longest}" if f"{name} {longest}" in cli_help.OPTIONS else longest
            if option.help and key not in cli_help.OPTIONS:
                missing.append(f"{name} {longest}")
            used.add(key)
    assert missing == []
    assert set(cli_help.OPTIONS) - used == {"--help"}
    assert set(cli_help.COMMANDS) == {name for name, _ in every_command()}
