"""The command line, run as a subprocess the way a user runs it: every command's output, the exit
codes the help documents, and errors as one readable line (a traceback only with --debug)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from filling import Sheet, fill, first

import itcriteria

ROOT = Path(__file__).resolve().parents[2]
ROUND = ROOT / "plugins" / "binhthuan" / "examples" / "binhthuan-2019-round.json"
FORMS = ROOT / "plugins" / "binhthuan" / "examples" / "binhthuan-2019-forms.json"


def run(*args: str | Path, code: int = 0, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """``python -m itcriteria ARGS`` with its exit code checked."""
    done = subprocess.run(
        [sys.executable, "-m", "itcriteria", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
    )
    assert done.returncode == code, done.stdout + done.stderr
    return done


COMMANDS = [
    "list",
    "show",
    "template",
    "validate",
    "check",
    "score",
    "rank",
    "gaps",
    "plan",
    "diff",
    "docs",
    "round",
]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    """``--help`` works on every command the issue names (in Vietnamese, or English with --lang en), and
    the group lists them all."""
    assert "Cách dùng: itcriteria" in run(command, "--help").stdout
    assert "Usage: itcriteria" in run("--lang", "en", command, "--help").stdout
    assert command in run("--help").stdout


def test_errors_are_one_line_with_exit_code_1_and_a_traceback_only_with_debug() -> None:
    """An unknown regime is one line on stderr; --debug shows the traceback; bad usage exits 2."""
    done = run("show", "no-such-regime", code=1)
    assert done.stderr.startswith("lỗi: chưa cài đặt bộ tiêu chí 'no-such-regime'")
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" in run("--debug", "show", "no-such-regime", code=1).stderr
    assert "No such command" in run("bogus", code=2).stderr
    assert (
        "give --rank or --target"
        in run("plan", ROUND, "--unit", "a", "--rank", "1", "--target", "9", code=2).stderr
    )


def test_show_prints_the_criteria_tree_of_one_group() -> None:
    """``show REGIME --group`` gives status, deadline, the group and only that group's criteria."""
    out = run("show", "binhthuan-2019", "--group", "huyen", "--lang", "en").stdout
    assert "provisional · 23/07/2019–12/08/2020" in out
    assert "Forms due: 15/09/2019; accepted until 20/09/2019" in out
    assert (
        "2.4. Share of commune committees using the document-management system — 6  (benchmark 100%)" in out
    )
    assert "2.3." not in out  # departments only


def test_diff_lists_what_the_next_regime_changed() -> None:
    """``diff OLD NEW`` prints the regime diff."""
    out = run("diff", "binhthuan-2019", "binhthuan-2020", "--lang", "en").stdout
    assert out.splitlines()[:2] == ["binhthuan-2019 → binhthuan-2020", "  ~ 4.2 benchmark: 30% → 50%"]


def test_score_rank_gaps_and_plan_read_a_round_file() -> None:
    """The round file drives score, rank, gaps and plan alike."""
    ranking = run("rank", ROUND, "--lang", "en").stdout
    assert "Ranking — " in ranking and "Not ranked: no form sent" in ranking
    scored = run("score", ROUND, "--lang", "en").stdout
    assert "Appraisal (self-assessed → appraised)" in scored and "largest gaps" not in scored
    gaps = run("gaps", ROUND, "--unit", "so-tu-phap", "--lang", "en").stdout
    assert "to benchmark: ratio 16/160, benchmark 30%: 32 more" in gaps
    plan = run("plan", ROUND, "--unit", "so-tu-phap", "--rank", "2", "--lang", "en").stdout
    assert "Changes (1):" in plan and "target 63.47" in plan
    assert "not evaluated in this round" in run("plan", ROUND, "--unit", "so-y-te", code=1).stderr


def test_a_clerk_fills_the_template_and_the_officer_scores_it(tmp_path: Path) -> None:
    """template → filled in a spreadsheet (openpyxl here) → validate → score and rank under --regime."""
    forms = json.loads(FORMS.read_text(encoding="utf-8"))[:3]  # three departments
    filled = clerks_fill(tmp_path, forms)
    assert run("validate", "binhthuan-2019", *filled).stdout == "3 phiếu hợp lệ\n"
    assert run("validate", "binhthuan-2019", *filled, "--lang", "en").stdout == "3 forms are valid\n"
    ranking = run("rank", "--regime", "binhthuan-2019", *filled, "--lang", "en").stdout
    for card in itcriteria.get_regime("binhthuan-2019").score_all(forms):
        assert re.search(rf"{re.escape(card.unit.name)}\s+{card.total}\s", ranking), card.unit.id


