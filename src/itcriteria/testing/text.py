"""Checks on the text people read: the provenance an explanation shows, and the examples of a README."""

from __future__ import annotations

import contextlib
import io
import itertools
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path

from .._core import check_lang
from ..scoring import EXPLAIN_LABELS as _LABELS
from ..scoring import ScoreCard

_HEAD = re.compile(r"\s*(\S+)\. ")


def explained_provenance(card: ScoreCard, lang: str = "en") -> dict[str, str]:
    """Each criterion in ``card.explain(lang)``, with the provenance its text shows.

    ``derived`` or ``assumed`` where the text marks it (a criterion with children on its own line, a
    sub-criterion on its source line), ``official`` where it does not. A regime's plugin tests compare
    this with ``{c.id: c.provenance for c in regime.walk(group)}``.
    """
    labels = _LABELS[check_lang(lang)]
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


def check_markdown_examples(
    path: str | os.PathLike[str],
    *,
    runners: Mapping[str, Callable[[str], object]] | None = None,
) -> int:
    """Run every fenced ``python`` block of a Markdown file, each in a fresh namespace, and check that
    every ``print(...)  # text`` line of it prints ``text`` (as a line of the block's output, spaces at
    the ends aside). Returns how many blocks ran; AssertionError names the block and the line otherwise.

    ``runners`` maps other block languages (``console``, ``markdown``, ...) to a callable that runs or
    checks a block's text and raises AssertionError when it does not hold; with ``runners`` given, a
    block in a language that has no runner fails, so every block of the file runs. Fences follow
    CommonMark (three or more backticks or tildes; a longer fence holds shorter ones) and MyST:
    ``{code-block} python`` is a python block, and the Markdown inside other directives (``{note}``, ...)
    is searched for blocks too.
    """
    counts: dict[str, int] = {}
    for language, source in fenced_blocks(Path(path).read_text(encoding="utf-8")):
        if language != "python" and runners is None:
            continue
        counts[language] = number = counts.get(language, 0) + 1
        where = f"{path}: {language or 'unlabelled'} block {number}"
        if language == "python":
            _run_python(source, f"{path}: python block {number}", f"{path} (python block {number})")
            continue
        assert runners is not None
        runner = runners.get(language)
        assert runner is not None, f"{where} has no runner (languages with one: python, {', '.join(runners)})"
        try:
            runner(source)
        except AssertionError as err:
            raise AssertionError(f"{where}: {err}") from err
    return sum(counts.values())


def _run_python(source: str, where: str, filename: str) -> None:
    expected = [
        line.split("#", 1)[1].strip()
        for line in source.splitlines()
        if line.startswith("print(") and "#" in line
    ]
    assert expected, f"{where} states nothing it prints (`print(...)  # text`)"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(source, filename, "exec"), {})
    printed = [line.strip() for line in out.getvalue().splitlines()]
    for line in expected:
        assert line in printed, f"{where} did not print {line!r}; it printed {printed}"


#: MyST directives whose fences hold code of the language named after them.
_CODE_DIRECTIVES = frozenset({"code-block", "code", "sourcecode"})


def fenced_blocks(text: str) -> list[tuple[str, str]]:
    """The fenced code blocks of Markdown ``text`` as (language, source), in order; ``language`` is the
    first word of the info string ("" when there is none). A MyST directive fence is not a code block:
    ``{code-block} LANG`` counts as a block of LANG (its ``:option:`` lines dropped), and the contents of
    other directives are searched for blocks (an unclosed fence runs to the end, as in CommonMark)."""
    blocks: list[tuple[str, str]] = []
    lines = text.splitlines(keepends=True)
    i = 0
    while i < len(lines):
        opening = _FENCE.match(lines[i])
        i += 1
        if not opening:
            continue
        fence, info = opening.group(2), opening.group(3).strip()
        body: list[str] = []
        while i < len(lines) and not _closes(lines[i], fence):
            body.append(lines[i])
            i += 1
        i += 1
        source = "".join(body)
        if not info.startswith("{"):
            blocks.append((info.split()[0] if info else "", source))
            continue
        directive, _, argument = info[1:].partition("}")
        if directive in _CODE_DIRECTIVES:
            kept = list(itertools.dropwhile(lambda line: line.startswith(":"), body))
            blocks.append((argument.split()[0] if argument.split() else "", "".join(kept)))
        else:
            blocks.extend(fenced_blocks(source))
    return blocks


_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})([^`\n]*)$")


def _closes(line: str, fence: str) -> bool:
    stripped = line.strip()
    return not line.startswith("    ") and len(stripped) >= len(fence) and set(stripped) == {fence[0]}
