"""The command line (click): every command of itcriteria."""

from .commands import cli, main
from .rounds import round_command

cli.add_command(round_command)  # the round command lives in its own module

__all__ = [
    "main",
]
