"""Checks on the text people read: the provenance an explanation shows, and the examples of a README."""

from __future__ import annotations

import contextlib
import io
import os
import re
from pathlib import Path

from ._explain import _LABELS
from ._scoring import ScoreCard

_HEAD = re.compile(r"\s*(\S+)\. ")
_BLOCK = re.compile(r"```python\n(.*?)```", re.S)


def explained_provenance(card: ScoreCard, lang: str = "en") -> dict[str, str]:
    """Each criterion in ``card.explain(lang)``, with the provenance its text shows.

    ``derived`` or ``assumed`` where the text marks it (a criterion with children on its own line, a
    sub-criterion on its source line), ``official`` where it does not. A regime's plugin tests compare
    this with ``{c.id: c.provenance for c in regime.walk(group)}``.
    """
    labels = _LABELS["en" if lang == "en" else "vi"]
    marks = {f"[{labels[kind]}]": kind for kind in ("derived", "assumed")}
    ids = {criterion.id for criterion in card.regime.walk(card.group)}
    shown: dict[str, str] = {}
    current = None
    for line in card.explain(lang).splitlines():
        head = _HEAD.match(line)
        if head and head.group(1) in ids:
            current = head.group(1)
        elif current is None or not line.strip().startswith(f"{labels['source']}: "):
            continue
        shown[current] = next((kind for mark, kind in marks.items() if line.endswith(mark)), "official")
    return shown


def check_markdown_examples(path: str | os.PathLike[str]) -> int:
    """Run every ```` ```python ```` block of a Markdown file, each in a fresh namespace, and check that
    every ``print(...)  # text`` line of it prints ``text`` (as a line of the block's output, spaces at
    the ends aside). Returns how many blocks ran; AssertionError names the block and the line otherwise.
    """
    blocks = _BLOCK.findall(Path(path).read_text(encoding="utf-8"))
    for number, source in enumerate(blocks, start=1):
        expected = [
            line.split("#", 1)[1].strip()
            for line in source.splitlines()
            if line.startswith("print(") and "#" in line
        ]
        assert expected, f"{path}: python block {number} states nothing it prints (`print(...)  # text`)"
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(source, f"{path} (python block {number})", "exec"), {})
        printed = [line.strip() for line in out.getvalue().splitlines()]
        for line in expected:
            missing = f"{path}: python block {number} did not print {line!r}; it printed {printed}"
            assert line in printed, missing
    return len(blocks)
