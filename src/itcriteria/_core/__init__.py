"""Shared plumbing below every layer: exact numbers, the working-day calendar, atomic files, safe input
files, cattrs hooks. Three are imported as modules: the bounds on untrusted input (``limits``), numbers
and dates as each language writes them (``formats``), and the vi/en catalogue of official terms and the
provinces (``terms``). The command-line options that commands of several layers share (``options``) load
click, so they are not imported here: ``from .._core import options`` imports them where a command needs
them."""

from . import formats, limits, terms
from .calendar import grace_end, working_days_late
from .files import check_target, write_atomically
from .inputs import RefusedInput, confined, csv_row_problem, json_limits_problem, read_bounded
from .lang import LANGS, check_lang
from .messages import describe_error, describe_problem, translate
from .numbers import (
    CONTEXT,
    EXACT_SUM_CONTEXT,
    MAX_DIGITS,
    ONE,
    ROUNDING_MODES,
    ZERO,
    answer_number,
    json_decimal,
    round_to,
    to_decimal,
)
from .public import show_under
from .structuring import LeftOut, base_converter, leave_out, parse_date, problems_from
from .text import (
    check_id,
    check_text,
    id_problem,
    neutralise_cell,
    printable,
    restore_cell,
    text_problem,
    wrapped_lines,
)

__all__ = [
    "CONTEXT",
    "EXACT_SUM_CONTEXT",
    "LANGS",
    "LeftOut",
    "MAX_DIGITS",
    "ONE",
    "ROUNDING_MODES",
    "RefusedInput",
    "ZERO",
    "answer_number",
    "base_converter",
    "check_id",
    "check_lang",
    "check_target",
    "check_text",
    "confined",
    "csv_row_problem",
    "describe_error",
    "describe_problem",
    "formats",
    "grace_end",
    "id_problem",
    "json_decimal",
    "json_limits_problem",
    "leave_out",
    "limits",
    "neutralise_cell",
    "parse_date",
    "printable",
    "problems_from",
    "read_bounded",
    "restore_cell",
    "round_to",
    "show_under",
    "terms",
    "text_problem",
    "to_decimal",
    "translate",
    "working_days_late",
    "wrapped_lines",
    "write_atomically",
]
