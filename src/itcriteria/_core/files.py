"""Writing output files whole or not at all: forms, result workbooks and criteria books alike."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO


def write_atomically(target: Path, write: Callable[[IO[bytes]], object]) -> None:
    """Write through ``write`` into a temporary file beside ``target``, then move it over ``target``.

    A reader sees the old file or the new one, never a part of it. On any failure the temporary file
    is removed and ``target`` is left as it was; a replaced file keeps its mode, a new one gets the
    mode of any new file. A missing folder, or a folder in the file's place, is an error naming it.
    """
    check_target(target)
    handle_fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(handle_fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, _mode(target))  # mkstemp makes it private
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def check_target(target: Path) -> None:
    """Refuse a missing folder, a file where the folder should be, or a folder in the file's place,
    before any work is done."""
    if target.parent.exists() and not target.parent.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "not a folder to write into", str(target.parent))
    if not target.parent.is_dir():
        raise FileNotFoundError(errno.ENOENT, "no such folder to write into", str(target.parent))
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, "a folder is in the way of the file to write", str(target))


def _mode(target: Path) -> int:
    """The mode of the file being replaced, or the mode a new file gets."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        mask = os.umask(0o022)
        os.umask(mask)
        return 0o666 & ~mask
