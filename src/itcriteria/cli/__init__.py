"""The command line (click): every command of itcriteria."""

from .commands import main

__all__ = [
    "main",
]
