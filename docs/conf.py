"""Sphinx configuration of the itcriteria documentation (MyST Markdown, furo).

Build with ``python3 dev.py docs`` (warnings are errors, references nitpicky), or directly::

    .venv/bin/python -m sphinx -W --keep-going -n -b html docs docs/_build/html

Each installed regime gets a page per language, written into ``regimes/vi`` and ``regimes/en`` here
(only when its text changes; pages of regimes no longer installed are removed), each holding the
``criteria-book`` directive of :mod:`itcriteria.sphinxext`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import itcriteria

HERE = Path(__file__).resolve().parent

project = "itcriteria"
author = "itcriteria developers"
copyright = "itcriteria developers"
release = itcriteria.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx_click",
    "itcriteria.sphinxext",
]
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "_tools", "examples"]  # examples/: a separate project the tutorial shows
language = "en"

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

html_theme = "furo"
html_title = f"itcriteria {release}"
html_static_path = ["_static"]
html_css_files = ["books.css"]

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_format = "short"
autodoc_class_signature = "separated"
autodoc_default_options = {"exclude-members": "__init__, __new__"}

nitpicky = True
# Without network access there is no intersphinx inventory of the standard library and attrs; every
# reference to itcriteria's own names is still checked.
nitpick_ignore_regex = [
    (
        r"py:.*",
        r"(decimal|datetime|dt|collections\.abc|typing|types|os|ast|pathlib|importlib.*|contextvars)\..*",
    ),
    (r"py:.*", r"(attrs|pluggy|hypothesis|pytest|_pytest|click)\..*"),
    (r"py:.*", r"(Decimal|Mapping|Callable|Iterable|Iterator|Sequence|Any|Path|PathLike|Traversable)"),
    (r"py:class", r"(st\.)?SearchStrategy.*"),
    (r"py:.*", r"sphinx\..*"),
    (r"py:class", r"_F"),  # pluggy's type variable in the signature of its markers
    (r"py:class", r".*_RegimeSource"),  # how a RegimeInfo, built by the registry only, holds its regime
]


def regime_pages() -> dict[str, str]:
    """The page of every installed regime in each language, by path relative to this folder."""
    pages: dict[str, str] = {}
    for info in itcriteria.list_regimes():
        for lang in ("vi", "en"):
            pages[f"regimes/{lang}/{info.id}.md"] = f"```{{criteria-book}} {info.id}\n:lang: {lang}\n```\n"
    return pages


def write_regime_pages() -> None:
    """Write each regime page whose text changed, and remove the pages of regimes no longer installed."""
    pages = regime_pages()
    for lang in ("vi", "en"):
        folder = HERE / "regimes" / lang
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("*.md"):
            if f"regimes/{lang}/{stale.name}" not in pages:
                stale.unlink()
    for name, text in pages.items():
        path = HERE / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


def write_regime_file_reference() -> None:
    """The regime file reference, generated from the model so it cannot drift from it."""
    from itcriteria.regimes import regime_file_reference

    path = HERE / "reference" / "regime-file.md"
    text = regime_file_reference()
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def setup(app: Any) -> None:
    """Write the regime pages and the regime file reference when Sphinx starts, before it looks for the
    sources."""
    app.connect("config-inited", lambda app, config: (write_regime_pages(), write_regime_file_reference()))
