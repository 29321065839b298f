"""``itcriteria round``: a round file, or a round from a folder of filled forms (``--regime ID --forms
DIR``) with its roster, dates and appraisal from options; the report, or the results file with ``-o``."""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from .commands import (
    LANG,
    _check_output,
    _json,
    _write,
    results_options,
)
from .output import echo, show_skipped, show_warnings


class _Day(click.ParamType):  # type: ignore[type-arg]  # generic only in recent click
    """A day as forms write it: dd/mm/yyyy or ISO yyyy-mm-dd."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        from .._core import parse_date

        if isinstance(value, dt.date):
            return value
        try:
            return parse_date(value)
        except (TypeError, ValueError) as err:
            self.fail(f"{value!r} is not a day (dd/mm/yyyy or yyyy-mm-dd): {err}", param, ctx)


DAY = _Day()

#: The options that build a round without a round file; none of them goes with one.
_FOLDER_OPTIONS = ("regime", "forms", "roster", "period", "deadline", "grace", "window", "adjustments")


@click.command("round")
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--regime", help="with --forms: the installed regime id (or a regime file) of the forms")
@click.option(
    "--forms",
    type=click.Path(exists=True, file_okay=False),
    help="with --regime: the folder of filled forms (every .xlsx, .csv and .json file in it)",
)
@click.option(
    "--roster",
    type=click.Path(exists=True, dir_okay=False),
    help="the units, CSV or xlsx with columns id, name, group [, parent] (or Mã, Tên đơn vị, Nhóm "
    "[, Đơn vị cấp trên]); default: the units of the forms",
)
@click.option("--period", help="the round's period, e.g. 2019 (default: the one every form states)")
@click.option("--deadline", type=DAY, help="forms are due on this day (default: the regime's deadline)")
@click.option(
    "--grace",
    type=click.IntRange(min=0),
    help="working days after the deadline a form is still evaluated (default: the regime's, else 0)",
)
@click.option(
    "--window", nargs=2, type=DAY, help="START END: the period the figures cover (default: the regime's)"
)
@click.option(
    "--adjustments",
    type=click.Path(exists=True, dir_okay=False),
    help="the appraisal council's adjustments: a JSON list, as in a round file",
)
@results_options
@LANG
def round_command(
    file: str | None,
    skip_invalid: bool,
    output: str | None,
    fmt: str | None,
    decimal_comma: bool,
    as_json: bool,
    lang: str,
    **folder: Any,
) -> None:
    """Run an evaluation round: form statuses, ranking, appraisal and gaps; or write the results (-o).

    FILE is a round in JSON: the regime id, the period, the roster of units (or a roster file), the
    forms (inline, or names and globs of form files inside its folder, or inside --forms-dir) and
    the appraisal council's adjustments. Without FILE, --regime and --forms DIR make the round from
    a folder of filled forms; the units, period, deadline and data window come from the options or,
    when not given, from the forms and the regime. The regime's consistency warnings (figures that
    should agree across criteria) go to stderr; the forms are scored all the same. With --json the
    round comes on stdin, forms inline, and the response is the service's JSON.
    """
    from ..rounds import render_round
    from .progress import Bars

    if as_json:
        _json("round", lang=lang)
    given = [f"--{name}" for name in _FOLDER_OPTIONS if folder[name] not in (None, ())]
    if file is not None and given:
        raise click.UsageError(f"a round FILE holds its regime, units and dates; do not give {given[0]}")
    if file is None and not (folder["regime"] and folder["forms"]):
        raise click.UsageError("give a round FILE, or --regime REGIME and --forms DIR, or --json")
    _check_output(output, fmt)
    with Bars(lang) as bars:
        if file is not None:
            from ..rounds import load_round

            forms_dir = click.get_current_context().meta.get("forms_dir")
            the_round = load_round(file, forms_dir=forms_dir, skip_invalid=skip_invalid, progress=bars)
        else:
            the_round = _from_folder(folder, skip_invalid, bars)
        show_skipped(the_round.skipped, lang)
        result = the_round.run(progress=bars)
    show_warnings(result.warnings, lang)
    if not _write(result, output, fmt, lang, decimal_comma):
        echo(render_round(result, lang))


def _from_folder(options: dict[str, Any], skip_invalid: bool, progress: Any) -> Any:
    """The round of the forms in ``--forms DIR`` under ``--regime``, with the other options."""
    import attrs

    from ..annex import regime_named
    from ..forms import read_roster
    from ..model import Deadline, Period
    from ..rounds import round_from_folder
    from ..scoring import refuse_untranslated

    regime = regime_named(options["regime"])
    refuse_untranslated(regime)
    deadline = regime.deadline
    if options["deadline"] is not None:  # the regime's grace period still holds, unless --grace
        deadline = Deadline(options["deadline"], deadline.grace_working_days if deadline else 0)
    if options["grace"] is not None:
        if deadline is None:
            raise click.UsageError(f"--grace needs --deadline: regime {regime.id} sets no deadline")
        deadline = attrs.evolve(deadline, grace_working_days=options["grace"])
    window = Period(*options["window"]) if options["window"] else None
    units = read_roster(options["roster"], regime) if options["roster"] else None
    adjustments = _adjustments(options["adjustments"]) if options["adjustments"] else ()
    return round_from_folder(
        regime,
        options["forms"],
        units=units,
        period=options["period"] or "",
        deadline=deadline,
        window=window,
        adjustments=adjustments,
        skip_invalid=skip_invalid,
        progress=progress,
    )


def _adjustments(path: str) -> tuple[Any, ...]:
    """The adjustments of a JSON file (a list, as a round file's ``adjustments``), every problem at once."""
    from pathlib import Path

    from .._core import limits, read_bounded
    from ..exceptions import Problem, SubmissionError
    from ..forms import load_json
    from ..rounds import Adjustment
    from ..scoring import within

    data = load_json(read_bounded(Path(path), limit=limits.MAX_ROUND_BYTES).decode("utf-8"), path)
    if not isinstance(data, list):
        raise SubmissionError(path, [Problem(path, "expected a JSON list of adjustments")])
    found, problems = [], []
    for i, item in enumerate(data):
        try:
            found.append(Adjustment.from_dict(item))
        except SubmissionError as err:
            problems.extend(within(f"{path}[{i}]", err.problems))
    if problems:
        raise SubmissionError(path, problems)
    return tuple(found)
