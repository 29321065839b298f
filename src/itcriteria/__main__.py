"""``python -m itcriteria`` and the ``itcriteria`` command."""

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
