"""Writing output files whole or not at all: forms, result workbooks and criteria books alike."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
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

    Where the system allows (Linux, ``O_TMPFILE``), the temporary file has no name until it is
    complete, so even a writer killed outright (SIGKILL, power loss) leaves nothing behind; it is
    then given a name beside ``target`` and renamed over it at once.
    """
    check_target(target)
    handle_fd = _unnamed(target.parent)
    if handle_fd is None:
        handle_fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    else:
        temporary = ""
    try:
        with os.fdopen(handle_fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
            os.fchmod(handle.fileno(), _mode(target))  # mkstemp and O_TMPFILE make it private
            if not temporary:
                temporary = _named(handle.fileno(), target)
        os.replace(temporary, target)
    except BaseException:
        if temporary:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
        raise


def _unnamed(folder: Path) -> int | None:
    """An open file without a name in ``folder`` (``O_TMPFILE``), or None where there is none."""
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not os.path.isdir("/proc/self/fd"):
        return None
    try:
        return os.open(folder, flag | os.O_WRONLY, 0o600)
    except OSError as error:
        if error.errno in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT):
            return None  # the file system cannot: a named temporary file it is
        raise


def _named(descriptor: int, target: Path) -> str:
    """Give the complete unnamed file a temporary name beside ``target``; the name, to rename it.

    Where linking it is refused (some sandboxes refuse links through /proc), its bytes are copied
    into a named temporary file instead: the window a killed writer leaves a file in is the copy's.
    """
    name = os.path.join(target.parent, f".{target.name}.{os.urandom(6).hex()}.part")
    try:
        os.link(f"/proc/self/fd/{descriptor}", name, follow_symlinks=True)
        return name
    except OSError:
        pass
    copy_fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(copy_fd, "wb") as copy, open(f"/proc/self/fd/{descriptor}", "rb") as source:
            shutil.copyfileobj(source, copy, 1 << 20)
            copy.flush()
            os.fsync(copy.fileno())
            os.fchmod(copy.fileno(), os.fstat(descriptor).st_mode & 0o7777)
    except BaseException:
        os.unlink(name)
        raise
    return name


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
