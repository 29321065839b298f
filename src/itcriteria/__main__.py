"""``python -m itcriteria`` and the ``itcriteria`` command."""

from __future__ import annotations

import argparse
import sys

from .exceptions import ItcriteriaError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="itcriteria", description="Score and rank IT-application criteria sets."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser("demo", help="score and rank the bundled example units and explain one")
    demo.add_argument("--lang", choices=["vi", "en"], default="vi")
    args = parser.parse_args(argv)
    from ._demo import run_demo

    try:
        print(run_demo(args.lang))
    except ItcriteriaError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
