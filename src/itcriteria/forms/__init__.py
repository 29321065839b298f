"""Forms: Excel and JSON templates a unit fills, and reading filled forms back into submissions."""

from .reading import FormBatch, SkippedForm, read_form, read_forms
from .schema import submission_schema
from .template import write_template

__all__ = [
    "FormBatch",
    "SkippedForm",
    "read_form",
    "read_forms",
    "submission_schema",
    "write_template",
]
