"""Forms: Excel and JSON templates a unit fills, and reading filled forms back into submissions.

``write_template`` is imported on first use: its module loads openpyxl, which importing itcriteria must not.
"""

from typing import TYPE_CHECKING, Any

from .reading import FormBatch, SkippedForm, read_form, read_form_located, read_forms
from .roster import ROSTER_COLUMNS, read_roster
from .schema import submission_schema
from .sources import load_json

if TYPE_CHECKING:
    from .template import write_template

__all__ = [
    "FormBatch",
    "ROSTER_COLUMNS",
    "SkippedForm",
    "load_json",
    "read_form",
    "read_form_located",
    "read_forms",
    "read_roster",
    "submission_schema",
    "write_template",
]


def __getattr__(name: str) -> Any:
    if name == "write_template":
        from .template import write_template

        return write_template
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
