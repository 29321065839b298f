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
from .book import book as regime_book  # not "book": that is the module's name
from .rules import rule_summary

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
    "regime_book",
    "render",
    "rule_summary",
]
