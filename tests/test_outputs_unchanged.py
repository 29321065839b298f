"""What users read stays the same: snapshots of every output on the bundled examples and a generated
1,000-unit round.

Speed work (issue 16) may change how results are computed, never what they are. Each case below writes
one output the way a user gets it (the command line, or the library call the command makes) and
compares it with the snapshot in ``tests/snapshots/``: whole text for the bundled examples, so a change
shows as a readable diff, and a SHA-256 for the generated round, whose outputs run to megabytes.
Workbooks are compared by the values of their cells, sheet by sheet (a zip's timestamps differ on every
write); a workbook may gain sheets, but every sheet a snapshot holds must keep its values.

A change that is meant to change an output regenerates the snapshots with
``UPDATE_SNAPSHOTS=1 python3 dev.py test tests/test_outputs_unchanged.py`` and says so in its commit.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

import itcriteria
from itcriteria.cli.commands import cli
from itcriteria.rounds import render_round

ROOT = Path(__file__).parents[1]
SNAPSHOTS = Path(__file__).parent / "snapshots"
EXAMPLES = ROOT / "plugins" / "binhthuan" / "examples"
ROUND = EXAMPLES / "binhthuan-2019-round.json"
FORMS = EXAMPLES / "binhthuan-2019-forms.json"
UPDATE = bool(os.environ.get("UPDATE_SNAPSHOTS"))


def matches(name: str, text: str) -> None:
    """Compare ``text`` with the snapshot ``name`` (or write it, when updating)."""
    path = SNAPSHOTS / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"no snapshot {name}: run with UPDATE_SNAPSHOTS=1 to write it"
    assert text == path.read_text(encoding="utf-8"), f"{name} changed"


def command(*args: str, stdin: str | None = None) -> str:
    """The standard output of one command, which must succeed."""
    done = CliRunner().invoke(cli, list(args), input=stdin, catch_exceptions=False)
    assert done.exit_code == 0, done.output
    return done.stdout


def cells(path: Path) -> str:
    """A workbook as text: each sheet's name, then its rows of cell values (up to the last cell with
    a value: how far read-only openpyxl pads a row depends on the dimension the writer recorded)."""
    book = openpyxl.load_workbook(path, read_only=True)
    lines = []
    for sheet in book.worksheets:
        lines.append(f"## {sheet.title}")
        lines.extend(repr(trimmed(row)) for row in sheet.iter_rows(values_only=True))
    book.close()
    return "\n".join(lines) + "\n"


def trimmed(row: tuple[object, ...]) -> tuple[object, ...]:
    """``row`` without the empty cells at its end."""
    end = len(row)
    while end and row[end - 1] is None:
        end -= 1
    return row[:end]


def sheets(text: str) -> dict[str, str]:
    """The sheets of a workbook dump by name."""
    parts = text.split("\n## ")
    parts[0] = parts[0].removeprefix("## ")
    return {part.split("\n", 1)[0]: part for part in parts if part}


COMMANDS: dict[str, tuple[str, ...]] = {
    "round-vi.txt": ("round", str(ROUND)),
    "round-en.txt": ("round", str(ROUND), "--lang", "en"),
    "rank-vi.txt": ("rank", str(ROUND)),
    "gaps-vi.txt": ("gaps", str(ROUND)),
    "gaps-en.txt": ("gaps", str(ROUND), "--lang", "en"),
    "score-vi.txt": ("score", str(ROUND)),
    "show-binhthuan-2019.txt": ("show", "binhthuan-2019"),
    "diff-binhthuan-2019-2020.txt": ("diff", "binhthuan-2019", "binhthuan-2020"),
    **{
        f"book-{regime}-{lang}.md": ("docs", regime, "--lang", lang)
        for regime in ("binhthuan-2019", "binhthuan-2020", "vn-dti-2022", "hagiang-2015")
        for lang in ("vi", "en")
    },
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_commands_print_what_they_printed(name: str) -> None:
    """Each command's report on the bundled examples is the same text as its snapshot."""
    matches(name, command(*COMMANDS[name]))


def test_the_scorecards_and_explanations_over_json_are_unchanged() -> None:
    """``score --json --explain`` gives each example form the same scorecard and explanation."""
    forms = json.loads(FORMS.read_text(encoding="utf-8"))
    out = [
        command("score", "--json", "--explain", "--regime", "binhthuan-2019", stdin=json.dumps(f))
        for f in forms
    ]
    # The version moves with every release; the regime's content hash is what pins the rules.
    matches("scorecards.jsonl", "".join(out).replace(f'"{itcriteria.__version__}"', '"VERSION"'))


RESULTS = {
    "results-vi.csv": (),
    "results-comma.csv": ("--decimal-comma",),
    "results-en.csv": ("--lang", "en"),
    "results-vi.json": (),
    "results-en.json": ("--lang", "en"),
    "results-vi.xlsx": (),
    "results-en.xlsx": ("--lang", "en"),
}


@pytest.mark.parametrize("name", sorted(RESULTS))
def test_the_results_files_are_unchanged(name: str, tmp_path: Path) -> None:
    """The results file the example round writes has the same content (a workbook: the same cells)."""
    path = tmp_path / ("ket-qua" + Path(name).suffix)
    command("score", str(ROUND), "-o", str(path), *RESULTS[name])
    if path.suffix != ".xlsx":
        matches(name, path.read_text(encoding="utf-8"))
        return
    written = cells(path)
    snapshot = SNAPSHOTS / (name + ".txt")
    if UPDATE or not snapshot.exists():
        matches(name + ".txt", written)
        return
    now = sheets(written)
    for title, content in sheets(snapshot.read_text(encoding="utf-8")).items():
        assert title in now, f"{name}: sheet {title} is gone"
        assert now[title].rstrip("\n") == content.rstrip("\n"), f"{name}: sheet {title} changed"


@pytest.fixture(scope="module")
def province() -> itcriteria.RoundResult:
    """The generated 1,000-unit round the benchmarks use (benchmarks/scale.py), run."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import scale
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return scale.province(1000).run()


def digest(text: str | bytes) -> str:
    """The SHA-256 of an output, with its size, as a snapshot line."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return f"{len(data)} bytes sha256:{hashlib.sha256(data).hexdigest()}\n"


def written(result: itcriteria.RoundResult, suffix: str, folder: Path, **options: object) -> bytes:
    """The bytes ``write_results`` writes to a file with ``suffix``."""
    path = folder / ("ket-qua" + suffix)
    itcriteria.write_results(result, path, **options)  # type: ignore[arg-type]
    return path.read_bytes()


PROVINCE: dict[str, Callable[[itcriteria.RoundResult, Path], str | bytes]] = {
    "report-vi": lambda result, _: render_round(result, "vi"),
    "report-en": lambda result, _: render_round(result, "en"),
    "results-csv": lambda result, folder: written(result, ".csv", folder),
    "results-comma-csv": lambda result, folder: written(result, ".csv", folder, decimal_comma=True),
    "results-json": lambda result, folder: written(result, ".json", folder),
    "results-en-json": lambda result, folder: written(result, ".json", folder, lang="en"),
}


@pytest.mark.parametrize("name", sorted(PROVINCE))
def test_a_generated_1000_unit_round_gives_the_same_outputs(
    name: str, province: itcriteria.RoundResult, tmp_path: Path
) -> None:
    """The report and results files of a generated 1,000-unit round are byte for byte as before."""
    matches(f"province-1000-{name}.sha256", digest(PROVINCE[name](province, tmp_path)))
