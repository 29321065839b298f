"""The one font of the annex, the report and the charts: Be Vietnam Pro (SIL Open Font License 1.1).

Designed for Vietnamese (every precomposed letter with its tone mark, stacked diacritics drawn, not
assembled), and shipped on the package index as ``fontpkg-be-vietnam-pro``, so an install of
``itcriteria[publish]`` brings it and no system font is ever looked up.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

FAMILY = "Be Vietnam Pro"
_FACES = {400: "BeVietnamPro-Regular.ttf", 700: "BeVietnamPro-Bold.ttf"}


def font_dir() -> Path:
    """The folder of the family's font files (the package's ``files``, as its metadata.json lists)."""
    return Path(str(resources.files("fontpkg_be_vietnam_pro").joinpath("files")))


def font_file(weight: int = 400) -> Path:
    """One upright face of the family: 400 regular, 700 bold."""
    return font_dir() / _FACES[weight]
