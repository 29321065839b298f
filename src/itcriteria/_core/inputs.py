"""Reading untrusted input files safely: confined to a folder, regular files only, bounded in size.

Nothing is opened before it is known to be a regular file (a FIFO would block the reader, a device
never end); the open itself does not block and does not follow a symbolic link, and the file opened
is checked again to be the one inspected. Messages name the entry as given and never show content.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath, PureWindowsPath

from .limits import MAX_CSV_COLUMNS, MAX_CSV_FIELD, MAX_FORM_BYTES, MAX_JSON_DEPTH, MAX_JSON_NUMBER


class RefusedInput(ValueError):
    """An input file not read: outside its folder, not a regular file, too large or unreadable.

    ``str()`` is a sentence naming the entry as given, fit to show the person who sent it.
    """


def confined(folder: Path, name: str) -> Path:
    """The path of the file ``name`` inside ``folder``, or RefusedInput.

    ``name`` is relative and stays inside ``folder``: no absolute path, no drive, no ``..``, no
    symbolic link leading out of ``folder`` (links inside it are followed).
    """
    if not name or "\x00" in name:
        raise RefusedInput(f"{name!r}: not a file name")
    windows = PureWindowsPath(name)
    if PurePosixPath(name).is_absolute() or windows.drive or windows.root:
        raise RefusedInput(f"{name!r}: an absolute path; name a file inside {folder} instead")
    if ".." in PurePosixPath(name.replace("\\", "/")).parts:
        raise RefusedInput(f"{name!r}: '..' leads out of the folder {folder}")
    root = folder.resolve()
    target = (root / name).resolve()
    if not target.is_relative_to(root):
        raise RefusedInput(f"{name!r}: a symbolic link leading out of the folder {folder}")
    return target


def read_bounded(path: Path, *, limit: int = MAX_FORM_BYTES, shown: str | None = None) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them, or RefusedInput.

    ``shown`` is how messages name the file (default: ``path``).
    """
    name = shown if shown is not None else str(path)
    try:
        before = os.stat(path)  # follows links: a link to a FIFO is refused here, unopened
    except OSError as error:
        raise RefusedInput(f"{name}: cannot read the file: {error.strerror or error}") from None
    _check(before, name, limit)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        raise RefusedInput(f"{name}: cannot read the file: {error.strerror or error}") from None
    with os.fdopen(descriptor, "rb") as handle:
        now = os.fstat(handle.fileno())
        if (now.st_dev, now.st_ino) != (before.st_dev, before.st_ino):
            raise RefusedInput(f"{name}: the file changed while it was opened")
        _check(now, name, limit)
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise RefusedInput(f"{name}: larger than the limit of {limit:,} bytes")
    return data


def _check(status: os.stat_result, name: str, limit: int) -> None:
    if stat.S_ISDIR(status.st_mode):
        raise RefusedInput(f"{name}: a folder, not a file")
    if not stat.S_ISREG(status.st_mode):
        raise RefusedInput(f"{name}: not a regular file (a pipe, socket or device is never read)")
    if status.st_size > limit:
        raise RefusedInput(f"{name}: {status.st_size:,} bytes, larger than the limit of {limit:,} bytes")


def json_limits_problem(text: str) -> str | None:
    """Why ``text`` is over the JSON limits (nesting depth, number length), or None; one linear scan."""
    depth = 0
    run = 0
    inside = escaped = False
    for char in text:
        if inside:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                inside = False
            continue
        if char in "0123456789+-.eE":
            run += 1
            if run > MAX_JSON_NUMBER:
                return f"a number longer than {MAX_JSON_NUMBER} characters"
            continue
        run = 0
        if char == '"':
            inside = True
        elif char in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return f"nested deeper than {MAX_JSON_DEPTH} levels"
        elif char in "]}":
            depth -= 1
    return None


def csv_row_problem(cells: list[str]) -> str | None:
    """Why a CSV row is over the limits (column count, field length), or None.

    The csv module's own field limit (128 KiB unless a program raised it) bounds memory while
    parsing; it is process-wide, so it is left alone (threads read CSV at the same time) and the
    tighter limit is checked here.
    """
    if len(cells) > MAX_CSV_COLUMNS:
        return f"{len(cells)} cells, over the limit of {MAX_CSV_COLUMNS}"
    longest = max(map(len, cells), default=0)
    if longest > MAX_CSV_FIELD:
        return f"a cell of {longest:,} characters, over the limit of {MAX_CSV_FIELD:,}"
    return None
