"""Importing a province's annex (Phụ lục) of criteria: Word, Excel or csv tables to a regime file.

:func:`import_annex` reads the table(s), builds the criteria tree from the numbering and the rules
from the scoring text (:func:`translate`), and returns the regime with its TOML text and an
:class:`ImportReport`; ``itcriteria import-annex`` writes them. :func:`write_annex` writes a regime
back as its annex table (``itcriteria docs REGIME --format xlsx|docx``). Word files need the
``annex`` extra (``pip install itcriteria[annex]``: python-docx, the maintained reader of .docx).
"""

from ._build import AnnexImport, GroupSpec, ImportReport, Placeholder, import_annex
from ._cli import import_annex_command
from ._report import render as render_report
from ._rules import KINDS, Translation, translate
from ._status import regime_named, remaining
from ._writer import FORMATS as TABLE_FORMATS
from ._writer import write_annex

__all__ = [
    "AnnexImport",
    "GroupSpec",
    "ImportReport",
    "KINDS",
    "Placeholder",
    "TABLE_FORMATS",
    "Translation",
    "import_annex",
    "import_annex_command",
    "regime_named",
    "remaining",
    "render_report",
    "translate",
    "write_annex",
]
