"""Property-based testing of regimes and scoring rules, for everyone who writes them (needs Hypothesis).

Install with ``pip install itcriteria[testing]``. :func:`check_regime` runs the standard laws (see
:data:`LAWS`) on a regime and reports every law broken, each with the smallest counter-example
Hypothesis finds::

    >>> from pathlib import Path
    >>> import itcriteria
    >>> from itcriteria.testing import check_regime
    >>> regime = itcriteria.load_regime(Path(itcriteria.__file__).parent / "examples" / "example-2019.toml")
    >>> report = check_regime(regime, max_examples=10)
    >>> report.ok, report.failures
    (True, ())

A broken law raises :class:`RegimeLawError` (an AssertionError, so a test fails), listing each broken law
with its counter-example; ``check_regime(..., raise_on_failure=False)`` returns the :class:`LawReport`
instead. In a pytest suite, one line in a test module checks every regime a plugin registers: see
:mod:`itcriteria.pytest_plugin`.

The strategies behind it are public, for tests of your own:

- :func:`regimes`: random valid regimes of every indicator kind, nested criteria, combine modes,
  unit groups, bands and rounding, whose rules keep every law;
- :func:`submissions` and :func:`cohorts`: valid forms of a regime in the documented JSON shape, with
  answers on every threshold and benchmark of its rules and one step either side;
- :func:`invalid_submissions`: forms with one defect, each an :class:`InvalidSubmission` that knows the
  problem its SubmissionError must name;
- :func:`expressions`, :func:`expression_inputs`, :func:`hostile_expressions`,
  :func:`malformed_expressions`: rule text from the grammar, inputs for it, and text outside the
  language; :func:`reference_evaluate` and :class:`ReferenceEvaluator` evaluate rules with simpleeval
  as the reference the compiled rules must agree with.

For a plugin's own tests, :func:`explained_provenance` reads the provenance an explanation shows for
each criterion, and :func:`check_markdown_examples` runs the examples of a README or a documentation page
(its Python blocks, and blocks of other languages with the runners you give).

Everything here draws from Hypothesis strategies and runs in the library's decimal context; no score is
ever a binary float.
"""

from __future__ import annotations

from .._core import show_under as _show_under
from .check import LawFailure, LawReport, RegimeLawError, check_regime
from .expression_strategies import expression_inputs, expressions, hostile_expressions, malformed_expressions
from .form_strategies import cohorts, submissions
from .invalid import InvalidSubmission, invalid_submissions
from .laws import LAWS
from .reference import ReferenceEvaluator, reference_evaluate
from .regime_strategies import regimes
from .text import check_markdown_examples, explained_provenance

__all__ = [
    "InvalidSubmission",
    "LAWS",
    "LawFailure",
    "LawReport",
    "ReferenceEvaluator",
    "RegimeLawError",
    "check_markdown_examples",
    "check_regime",
    "cohorts",
    "explained_provenance",
    "expression_inputs",
    "expressions",
    "hostile_expressions",
    "invalid_submissions",
    "malformed_expressions",
    "reference_evaluate",
    "regimes",
    "submissions",
]

_show_under(globals())
