"""``itcriteria docs``: the criteria book standalone, written whole or not at all."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

import itcriteria
from itcriteria import books as _book
from itcriteria._core.files import write_atomically
from itcriteria.books.writers import to_markdown
from itcriteria.cli import commands as _cli


@pytest.mark.parametrize(("fmt", "lang"), [("md", "vi"), ("rst", "en"), ("html", "vi"), ("html", "en")])
def test_docs_writes_the_same_book_the_directive_renders(tmp_path: Path, fmt: str, lang: str) -> None:
    """``itcriteria docs REGIME --format F --lang L -o FILE`` writes exactly the rendered book."""
    out = tmp_path / f"book.{fmt}"
    assert _cli.main(["docs", "binhthuan-2020", "--format", fmt, "--lang", lang, "-o", str(out)]) == 0
    expected = _book.render(_book.installed_book("binhthuan-2020", lang), fmt, lang)
    assert out.read_text(encoding="utf-8") == expected
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_docs_prints_markdown_in_vietnamese_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    """Without options the book goes to standard output as Vietnamese Markdown."""
    assert _cli.main(["docs", "hagiang-2015"]) == 0
    out = capsys.readouterr().out
    assert out == to_markdown(_book.installed_book("hagiang-2015", "vi"))
    assert "## Tiêu chí" in out and "hằng quý; kết quả năm: trung bình các quý" in out


def test_an_unknown_regime_is_one_line_and_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An id no plugin registers is a one-line error naming the installed regimes; no file is written."""
    out = tmp_path / "book.md"
    assert _cli.main(["docs", "nowhere-1999", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert (
        err.startswith("lỗi: chưa cài đặt bộ tiêu chí 'nowhere-1999'; các bộ tiêu chí đã cài: ")
        and "binhthuan-2019" in err
    )
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not out.exists()


def test_an_unknown_format_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """``--format pdf`` is refused by the command line itself (exit 2), listing the formats."""
    assert _cli.main(["docs", "binhthuan-2019", "--format", "pdf"]) == 2
    assert "'md', 'rst', 'html'" in capsys.readouterr().err


def test_a_failed_rendering_leaves_the_old_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """When rendering fails, the file already there is left as it was."""
    out = tmp_path / "book.md"
    out.write_text("the published book\n", encoding="utf-8")

    def broken(*args: object, **kwargs: object) -> str:
        raise itcriteria.ItcriteriaError("renderer broke")

    monkeypatch.setattr(_book, "render", broken)
    assert _cli.main(["docs", "binhthuan-2019", "-o", str(out)]) == 1
    assert "renderer broke" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "the published book\n"


def test_a_bug_is_not_dressed_as_an_error_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A builtin error that is not the library's (a bug) escapes the command line's error line."""

    def buggy(*args: object, **kwargs: object) -> str:
        raise ValueError("a bug")

    monkeypatch.setattr(_book, "render", buggy)
    with pytest.raises(ValueError, match="a bug"):
        _cli.main(["docs", "binhthuan-2019", "-o", str(tmp_path / "book.md")])
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_leaves_the_old_file_whole_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write that fails half-way (disk full) leaves the old file whole and removes its temporary file."""
    out = tmp_path / "book.md"
    out.write_text("the published book\n", encoding="utf-8")
    real_fsync = os.fsync

    def disk_full(descriptor: int) -> None:
        real_fsync(descriptor)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space left"):
        write_atomically(out, lambda o: o.write(b"half of a new book"))
    assert out.read_text(encoding="utf-8") == "the published book\n"
    assert [p.name for p in tmp_path.iterdir()] == ["book.md"]


def test_a_replaced_file_keeps_its_permissions(tmp_path: Path) -> None:
    """Writing over an existing file keeps its permissions; a new file gets the usual ones, not 0600."""
    out = tmp_path / "book.md"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o640)
    write_atomically(out, lambda o: o.write(b"new"))
    assert (out.read_text(encoding="utf-8"), stat.S_IMODE(out.stat().st_mode)) == ("new", 0o640)
    fresh = tmp_path / "fresh.md"
    write_atomically(fresh, lambda o: o.write(b"new"))
    umask = os.umask(0o022)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask
