"""The README and the bundled demo say what the code does."""

from __future__ import annotations

import importlib.util
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

import itcriteria
from itcriteria.testing import check_markdown_examples

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
BUNDLED_REGIMES = (
    "binhthuan-2018",
    "binhthuan-2019",
    "binhthuan-2020",
    "haugiang-2017",
    "binhdinh-2018",
    "hagiang-2015",
    "vn-dti-2022",
)


def quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```console\n(.*?)```", section, re.S)
    assert block is not None
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_quick_start_is_exactly_two_commands_and_ci_runs_the_test_one() -> None:
    """The quick start is two commands, and .ci/run calls the second one."""
    commands = quick_start_commands()
    assert commands == ["python3 dev.py demo", "python3 dev.py test"]
    assert commands[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_python_examples_print_what_they_say(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every ``print(...)  # expected`` line of each README Python example prints the expected text."""
    monkeypatch.chdir(ROOT)  # the example names the bundled regime file by its path in the repository
    assert check_markdown_examples(ROOT / "README.md") == len(re.findall(r"```python\n", README))


def test_readme_lists_every_installed_regime_and_no_other() -> None:
    """The README's table of bundled plugins names exactly the regimes the installed plugins register."""
    table = README.split("The bundled plugins:", 1)[1].split("\n\n", 2)[1]
    in_readme = set(re.findall(r"`([a-z]+(?:-[a-z]+)*-\d{4})`", table))
    assert in_readme == set(BUNDLED_REGIMES)
    assert {info.id for info in itcriteria.list_regimes()} >= set(BUNDLED_REGIMES)


def test_demo_scores_ranks_and_explains() -> None:
    """``python -m itcriteria demo`` prints both group rankings and one unit's explanation."""
    result = subprocess.run(
        [sys.executable, "-m", "itcriteria", "demo", "--lang", "en"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    out = result.stdout
    assert "Provincial departments" in out and "District people's committees" in out
    assert re.search(r"1\s+Sở Thông tin và Truyền thông\s+92\.83\s+100\s+92\.83\s+Good", out)
    assert "Total: 92.83 / 100 — Class: Good" in out
    assert "PROVISIONAL" in out


def test_the_main_command_runs_the_binh_thuan_2019_example_round() -> None:
    """``python3 dev.py demo`` runs the bundled Bình Thuận 2019 round: ranks, classes, exclusions, gaps."""
    spec = importlib.util.spec_from_file_location("dev", ROOT / "dev.py")
    assert spec is not None and spec.loader is not None
    dev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dev)
    assert dev.DEMO == ["round", "plugins/binhthuan/examples/binhthuan-2019-round.json"]
    result = subprocess.run(
        [sys.executable, "-m", "itcriteria", *dev.DEMO, "--lang", "en"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
        cwd=ROOT,
    )
    out = result.stdout
    assert "(binhthuan-2019)" in out and "[PROVISIONAL regime]" in out
    assert re.search(r"1\s+UBND thành phố Phan Thiết\s+87\.55\s+100\s+87\.55\s+Good", out)
    assert re.search(r"1\s+Trung tâm Công nghệ thông tin và Truyền thông\s+72\.62\s+80\s+90\.78\s+Good", out)
    assert "Not ranked: no form sent" in out and "Not ranked: late beyond the grace period" in out
    assert "Appraisal (self-assessed → appraised)" in out


def test_list_shows_every_bundled_regime_with_its_status() -> None:
    """``python -m itcriteria list`` lists the regimes of every bundled plugin, each with its status."""
    result = subprocess.run(
        [sys.executable, "-m", "itcriteria", "list", "--lang", "en"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    listed = {line.split()[0]: line.split()[1] for line in result.stdout.splitlines()}
    for regime_id in BUNDLED_REGIMES:
        assert listed[regime_id] in ("official", "provisional"), regime_id


def test_the_readme_command_line_examples_run(tmp_path: Path) -> None:
    """Each command of the README's command-line example runs (in a scratch folder) and writes its file
    or prints its ranking, ``rank --totals`` under a regime and under a bare policy included."""
    block = README.split("## Forms, results and the command line", 1)[1].split("```console\n", 1)[1]
    commands = [line for line in block.split("```", 1)[0].splitlines() if line.startswith("itcriteria ")]
    assert len(commands) == 7
    printed = []
    for command in commands:
        args = [str(ROOT / a) if a.startswith("plugins/") else a for a in shlex.split(command)[1:]]
        done = subprocess.run(
            [sys.executable, "-m", "itcriteria", *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            cwd=tmp_path,
        )
        assert done.returncode == 0, (command, done.stderr)
        printed.append(done.stdout)
    for ranking in printed[-2:]:  # the totals file ranks the same under the regime or its policy alone
        assert re.search(r"\b1  Sở Thông tin", ranking) and re.search(r"\b3  Sở Tư pháp", ranking)
    assert {p.name for p in tmp_path.iterdir()} == {"phieu-so-nganh.xlsx", "ket-qua.xlsx", "ket-qua.csv"}
    assert "61,04" in (tmp_path / "ket-qua.csv").read_text(encoding="utf-8-sig")


def test_the_readme_folder_round_runs_and_matches_the_round_file(tmp_path: Path) -> None:
    """The folder round of the README prints the report of the example round file (same forms, roster
    and adjustments), with the police's consistency warning on stderr; the second command writes its
    workbook under the dates given."""
    section = README.split("### A round from a folder of forms", 1)[1].split("```console\n", 1)[1]
    commands = [line for line in section.split("```", 1)[0].splitlines() if line.startswith("itcriteria ")]
    assert len(commands) == 2
    done = []
    for command in commands:
        args = [str(ROOT / a) if a.startswith("plugins/") else a for a in shlex.split(command)[1:]]
        ran = subprocess.run(
            [sys.executable, "-m", "itcriteria", *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            cwd=tmp_path,
        )
        assert ran.returncode == 0, (command, ran.stderr)
        done.append(ran)
    from_file = subprocess.run(
        [
            sys.executable,
            "-m",
            "itcriteria",
            "round",
            str(ROOT / "plugins/binhthuan/examples/binhthuan-2019-round.json"),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    assert done[0].stdout == from_file.stdout
    assert done[0].stderr.startswith("cảnh báo: cong-an-tinh: tiêu chí 1.2, mẫu số “Tổng số máy tính” = 45")
    assert {p.name for p in tmp_path.iterdir()} == {"ket-qua-phieu.xlsx"}
