"""Criteria books: a regime as a document (md, rst, html), its rules in words."""
