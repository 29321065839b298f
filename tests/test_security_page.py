"""The "Security and limits" page and the limits module agree."""

from __future__ import annotations

import re
from pathlib import Path

from itcriteria._core import limits

PAGE = Path(__file__).parents[1] / "docs" / "security.md"


def test_every_limit_is_on_the_security_page_with_its_value() -> None:
    """Each constant of _core/limits.py is named on the page, beside its value as the page shows it."""
    page = PAGE.read_text("utf-8")
    names = [name for name in vars(limits) if name.startswith("MAX_")]
    assert names
    for name in names:
        value = getattr(limits, name)
        row = next((line for line in page.splitlines() if f"`{name}`" in line), None)
        assert row is not None, f"{name} is not on docs/security.md"
        shown = {f"{value:,}", str(value), f"{value // (1024 * 1024)} MiB"}
        assert any(re.search(rf"(?<![\d,]){re.escape(text)}(?![\d,])", row) for text in shown), (name, row)
