"""The errors itcriteria raises.

Every error is an :class:`ItcriteriaError`, and each also subclasses the builtin a caller would catch
(as attrs does): the bad values are :class:`ValueError`, the unknown ids :class:`KeyError` (so also
:class:`LookupError`)::

    ItcriteriaError
    ├── RegimeError (ValueError)        a criteria set (regime) is malformed; every problem at once
    ├── ExpressionError (ValueError)    a scoring rule is not allowed, or failed when evaluated
    ├── SubmissionError (ValueError)    a self-assessment form is malformed; every problem at once
    ├── ArgumentError (ValueError)      an argument the library does not accept: an unknown language
    │                                   or output format, a value out of range, a request it cannot meet
    ├── NotFoundError (KeyError)        no such id: a criterion, unit group or unit not in the regime,
    │   │                               round or scorecard asked about
    │   └── RegimeNotFoundError         no installed regime has that id, or is in force that day
    ├── MissingExtraError (ImportError) a feature needs an extra that is not installed (publish, …)
    └── PluginError                     installed plugins conflict (a regime registered twice, …)

    PluginWarning (UserWarning)         a plugin failed to load; the others stay usable

:class:`RegimeError` and :class:`SubmissionError` carry ``problems``: one :class:`Problem` per defect,
each naming where it is (a path in the regime file, or the criterion id and field of the form).
"""

from __future__ import annotations

import typing

import attrs

if typing.TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "ArgumentError",
    "ExpressionError",
    "ItcriteriaError",
    "MissingExtraError",
    "NotFoundError",
    "PluginError",
    "PluginWarning",
    "Problem",
    "RegimeError",
    "RegimeNotFoundError",
    "SubmissionError",
]


@attrs.frozen
class Problem:
    """One defect found in a regime or a submission.

    ``where`` is the path of the offending value (``criteria[2].children[1].rule`` in a regime file,
    ``answers["2.3"].numerator`` in a submission); ``criterion`` and ``field`` name it in the terms of
    the criteria set when they are known.
    """

    where: str
    message: str
    criterion: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        about = (
            f" (criterion {self.criterion})" if self.criterion and self.criterion not in self.where else ""
        )
        return f"{self.where}{about}: {self.message}" if self.where else self.message


class ItcriteriaError(Exception):
    """Root of every error raised by itcriteria."""


class _ProblemsError(ItcriteriaError, ValueError):
    """An error listing every problem found at once."""

    _what = "input"

    def __init__(self, subject: str, problems: Iterable[Problem]) -> None:
        self.subject = subject
        self.problems: tuple[Problem, ...] = tuple(problems)
        count = len(self.problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{self._what} {subject}: {count} {noun}:\n{lines}")


class RegimeError(_ProblemsError):
    """A regime (criteria set) is malformed; ``subject`` is its id or file, ``problems`` every defect."""

    _what = "regime"


class SubmissionError(_ProblemsError):
    """A submission does not fit its regime. ``problems`` names every bad answer by criterion id and field."""

    _what = "submission"


class ExpressionError(ItcriteriaError, ValueError):
    """A scoring rule was rejected when compiled, or failed when evaluated.

    ``expression`` is the rule's source, ``criterion`` the criterion it belongs to (when known) and
    ``cause`` a sentence saying what is wrong.
    """

    def __init__(self, expression: str, cause: str, criterion: str | None = None) -> None:
        self.expression = expression
        self.cause = cause
        self.criterion = criterion
        shown = expression if len(expression) <= 120 else expression[:117] + "..."
        where = f"criterion {criterion}: " if criterion else ""
        super().__init__(f"{where}rule {shown!r}: {cause}")


class PluginError(ItcriteriaError):
    """Installed plugins cannot be used together: a regime, policy or function registered twice, two
    regimes of one province in force on the same day, or a restriction naming a plugin not installed."""


class ArgumentError(ItcriteriaError, ValueError):
    """An argument the library does not accept: an unknown ``lang`` (use "vi" or "en"), an unknown
    output format, a value out of its range, or a request the data cannot meet (a plan for a unit not
    evaluated, a rank outside its table)."""


class NotFoundError(ItcriteriaError, KeyError):
    """No such id: a criterion, unit group or unit that is not in the regime, round or scorecard asked.

    Unlike a bare :class:`KeyError` its message is shown as written, not quoted.
    """

    def __str__(self) -> str:
        return str(self.args[0]) if len(self.args) == 1 else super().__str__()


class RegimeNotFoundError(NotFoundError):
    """No installed regime has the id asked for, or none of the province is in force on the day asked.

    The message lists what is installed (and which plugins failed to load).
    """


class MissingExtraError(ItcriteriaError, ImportError):
    """A feature needs an optional extra that is not installed; the message says what to install
    (``pip install 'itcriteria[publish]'``) and which libraries are missing."""


class PluginWarning(UserWarning):
    """A plugin failed to load (import error, misspelled hook, bad regime file); it contributes nothing,
    and the regimes of the other plugins stay usable."""
