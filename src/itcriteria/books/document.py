"""The neutral document a criteria book is made of, before any writer gives it a format.

Frozen blocks (:class:`Section`, :class:`Paragraph`, :class:`Table`, :class:`Items`, :class:`Callout`)
hold plain text with a few inline marks (:class:`Strong`, :class:`Code`, :class:`Link`). The writers of
``itcriteria._book_writers`` turn it into Markdown, reST or HTML; ``itcriteria.sphinxext`` into docutils
nodes.
"""

from __future__ import annotations

from typing import Literal

import attrs


@attrs.frozen
class Strong:
    """Text set in bold."""

    text: str


@attrs.frozen
class Code:
    """Text set as code (a rule, an id)."""

    text: str


@attrs.frozen
class Link:
    """A link: ``url`` is an address, or ``#id`` for a section of the same document."""

    text: str
    url: str


Inline = str | Strong | Code | Link
Line = tuple[Inline, ...]


@attrs.frozen
class Paragraph:
    parts: Line


@attrs.frozen
class Items:
    """A bulleted list, one line per item."""

    items: tuple[Line, ...]


@attrs.frozen
class Table:
    """A table with one header row; ``kind`` names it for styling and tests (``criteria``, ``steps``, …)."""

    kind: str
    header: tuple[str, ...]
    rows: tuple[tuple[Line, ...], ...]


@attrs.frozen
class Callout:
    """A boxed remark: ``warning`` (a provisional regime) or ``note``."""

    kind: Literal["warning", "note"]
    title: str
    body: Line


@attrs.frozen
class Section:
    """A titled section; ``id`` is unique within the book and usable as an anchor."""

    id: str
    title: str
    blocks: tuple[Block, ...]


Block = Paragraph | Items | Table | Callout | Section


def _plain(line: Line) -> str:
    """The text of a line without its marks."""
    return "".join(part if isinstance(part, str) else part.text for part in line)
