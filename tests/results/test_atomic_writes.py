"""Atomic writes, proven: a writer killed outright, a read-only folder, a full disk and two writers at
once all leave the target either as it was or whole, with no temporary file beside it."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

import itcriteria
from itcriteria._core import write_atomically
from itcriteria.results.writing import write_results

ROUND = Path(__file__).parents[2] / "plugins" / "binhthuan" / "examples" / "binhthuan-2019-round.json"

# The child writes the example round's workbook, and stops inside the save once every byte is written,
# before the file is moved over the target: the moment a kill does the most harm.
CHILD = textwrap.dedent(
    """
    import sys, time
    import itcriteria
    from xlsxwriter.workbook import Workbook
    from itcriteria.results.writing import write_results

    original = Workbook.close

    def close(self):
        original(self)
        print("written", flush=True)
        time.sleep(120)

    Workbook.close = close
    write_results(itcriteria.load_round(sys.argv[1]).run(), sys.argv[2])
    """
)


def result() -> itcriteria.RoundResult:
    return itcriteria.load_round(ROUND).run()


def test_a_writer_killed_mid_write_leaves_the_previous_file_and_no_temporary(tmp_path: Path) -> None:
    """SIGKILL after the whole workbook is written but before it replaces the target: the old file
    is intact, and nothing else is in the folder."""
    target = tmp_path / "ket-qua.xlsx"
    target.write_bytes(b"the previous results")
    command = [sys.executable, "-c", CHILD, str(ROUND), str(target)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as child:
        try:
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "written"
            child.send_signal(signal.SIGKILL)
        finally:
            child.kill()
            child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL
    assert target.read_bytes() == b"the previous results"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ket-qua.xlsx"]


@contextlib.contextmanager
def small_filesystem(folder: Path, size: str) -> Iterator[bool]:
    """A tmpfs of ``size`` mounted on ``folder`` when this process may mount one (root), else nothing."""
    folder.mkdir()
    if os.geteuid() != 0:
        yield False
        return
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], check=False
    )
    try:
        yield mounted.returncode == 0
    finally:
        if mounted.returncode == 0:
            subprocess.run(["umount", "-l", str(folder)], check=True)


def test_a_full_disk_leaves_the_previous_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ENOSPC while the workbook is written (a 64 KiB tmpfs, or a simulated OSError): the old file stays."""
    folder = tmp_path / "full"
    with small_filesystem(folder, "64k") as real:
        target = folder / "ket-qua.xlsx"
        target.write_bytes(b"old")
        if not real:

            def full(*_args: object) -> None:
                raise OSError(errno.ENOSPC, "No space left on device")

            monkeypatch.setattr(os, "fsync", full)
        with pytest.raises(OSError, match="No space left") as caught:
            write_results(result(), target)
        assert caught.value.errno == errno.ENOSPC
        assert target.read_bytes() == b"old"
        assert sorted(p.name for p in folder.iterdir()) == ["ket-qua.xlsx"]


def test_a_read_only_folder_is_an_error_and_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder on a read-only file system (remounted tmpfs, or a simulated EROFS) refuses the write."""
    folder = tmp_path / "ro"
    with small_filesystem(folder, "1m") as real:
        target = folder / "ket-qua.csv"
        target.write_bytes(b"old")
        if real:
            subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        else:

            def read_only(*_args: object, **_kwargs: object) -> int:
                raise OSError(errno.EROFS, "Read-only file system")

            monkeypatch.setattr(os, "open", read_only)
        with pytest.raises(OSError, match=r"Read-only|Permission denied") as caught:
            write_results(result(), target)
        assert caught.value.errno in (errno.EROFS, errno.EACCES)
        monkeypatch.undo()
        assert target.read_bytes() == b"old"
        assert sorted(p.name for p in folder.iterdir()) == ["ket-qua.csv"]


def test_two_writers_never_mix(tmp_path: Path) -> None:
    """Two threads writing different contents to one target in chunks, and a reader watching: every
    read is one writer's whole content, and so is the file at the end."""
    target = tmp_path / "out.bin"
    contents = [bytes([65]) * 3_000_000, bytes([66]) * 2_000_000]
    target.write_bytes(contents[0])
    stop = threading.Event()
    seen: set[bytes] = set()

    def writer(content: bytes) -> None:
        for _ in range(15):
            write_atomically(
                target, lambda out: [out.write(content[i : i + 65536]) for i in range(0, len(content), 65536)]
            )

    def reader() -> None:
        while not stop.is_set():
            data = target.read_bytes()
            seen.add(data if data in contents else b"MIXED:" + data[:1] + data[-1:] + str(len(data)).encode())

    threads = [threading.Thread(target=writer, args=(c,)) for c in contents]
    watching = threading.Thread(target=reader)
    watching.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stop.set()
    watching.join()
    assert seen <= set(contents)
    assert target.read_bytes() in contents
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.bin"]


def test_what_a_round_writes_opens_as_a_workbook(tmp_path: Path) -> None:
    """The workbook written atomically is whole: openpyxl opens it and finds its ranking sheet."""
    target = tmp_path / "ket-qua.xlsx"
    write_results(result(), target, lang="en")
    assert any(name.startswith("Ranking") for name in openpyxl.load_workbook(target).sheetnames)
