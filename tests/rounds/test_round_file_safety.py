"""Files a round file may read: only regular files inside its folder (or --forms-dir), within a size limit."""

from __future__ import annotations

import json
import os
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import itcriteria
from itcriteria._core import RefusedInput, confined, limits, read_bounded
from itcriteria.cli.commands import cli

EXAMPLES = Path(__file__).parents[2] / "plugins" / "binhthuan" / "examples"
FORMS = "binhthuan-2019-forms.json"


def round_data(*forms: Any) -> dict[str, Any]:
    data = json.loads((EXAMPLES / "binhthuan-2019-round.json").read_text(encoding="utf-8"))
    data["forms"] = list(forms)
    return data


def write_round(folder: Path, *forms: Any) -> Path:
    path = folder / "round.json"
    path.write_text(json.dumps(round_data(*forms)), encoding="utf-8")
    return path


def refused(path: Path, **options: Any) -> str:
    with pytest.raises(itcriteria.SubmissionError) as caught:
        itcriteria.load_round(path, **options)
    return str(caught.value)


def test_forms_beside_the_round_file_are_read(tmp_path: Path) -> None:
    """A forms file in the round file's folder is read as before."""
    shutil.copy(EXAMPLES / FORMS, tmp_path / FORMS)
    result = itcriteria.load_round(write_round(tmp_path, FORMS)).run()
    assert len(result.cards) > 5


def test_absolute_paths_and_dotdot_are_refused_naming_the_entry(tmp_path: Path) -> None:
    """An absolute path and a '..' escape are both refused, each by its entry, in one error."""
    secret = tmp_path / "secret.json"
    secret.write_text('{"password": "hunter2"}', encoding="utf-8")
    inner = tmp_path / "round"
    inner.mkdir()
    text = refused(write_round(inner, str(secret), "../secret.json", "sub/../../secret.json"))
    assert "forms[0]" in text and "absolute path" in text
    assert "forms[1]" in text and "forms[2]" in text and "'..'" in text
    assert "hunter2" not in text and "password" not in text


def test_a_symlink_leaving_the_folder_is_refused_but_one_inside_is_followed(tmp_path: Path) -> None:
    """A link out of the folder is refused; a link to a file inside the folder is read."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.json").write_text('[{"unit": "hunter2"}]', encoding="utf-8")
    inner = tmp_path / "round"
    inner.mkdir()
    (inner / "leak.json").symlink_to(outside / "secret.json")
    (inner / "dir").symlink_to(outside)
    text = refused(write_round(inner, "leak.json", "dir/secret.json"))
    assert text.count("symbolic link leading out") == 2 and "hunter2" not in text
    shutil.copy(EXAMPLES / FORMS, inner / FORMS)
    (inner / "alias.json").symlink_to(inner / FORMS)
    assert itcriteria.load_round(write_round(inner, "alias.json")).run().cards


def test_a_fifo_is_refused_at_once_without_blocking(tmp_path: Path) -> None:
    """A named pipe (no writer) is refused by its type; the reader never opens it, so nothing hangs."""
    os.mkfifo(tmp_path / "pipe.json")
    os.mkfifo(tmp_path / "pipe.xlsx")
    done: list[str] = []
    thread = threading.Thread(
        target=lambda: done.append(refused(write_round(tmp_path, "pipe.json", "pipe.xlsx")))
    )
    thread.start()
    thread.join(timeout=30)
    assert not thread.is_alive(), "reading a FIFO blocked"
    assert done[0].count("not a regular file") == 2


def test_folders_devices_and_missing_files_are_refused(tmp_path: Path) -> None:
    """A folder, a device reached through a link inside the folder and a missing file each get a problem."""
    (tmp_path / "folder.json").mkdir()
    (tmp_path / "zero.csv").symlink_to("/dev/zero")
    text = refused(write_round(tmp_path, "folder.json", "zero.csv", "missing.json"))
    assert "forms[0]" in text and "a folder" in text
    assert "forms[1]" in text  # /dev/zero is outside, and not a regular file either
    assert "forms[2]" in text and "No such file" in text


def test_an_oversized_form_is_refused_before_it_is_read(tmp_path: Path) -> None:
    """A file over the form size limit is refused from its size alone."""
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.truncate(limits.MAX_FORM_BYTES + 1)  # sparse: no disk used
    assert "larger than the limit" in refused(write_round(tmp_path, "big.json"))


def test_forms_dir_moves_the_folder_and_confines_it_too(tmp_path: Path) -> None:
    """--forms-dir names the folder form files are read from; the round file's own folder is then not used."""
    forms = tmp_path / "forms"
    forms.mkdir()
    shutil.copy(EXAMPLES / FORMS, forms / FORMS)
    rounds = tmp_path / "rounds"
    rounds.mkdir()
    path = write_round(rounds, FORMS)
    assert "No such file" in refused(path)
    assert itcriteria.load_round(path, forms_dir=forms).run().cards
    runner = CliRunner()
    ok = runner.invoke(cli, ["round", str(path), "--forms-dir", str(forms), "--lang", "en"])
    assert ok.exit_code == 0, ok.output
    bad = runner.invoke(cli, ["score", str(path)])
    assert bad.exit_code == 1 and "No such file" in bad.output


def test_without_a_folder_only_inline_forms_are_read() -> None:
    """round_from_dict without a folder refuses a form given by name instead of reading the working one."""
    from itcriteria.rounds import round_from_dict

    with pytest.raises(itcriteria.SubmissionError, match="given inline"):
        round_from_dict(round_data("/etc/passwd"))


def test_the_safe_reader_refuses_what_it_does_not_read(tmp_path: Path) -> None:
    """read_bounded reads regular files up to the limit and refuses the rest; confined refuses escapes."""
    file = tmp_path / "a.txt"
    file.write_bytes(b"12345")
    assert read_bounded(file, limit=5) == b"12345"
    with pytest.raises(RefusedInput, match="larger than the limit"):
        read_bounded(file, limit=4)
    with pytest.raises(RefusedInput, match="not a regular file"):
        read_bounded(Path("/dev/null"))
    for name in ("/etc/passwd", "C:\\x", "..\\x", "", "a\x00b"):
        with pytest.raises(RefusedInput):
            confined(tmp_path, name)
    assert confined(tmp_path, "a.txt") == file.resolve()


def test_a_round_file_itself_is_read_safely(tmp_path: Path) -> None:
    """A round file that is a FIFO, or nested too deep, is one clear error."""
    os.mkfifo(tmp_path / "round.json")
    with pytest.raises(itcriteria.ItcriteriaError, match="not a regular file"):
        itcriteria.load_round(tmp_path / "round.json")
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(itcriteria.ItcriteriaError, match="nested deeper"):
        itcriteria.load_round(deep)


def test_a_number_beyond_any_decimal_is_a_refused_round_file_not_a_crash(tmp_path: Path) -> None:
    """A round file holding 1e999…9 (an exponent no Decimal holds) is refused as not valid JSON,
    naming the number, instead of raising decimal.InvalidOperation (found by the fuzz harness)."""
    path = tmp_path / "round.json"
    path.write_text('{"regime": "binhthuan-2019", "x": 1e999999999999999999999999999}', encoding="utf-8")
    with pytest.raises(itcriteria.ItcriteriaError, match=r"not valid JSON: the number 1e9+… is out of range"):
        itcriteria.load_round(path)


def test_a_malformed_glob_is_a_problem_naming_the_entry(tmp_path: Path) -> None:
    """A forms entry that is not a valid glob (``**`` inside a name) is listed as a problem of that
    entry, not a ValueError from pathlib (found by the fuzz harness)."""
    path = tmp_path / "round.json"
    round_ = {"regime": "binhthuan-2019", "period": "2019", "units": [], "forms": ["phieu/a**.json"]}
    path.write_text(json.dumps(round_), encoding="utf-8")
    with pytest.raises(itcriteria.ItcriteriaError, match=r"forms\[0\].*is not a valid glob"):
        itcriteria.load_round(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[1, 2]", "expected a JSON object, got list"),
        ("{x", "not valid JSON: Expecting property name"),
        ("[" * 1_000 + "]" * 1_000, "nested deeper"),
        (b"\xff\xfe{}", "not UTF-8 text"),
    ],
)
def test_a_refused_round_file_is_a_submission_error_naming_the_file(
    tmp_path: Path, content: str | bytes, message: str
) -> None:
    """A round file that is not UTF-8, not JSON, too deep or not a JSON object raises SubmissionError
    (also a ValueError) with one problem naming the file and why it is not a round file."""
    path = tmp_path / "round.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(itcriteria.SubmissionError) as refused:
        itcriteria.load_round(path)
    assert isinstance(refused.value, ValueError)
    (problem,) = refused.value.problems
    assert problem.where == str(path) and problem.message.startswith("not a round file: ")
    assert message in problem.message
    result = CliRunner().invoke(cli, ["round", str(path)])
    assert result.exit_code == 1 and f"{path}: not a round file: " in result.output
