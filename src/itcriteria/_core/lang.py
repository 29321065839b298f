"""The output languages: Vietnamese by default, English on request, and nothing else silently."""

from __future__ import annotations

from ..exceptions import ArgumentError

LANGS = ("vi", "en")


def check_lang(lang: str) -> str:
    """``lang`` itself when it is "vi" or "en"; an :class:`ArgumentError` otherwise (no quiet fallback)."""
    if lang not in LANGS:
        raise ArgumentError(f"unknown language {lang!r}; use vi or en")
    return lang
