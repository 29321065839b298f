"""Progress bars of the long steps (reading forms, scoring, gaps, writing): one click bar per step for
the whole batch, on stderr, and nothing at all when stderr is not a terminal (a pipe, a log file)."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

import click

T = TypeVar("T")

#: What each step's bar is labelled (Vietnamese, English).
STEPS = {
    "reading": ("đọc phiếu", "reading forms"),
    "scoring": ("chấm điểm", "scoring"),
    "gaps": ("tìm tồn tại", "finding gaps"),
    "writing": ("ghi kết quả", "writing results"),
}


def shown() -> bool:
    """Bars are drawn only for a person watching: stderr is a terminal."""
    return sys.stderr.isatty()


def _label(step: str, lang: str) -> str:
    vi, en = STEPS[step]
    return en if lang == "en" else vi


class Bars:
    """A ``progress(step, done, total)`` callback for the library's long steps, drawing one bar per step."""

    def __init__(self, lang: str = "vi") -> None:
        self.lang = lang
        self.step: str | None = None
        self.bar: Any = None

    def __call__(self, step: str, done: int, total: int) -> None:
        if not shown():
            return
        if step != self.step:
            self.close()
            self.step = step
            self.bar = click.progressbar(length=total, label=_label(step, self.lang), file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos)
        if done >= total:
            self.close()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
        self.bar, self.step = None, None

    def __enter__(self) -> Bars:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def each(items: Iterable[T], step: str, lang: str = "vi") -> Iterator[T]:
    """``items``, with a bar for ``step`` when stderr is a terminal."""
    if not shown():
        yield from items
        return
    listed = list(items)
    with click.progressbar(listed, label=_label(step, lang), file=sys.stderr) as bar:
        yield from bar
