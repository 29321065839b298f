"""``itcriteria round`` from a folder of filled forms: roster, dates and appraisal from options, the
consistency warnings naming both cells, ``--skip-invalid`` and ``-o`` as on ``score``, and progress
bars drawn on a terminal only."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path
from typing import Any

from filling import Sheet, fill, first

import itcriteria

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "plugins" / "binhthuan" / "examples"
FORMS: list[dict[str, Any]] = json.loads((EXAMPLES / "binhthuan-2019-forms.json").read_text("utf-8"))
BINHTHUAN = itcriteria.get_regime("binhthuan-2019")


def run(*args: str | Path, code: int = 0) -> subprocess.CompletedProcess[str]:
    """``python -m itcriteria ARGS``, output piped, with its exit code checked."""
    done = subprocess.run(
        [sys.executable, "-m", "itcriteria", *map(str, args)], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == code, done.stdout + done.stderr
    return done


def filled_folder(folder: Path, forms: list[dict[str, Any]]) -> dict[str, Sheet]:
    """Each form filled into the departments' template, one xlsx per unit in ``folder``."""
    folder.mkdir()
    run("template", "binhthuan-2019", "--group", "so-nganh", "-o", folder.parent / "phieu.xlsx")
    sheets = {}
    for form in forms:
        path = folder / f"{form['unit']['id']}.xlsx"
        path.write_bytes((folder.parent / "phieu.xlsx").read_bytes())
        sheet = Sheet(path)
        fill(sheet, BINHTHUAN, form, "vi", first, fixed=True)
        sheet.save()
        sheets[form["unit"]["id"]] = sheet
    return sheets


DEPARTMENTS = [form for form in FORMS if form["unit"]["group"] == "so-nganh"]


def test_a_folder_round_with_a_roster_names_both_cells_of_a_warning(tmp_path: Path) -> None:
    """Forms in a folder, units from a roster CSV (Vietnamese headers), the deadline and grace from
    options: the report ranks them, a unit without a form is listed as not sent, and a form whose two
    "all computers" cells differ is warned about at both cells, in Vietnamese, still scored."""
    sheets = filled_folder(tmp_path / "phieu", DEPARTMENTS)
    broken = sheets["so-tu-phap"]
    broken.input("1.3", "denominator").value = 60
    broken.save()
    roster = tmp_path / "don-vi.csv"
    rows = [f"{f['unit']['id']},{f['unit']['name']},{f['unit']['group']}" for f in DEPARTMENTS]
    roster.write_text("Mã,Tên đơn vị,Nhóm\n" + "\n".join([*rows, "so-y-te,Sở Y tế,so-nganh"]), "utf-8")
    done = run(
        "round", "--regime", "binhthuan-2019", "--forms", tmp_path / "phieu", "--roster", roster,
        "--deadline", "20/09/2019", "--grace", "0",
    )  # fmt: skip
    first_cell = broken.where(broken.input("1.2", "denominator"))
    second_cell = broken.where(broken.input("1.3", "denominator"))
    assert done.stderr == (
        f"cảnh báo: so-tu-phap: tiêu chí 1.2, mẫu số “Tổng số máy tính” = 55 ({first_cell}) khác "
        f"tiêu chí 1.3, mẫu số “Tổng số máy tính” = 60 ({second_cell}); hai số liệu này phải bằng nhau "
        "(tổng số máy tính của đơn vị)\n"
    )
    assert "Hạn gửi phiếu: 20/09/2019; nhận đến hết ngày 20/09/2019" in done.stdout
    assert "Sở Y tế" in done.stdout and "không gửi phiếu" in done.stdout
    assert "Sở Tư pháp" in done.stdout


def test_round_writes_the_results_with_warnings_and_skips_invalid_forms(tmp_path: Path) -> None:
    """``-o results.json`` writes the round JSON, its warnings carrying both cells; a broken form stops
    the round unless ``--skip-invalid``, which lists it on stderr."""
    sheets = filled_folder(tmp_path / "phieu", DEPARTMENTS)
    sheets["so-tttt"].input("2.5", "denominator").value = 46
    sheets["so-tttt"].save()
    sheets["bql-kcn"].input("1.1", "numerator").value = "nhiều"
    sheets["bql-kcn"].save()
    folder, out = tmp_path / "phieu", tmp_path / "ket-qua.json"
    failed = run("round", "--regime", "binhthuan-2019", "--forms", folder, "-o", out, code=1)
    assert "bql-kcn.xlsx!Phiếu!" in failed.stderr and not out.exists()
    done = run(
        "round", "--regime", "binhthuan-2019", "--forms", folder, "--skip-invalid", "-o", out,
        "--lang", "en",
    )  # fmt: skip
    assert f"skipped: {folder / 'bql-kcn.xlsx'}" in done.stderr
    assert "warning: so-tttt: criterion 1.1, denominator “All staff” = 45" in done.stderr
    (warning,) = json.loads(out.read_text("utf-8"))["warnings"]
    tttt = sheets["so-tttt"]
    assert warning["first"] == {
        "criterion": "1.1", "field": "denominator", "value": "45",
        "where": tttt.where(tttt.input("1.1", "denominator")),
    }  # fmt: skip
    assert warning["second"]["where"] == tttt.where(tttt.input("2.5", "denominator"))


def test_validate_and_score_show_the_warnings_too(tmp_path: Path) -> None:
    """``validate`` says the forms are valid (exit 0) and lists the warning; ``score`` does as well."""
    sheets = filled_folder(tmp_path / "phieu", DEPARTMENTS[:1])
    sheets["so-tttt"].input("6.1", "value").value = 50
    sheets["so-tttt"].save()
    path = sheets["so-tttt"].path
    done = run("validate", "binhthuan-2019", path, "--lang", "en")
    assert done.stdout == "1 forms are valid\n"
    assert "criterion 6.1, value “IT staff” = 50" in done.stderr and "which it cannot exceed" in done.stderr
    assert "cảnh báo: so-tttt: tiêu chí 6.1" in run("score", "--regime", "binhthuan-2019", path).stderr


def test_round_usage_errors_exit_2() -> None:
    """A round FILE with folder options, or neither a FILE nor --regime and --forms, is bad usage."""
    assert (
        "do not give --regime"
        in run("round", EXAMPLES / "binhthuan-2019-round.json", "--regime", "binhthuan-2019", code=2).stderr
    )
    assert "--regime REGIME and --forms DIR" in run("round", "--regime", "binhthuan-2019", code=2).stderr


def test_a_progress_bar_is_drawn_on_a_terminal_and_never_into_a_pipe(tmp_path: Path) -> None:
    """On a pseudo-terminal stderr carries one bar per step (reading, scoring, writing); piped,
    stderr carries none."""
    filled_folder(tmp_path / "phieu", DEPARTMENTS)
    args = ["round", "--regime", "binhthuan-2019", "--forms", str(tmp_path / "phieu")]
    args += ["-o", str(tmp_path / "kq.xlsx")]
    piped = run(*args)
    assert piped.stderr == f"đã ghi {tmp_path / 'kq.xlsx'}\n"
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "itcriteria", *args], stdout=subprocess.DEVNULL, stderr=follower, cwd=ROOT
    )
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        seen += chunk
    assert process.wait(timeout=120) == 0
    os.close(leader)
    text = seen.decode("utf-8")
    for label in ("đọc phiếu", "chấm điểm", "ghi kết quả"):
        assert label in text, text
    assert "100%" in text and "#" in text