def test_validate_lists_every_bad_form_and_exits_1(tmp_path: Path) -> None:
    """A batch with a bad form names the file, sheet, cell and criterion; --skip-invalid scores the rest."""
    paths = clerks_fill(tmp_path, json.loads(FORMS.read_text(encoding="utf-8"))[:2])
    broken = Sheet(paths[1])
    broken.input("1.1", "numerator").value = "nhiều"
    broken.save()
    done = run("validate", "binhthuan-2019", *paths, code=1)
    assert f"{paths[1]}!Phiếu!" in done.stderr and "1.1" in done.stderr
    kept = run("score", "--regime", "binhthuan-2019", *paths, "--skip-invalid", "--lang", "en")
    assert f"skipped: {paths[1]}" in kept.stderr and "Sở Thông tin và Truyền thông" in kept.stdout


def clerks_fill(folder: Path, forms: list[dict[str, Any]]) -> list[Path]:
    """The departments' form written by ``itcriteria template``, then filled with each of ``forms``."""
    regime = itcriteria.get_regime("binhthuan-2019")
    run("template", "binhthuan-2019", "--group", "so-nganh", "-o", folder / "phieu.xlsx")
    paths = []
    for form in forms:
        path = folder / f"{form['unit']['id']}.xlsx"
        shutil.copy(folder / "phieu.xlsx", path)
        sheet = Sheet(path)
        fill(sheet, regime, form, "vi", first, fixed=True)
        paths.append(sheet.save())
    return paths


def test_the_officer_exports_a_round_and_ranks_totals_from_elsewhere(tmp_path: Path) -> None:
    """score -o writes the workbook; rank --totals ranks a CSV under a policy, with or without a regime."""
    run("score", ROUND, "-o", tmp_path / "ket-qua.xlsx")
    workbook = openpyxl.load_workbook(tmp_path / "ket-qua.xlsx", read_only=True)
    assert len(workbook.sheetnames) > 10  # rankings, statuses, appraisal, gaps and a sheet per unit
    totals = tmp_path / "totals.csv"
    totals.write_text("unit;group;total\na;so-nganh;85,5\nb;so-nganh;90\nc;huyen;70\n", encoding="utf-8")
    out = run("rank", "--totals", totals, "--policy", "competition").stdout
    assert re.search(r"1\s+b\s+90\s", out) and re.search(r"2\s+a\s+85,5\s", out)
    run("rank", "--totals", totals, "--regime", "binhthuan-2019", "-o", tmp_path / "hang.json")
    assert '"unit":"b"' in (tmp_path / "hang.json").read_text(encoding="utf-8").replace(" ", "")
    assert "--totals needs --policy" in run("rank", "--totals", totals, code=2).stderr
    bad = tmp_path / "bad.csv"
    bad.write_text("unit,group,total\na,so-nganh,nhiều\n", encoding="utf-8")
    assert "line 2" in run("rank", "--totals", bad, "--policy", "competition", code=1).stderr
    assert not (tmp_path / "never.xlsx").exists()
    run("score", ROUND, "-o", tmp_path / "missing" / "never.xlsx", code=1)


def test_an_unknown_group_and_bad_usage_exit_with_their_documented_codes(tmp_path: Path) -> None:
    """``show --group nope`` is an error listing the groups, not a short listing with exit 0; a target
    that is not a number and an output whose format cannot be told are bad usage (exit 2), found before
    any work and leaving no file (issue 18)."""
    done = run("show", "binhthuan-2019", "--group", "nope", code=1)
    assert "no unit group 'nope'" in done.stderr and "so-nganh" in done.stderr and not done.stdout
    done = run("plan", ROUND, "--unit", "so-tu-phap", "--target", "abc", code=2)
    assert "Invalid value for '--target'" in done.stderr
    assert "mục tiêu 70,50" in run("plan", ROUND, "--unit", "so-tu-phap", "--target", "70,5").stdout
    done = run("score", ROUND, "-o", tmp_path / "x.pdf", code=2)
    assert "end it in .xlsx, .csv or .json" in done.stderr and not (tmp_path / "x.pdf").exists()


def test_totals_under_a_percent_policy_without_max_say_what_to_add(tmp_path: Path) -> None:
    """Totals in the documented columns under a policy that ranks on the percent of max name the file
    and say to add a max column or give the regime; with the regime they rank (issue 18)."""
    totals = tmp_path / "tong-diem.csv"
    totals.write_text('unit,group,total\nso-a,so-nganh,"61,5"\nso-b,so-nganh,70\n', encoding="utf-8")
    done = run("rank", "--totals", totals, "--policy", "binhthuan", code=1)
    assert f"{totals}: policy 'binhthuan' ranks on the percent of each unit's maximum" in done.stderr
    assert "add a max column, or give --regime REGIME" in done.stderr
    ranking = run("rank", "--totals", totals, "--regime", "binhthuan-2019").stdout
    assert ranking.index("so-b") < ranking.index("so-a")
