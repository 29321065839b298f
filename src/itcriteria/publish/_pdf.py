"""The annex typeset by Typst: the template beside this module, the annex data as its JSON input."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from ._fonts import FAMILY, font_dir


def render_pdf(data: dict[str, Any], created: dt.date) -> bytes:
    """The annex as PDF/A-2b bytes, dated ``created`` so the same data always gives the same bytes.

    System fonts are not looked at: the output is the same on every machine.
    """
    import typst

    template = Path(__file__).with_name("annex.typ")
    timestamp = dt.datetime(created.year, created.month, created.day, tzinfo=dt.UTC)
    pdf = typst.compile(
        str(template),
        font_paths=[str(font_dir())],
        ignore_system_fonts=True,
        sys_inputs={"data": json.dumps(data, ensure_ascii=False), "font": FAMILY},
        timestamp=timestamp,
        pdf_standards=["a-2b"],
    )
    assert isinstance(pdf, bytes)
    return pdf
