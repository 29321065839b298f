"""Sphinx extension: criteria books of installed regimes, and the rule language's reference tables.

Add it to a Sphinx project's ``conf.py`` (with MyST for Markdown pages)::

    extensions = ["myst_parser", "itcriteria.sphinxext"]

and write a page for a regime (a page holding only the directive takes the regime's title)::

    ```{criteria-book} binhthuan-2019
    :lang: en
    ```

``criteria-book`` renders the installed regime with that id, as ``itcriteria docs REGIME`` does: legal
basis, status and provenance (a provisional regime says so in a warning box), unit groups, dates and
deadlines, the criteria tree and each sub-criterion's inputs, benchmark and scoring in words (thresholds
as tables), classes, ranking policy, and what changed from the province's previous regime. Options:
``:lang:`` ``vi`` (the default) or ``en``; ``:plugins:`` a comma-separated list restricting which
plugins load (as ``itcriteria.load_plugins``). An unknown regime is a build error naming the installed
ones. Pages holding a book are read again on every build, so a book follows its regime file. The book
is a label for ``{ref}``: the regime id (``binhthuan-2019``), with ``-en`` for the English book.

``rule-language`` renders one table of the rule language's reference from the allow-list itself:
``operators``, ``functions``, ``inputs`` (the names each indicator kind gives a rule) or ``limits``.

Every table carries the classes ``criteria-book-table`` and ``criteria-book-<kind>`` for styling.
Needs Sphinx (and myst-parser for Markdown pages); the core of itcriteria does not.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective
from sphinx.util.typing import ExtensionMetadata

from . import books as _book
from ._version import __version__
from .exceptions import ItcriteriaError

__all__ = ["CriteriaBookDirective", "RuleLanguageDirective", "setup"]

#: Where the environment keeps the pages that hold a book (read again on every build).
_PAGES = "itcriteria_book_pages"


def _lang(argument: str) -> str:
    return directives.choice(argument, ("vi", "en"))


class CriteriaBookDirective(SphinxDirective):
    """``criteria-book REGIME_ID``: the criteria book of an installed regime (see the module docstring)."""

    required_arguments = 1
    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {"lang": _lang, "plugins": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        regime_id = self.arguments[0]
        plugins = None
        if "plugins" in self.options:
            plugins = [name.strip() for name in self.options["plugins"].split(",") if name.strip()]
        try:
            document = _book.installed_book(regime_id, self.options.get("lang", "vi"), plugins=plugins)
        except ItcriteriaError as err:
            raise self.error(f"criteria-book {regime_id}: {err}") from None
        _pages(self.env).add(self.env.docname)
        section = to_nodes(document)
        assert isinstance(section, nodes.section)
        section["names"].append(nodes.fully_normalize_name(document.id))
        self.state.document.note_explicit_target(section)
        return [section]


class RuleLanguageDirective(SphinxDirective):
    """``rule-language operators|functions|inputs|limits``: one table of the rule language's reference."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        try:
            table = _book.language_table(self.arguments[0])
        except ValueError as err:
            raise self.error(f"rule-language: {err}") from None
        return [to_nodes(table)]


# --- The neutral document as docutils nodes ---------------------------------------------------------


def to_nodes(block: _book.Block) -> nodes.Element:
    """One block of a book (see ``itcriteria._book``) as docutils nodes."""
    if isinstance(block, _book.Section):
        section = nodes.section(ids=[block.id])
        section += nodes.title(block.title, block.title)
        for child in block.blocks:
            section += to_nodes(child)
        return section
    if isinstance(block, _book.Paragraph):
        return nodes.paragraph("", "", *_inline(block.parts))
    if isinstance(block, _book.Items):
        items = nodes.bullet_list(bullet="-")
        for line in block.items:
            items += nodes.list_item("", nodes.paragraph("", "", *_inline(line)))
        return items
    if isinstance(block, _book.Callout):
        box = nodes.admonition(classes=[block.kind, "criteria-book-callout"])
        box += nodes.title(block.title, block.title)
        box += nodes.paragraph("", "", *_inline(block.body))
        return box
    return _table(block)


def _table(block: _book.Table) -> nodes.table:
    table = nodes.table(classes=["colwidths-auto", "criteria-book-table", f"criteria-book-{block.kind}"])
    group = nodes.tgroup(cols=len(block.header))
    table += group
    group.extend(nodes.colspec(colwidth=1) for _ in block.header)
    head = nodes.thead()
    head += _row(tuple((text,) for text in block.header))
    group += head
    body = nodes.tbody()
    body.extend(_row(cells) for cells in block.rows)
    group += body
    return table


def _row(cells: tuple[_book.Line, ...]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        row += nodes.entry("", nodes.paragraph("", "", *_inline(cell)))
    return row


def _inline(line: Iterable[_book.Inline]) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for part in line:
        if isinstance(part, str):
            out.append(nodes.Text(part))
        elif isinstance(part, _book.Strong):
            out.append(nodes.strong(part.text, part.text))
        elif isinstance(part, _book.Code):
            out.append(nodes.literal(part.text, part.text))
        elif part.url.startswith("#"):
            out.append(nodes.reference(part.text, part.text, refid=part.url[1:], internal=True))
        else:
            out.append(nodes.reference(part.text, part.text, refuri=part.url))
    return out


# --- Books follow their regimes ---------------------------------------------------------------------


def _pages(env: BuildEnvironment) -> set[str]:
    pages: set[str] | None = getattr(env, _PAGES, None)
    if pages is None:
        pages = set()
        setattr(env, _PAGES, pages)
    return pages


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _pages(env).discard(docname)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: Iterable[str], other: BuildEnvironment) -> None:
    _pages(env).update(_pages(other) & set(docnames))


def _outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Pages holding a book are read again: the regime files are not Sphinx sources."""
    return sorted(_pages(env) - removed - added - changed)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the ``criteria-book`` and ``rule-language`` directives."""
    app.add_directive("criteria-book", CriteriaBookDirective)
    app.add_directive("rule-language", RuleLanguageDirective)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-get-outdated", _outdated)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
