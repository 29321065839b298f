"""Start-up (issue 16): a command imports only what it uses and compiles only the regime it uses.

Checked by what a real ``itcriteria`` process imported and compiled, never by timing it (the benchmark
``benchmarks/bench_startup.py`` times it).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "plugins" / "binhthuan" / "examples"

#: Libraries only some commands need: spreadsheets and documents, the docs, the service, publishing.
HEAVY = {"openpyxl", "lxml", "docx", "sphinx", "docutils", "litestar", "uvicorn", "altair", "vl_convert"}
HEAVY |= {"typst", "hypothesis"}
#: The subpackages of itcriteria for those commands.
EDGES = {"itcriteria.results", "itcriteria.books", "itcriteria.annex", "itcriteria.publish"}
EDGES |= {"itcriteria.service", "itcriteria.testing"}

#: Runs the command line in this process, then prints the modules loaded and each regime's state.
PROBE = """
import contextlib, io, sys
from itcriteria.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(sys.argv[1:])
from itcriteria.registry import plugins
print(code)
print(" ".join(sorted(sys.modules)))
registry = plugins._default.cache_info().currsize and plugins.default_registry()
print(" ".join(f"{i.id}={i.state}" for i in registry.list_regimes()) if registry else "")
"""


def probe(*args: str) -> tuple[int, set[str], set[str], dict[str, str]]:
    """The exit code of ``itcriteria ARGS``, the top-level packages and the modules it imported, and
    the state of each installed regime (empty when it looked none up)."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=EXAMPLES, check=True
    )
    code, modules, states = done.stdout.splitlines()
    names = set(modules.split())
    regimes = dict(pair.split("=") for pair in states.split())
    return (
        int(code),
        {n.split(".")[0] for n in names},
        {n for n in names if n.startswith("itcriteria.")},
        regimes,
    )


def test_a_round_imports_no_spreadsheet_document_or_service_library() -> None:
    """``itcriteria round`` of the example loads none of openpyxl, Sphinx, Litestar, Typst, Altair, …,
    nor the subpackages that use them, nor the holidays of any country but Vietnam, and compiles only
    the round's regime of the seven installed."""
    code, packages, modules, regimes = probe("round", "binhthuan-2019-round.json")
    assert code == 0
    assert packages & HEAVY == set()
    assert {".".join(m.split(".")[:2]) for m in modules} & EDGES == set()
    assert "holidays" in packages and not [m for m in modules if m.startswith("holidays.countries")]
    assert regimes.pop("binhthuan-2019") == "valid"
    assert len(regimes) >= 6 and set(regimes.values()) == {"unchecked"}


@pytest.mark.parametrize("args", [("round", "--help"), ("show", "--help"), ("list",)])
def test_help_and_listing_import_no_heavy_library_and_compile_no_regime(args: tuple[str, ...]) -> None:
    """A command's ``--help`` and ``list`` load no heavy library (nor holidays), and ``list`` reads the
    regimes' headings without compiling one. (The group's own ``--help`` loads every command.)"""
    code, packages, _, regimes = probe(*args)
    assert code == 0
    assert packages & (HEAVY | {"holidays"}) == set()
    assert set(regimes.values()) <= {"unchecked"}
    if args == ("list",):
        assert len(regimes) >= 7


def test_every_listed_command_loads_under_its_name() -> None:
    """Each command the group lists, those loaded on first use included, resolves to itself."""
    import click

    from itcriteria.cli.commands import cli
    from itcriteria.cli.group import LAZY_COMMANDS

    context = click.Context(cli)
    names = cli.list_commands(context)
    assert set(LAZY_COMMANDS) <= set(names)
    for name in names:
        command = cli.get_command(context, name)
        assert isinstance(command, click.Command) and command.name == name
