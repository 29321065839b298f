"""Criteria books: a regime as a document (md, rst, html), its rules in words."""

from .book import (
    FORMATS,
    Block,
    Callout,
    Code,
    Inline,
    Items,
    Line,
    Paragraph,
    Section,
    Strong,
    Table,
    installed_book,
    language_table,
    render,
)

__all__ = [
    "Block",
    "Callout",
    "Code",
    "FORMATS",
    "Inline",
    "Items",
    "Line",
    "Paragraph",
    "Section",
    "Strong",
    "Table",
    "installed_book",
    "language_table",
    "render",
]
