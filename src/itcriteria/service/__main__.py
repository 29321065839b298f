"""``python -m itcriteria.service openapi``: regenerate the committed OpenAPI document."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ._app import openapi_document

#: The committed document, read by hosts and by the schemathesis run; a test checks it is current.
COMMITTED = Path(__file__).with_name("openapi.json")


def render() -> str:
    return json.dumps(openapi_document(), ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str]) -> int:
    if argv != ["openapi"]:
        print(__doc__)
        return 2
    COMMITTED.write_text(render(), encoding="utf-8")
    print(f"wrote {COMMITTED}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
