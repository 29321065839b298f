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
    demo = commands.add_parser("demo", help="score and rank example units and explain one")
    demo.add_argument("--lang", choices=["vi", "en"], default="vi")
    demo.add_argument("--regime", help="an installed regime id (default: the bundled example regime)")
    demo.add_argument("--forms", help="a JSON file of forms (default: the bundled example forms)")
    listing = commands.add_parser("list", help="list the installed regimes with their status")
    listing.add_argument("--lang", choices=["vi", "en"], default="vi")
    args = parser.parse_args(argv)
    from ._demo import list_installed, run_demo

    try:
        if args.command == "list":
            print(list_installed(args.lang))
        else:
            print(run_demo(args.lang, args.regime, args.forms))
    except (ItcriteriaError, OSError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
