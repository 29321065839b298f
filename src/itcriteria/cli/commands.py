"""The ``itcriteria`` command line (click). Exit codes: 0 done, 1 bad input or data, 2 bad usage."""

from __future__ import annotations

import sys
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

import click

from .._core import options, terms
from ..exceptions import Problem, SubmissionError
from .group import Group, plugin_warnings_as_one_line
from .help import LANG_ENV
from .output import echo, show_skipped, show_warnings, show_written

if TYPE_CHECKING:
    from ..forms import FormBatch
    from ..regimes import Regime
    from ..rounds import RoundResult

LANG = options.lang_option()
_F = TypeVar("_F", bound=Callable[..., Any])


class _Number(click.ParamType):  # type: ignore[type-arg]  # generic only in recent click
    """A number on the command line, read exactly by the rule of every form (decimal comma or point)."""

    name = "number"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Decimal:
        from .._core import answer_number

        try:
            return Decimal(answer_number(value))
        except (TypeError, ValueError) as err:
            self.fail(str(err), param, ctx)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="show the full traceback of an error")
@click.option(
    "--lang",
    type=click.Choice(["vi", "en"]),
    envvar=LANG_ENV,
    help=f"language of the help, and every command's default --lang (or the {LANG_ENV} variable)",
)
@click.pass_context
def cli(ctx: click.Context, debug: bool, lang: str | None) -> None:
    """Score, explain and rank how Vietnamese state agencies apply IT, under each province's criteria set.

    Exit codes: 0 done; 1 bad input or data (the message names the regime, criterion and field);
    2 bad usage of the command line. The help is in Vietnamese unless --lang en.
    """
    if lang is not None:  # the default of each command's own --lang
        ctx.default_map = {name: {"lang": lang} for name in cli.list_commands(ctx)}
    if not debug:
        plugin_warnings_as_one_line()


@cli.command()
@LANG
@click.option("--regime", help="an installed regime id (default: the bundled example regime)")
@click.option("--forms", type=click.Path(dir_okay=False), help="a JSON file of forms (default: bundled)")
def demo(lang: str, regime: str | None, forms: str | None) -> None:
    """Score and rank example units, and explain the first one."""
    from .demo import run_demo

    echo(run_demo(lang, regime, forms))


@cli.command("list")
@LANG
@click.option(
    "--check", is_flag=True, help="also validate every regime and compile its rules; exit 1 if one is broken"
)
def list_command(lang: str, check: bool) -> None:
    """List the installed regimes with their status and plugin, read from each regime file's heading.

    A regime's criteria and rules are checked when it is first used (or with --check): a broken one is
    listed with its problems.
    """
    from ..registry import default_registry
    from .demo import list_installed

    echo(list_installed(lang, check=check))
    if check and any(info.error is not None for info in default_registry().regimes.values()):
        sys.exit(1)


JSON = click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="read one JSON request on stdin, write the service's JSON response",
)


def _json(command: Any, **options: Any) -> None:
    """The service's stdin/stdout JSON (itcriteria.service): exit 0 answered, 1 refused."""
    from ..service import run_json

    sys.exit(run_json(command, **options))


FORMS_DIR = click.option(
    "--forms-dir",
    type=click.Path(exists=True, file_okay=False),
    expose_value=False,
    callback=lambda ctx, _param, value: ctx.meta.__setitem__("forms_dir", value),
    help="read the form files a round file names inside this folder (default: the round file's folder)",
)


# --- inputs shared by score, rank, gaps and plan -----------------------------------------------------

SOURCES = click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
REGIME = click.option(
    "--regime",
    help="score these FORMS under this installed regime or regime file (else SOURCES is a round file)",
)
SKIP = click.option("--skip-invalid", is_flag=True, help="score the valid forms and list the ones skipped")
OUTPUT = click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="write the results to FILE (.xlsx, .csv or .json)"
)
FORMAT = click.option(
    "--format", "fmt", type=click.Choice(["xlsx", "csv", "json"]), help="output format (default: from -o)"
)
DECIMAL_COMMA = click.option(
    "--decimal-comma", is_flag=True, help="numbers with a decimal comma, as Vietnamese reports"
)


def results_options(command: _F) -> _F:
    """The options of each command that writes results (score, rank, round), in this order: --skip-invalid,
    --forms-dir, -o, --format, --decimal-comma and --json."""
    for option in reversed((SKIP, FORMS_DIR, OUTPUT, FORMAT, DECIMAL_COMMA, JSON)):
        command = option(command)
    return command


def _round_result(
    sources: tuple[str, ...], regime_id: str | None, skip_invalid: bool, lang: str = "vi"
) -> RoundResult:
    """A round file, or forms scored under ``--regime`` as a round of the units that sent them; the
    forms skipped and the regime's consistency warnings go to stderr."""
    from ..annex import regime_named
    from ..rounds import Round, load_round
    from ..scoring import refuse_untranslated
    from .progress import Bars

    with Bars(lang) as bars:
        if regime_id is None:
            if len(sources) != 1:
                raise click.UsageError("give one round file, or --regime REGIME and the forms")
            forms_dir = click.get_current_context().meta.get("forms_dir")
            the_round = load_round(sources[0], forms_dir=forms_dir, skip_invalid=skip_invalid, progress=bars)
            show_skipped(the_round.skipped, lang)
        else:
            regime = regime_named(regime_id)  # an installed id, or a regime file (fresh from import-annex)
            refuse_untranslated(regime)  # before the forms: no form can fix a rule the regime does not have
            batch = _read_forms(sources, regime, skip_invalid, lang)
            units = tuple(form.unit for form in batch.forms)
            the_round = Round(regime, units, batch.forms, warnings=batch.warnings)
        result = the_round.run(progress=bars)
    show_warnings(result.warnings, lang)
    return result


def _read_forms(paths: tuple[str, ...], regime: Regime, skip_invalid: bool, lang: str) -> FormBatch:
    from ..forms import read_forms
    from .progress import each

    batch = read_forms(each(paths, "reading", lang), regime, skip_invalid=skip_invalid)
    show_skipped(batch.skipped, lang)
    return batch


def _check_output(output: str | None, fmt: str | None) -> None:
    """Bad usage, found before any work: an output whose format neither ``--format`` nor its name says."""
    if output is not None and fmt is None and not output.lower().endswith((".xlsx", ".csv", ".json")):
        raise click.BadParameter(
            f"cannot tell the format of {output} from its name; end it in .xlsx, .csv or .json, "
            "or give --format",
            param_hint="'-o' / '--output'",
        )


def _write(result: RoundResult, output: str | None, fmt: str | None, lang: str, decimal_comma: bool) -> bool:
    if output is None:
        return False
    from ..results import write_results
    from .progress import Bars

    with Bars(lang) as bars:
        write_results(result, output, format=fmt, lang=lang, decimal_comma=decimal_comma, progress=bars)
    show_written(output, lang)
    return True


@cli.command()
@click.argument("regime")
@click.option("--group", help="only this unit group's criteria")
@LANG
def show(regime: str, group: str | None, lang: str) -> None:
    """Show an installed REGIME: status, groups, dates and its criteria tree."""
    from ..registry import get_regime
    from ..rounds import render_regime

    the_regime = get_regime(regime)
    if group is not None:
        the_regime.group(group)  # an unknown group is an error listing the groups, not a short listing
    echo(render_regime(the_regime, group, lang))


@cli.command()
@click.argument("regime", required=False)
@click.option("--group", help="the form of this unit group only (fixes the group on the form)")
@click.option(
    "--round",
    "round_file",
    type=click.Path(exists=True, dir_okay=False),
    help="one form per unit of this round file's roster, unit pre-filled, into the folder -o",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["xlsx", "json"]),
    help="xlsx form or the JSON form (default: from -o)",
)
@click.option("-o", "--output", required=True, type=click.Path(), help="the form file (or folder) to write")
@LANG
def template(
    regime: str | None, group: str | None, round_file: str | None, fmt: str | None, output: str, lang: str
) -> None:
    """Write the self-assessment form (Phiếu tự đánh giá) of REGIME for agencies to fill in.

    With --round, write one form per unit of the round's roster into the folder OUTPUT, each with the
    unit's id, name and group filled in and locked, so no form comes back with a mistyped unit.
    """
    from pathlib import Path

    from ..forms import write_template
    from ..registry import get_regime

    if round_file is None:
        if regime is None:
            raise click.UsageError("give REGIME, or --round ROUND_FILE")
        write_template(get_regime(regime), output, group=group, lang=lang, format=fmt)
        show_written(output, lang)
        return
    from ..rounds import load_round

    if regime is not None or group is not None or fmt not in (None, "xlsx"):
        raise click.UsageError(
            "--round writes the xlsx forms of the round's roster: give no REGIME or --group"
        )
    the_round = load_round(round_file)
    folder = Path(output)
    folder.mkdir(parents=True, exist_ok=True)
    for unit in the_round.units:
        write_template(the_round.regime, folder / f"{unit.id}.xlsx", lang=lang, unit=unit)
    show_written(
        f"{len(the_round.units)} forms into {folder}"
        if lang == "en"
        else f"{len(the_round.units)} phiếu vào {folder}",
        lang,
    )


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--laws/--no-laws", default=True, show_default=True, help="also search for broken laws")
@click.option("--examples", type=click.IntRange(min=1), default=50, show_default=True, help="cohorts per law")
@LANG
def check(file: str, laws: bool, examples: int, lang: str) -> None:
    """Check a regime FILE (TOML): every problem of the file at once, then the standard laws of
    itcriteria.testing (a better answer never scores less, totals within the maximum, …) when
    Hypothesis is installed (pip install itcriteria[testing]). Exit 1 when anything is wrong."""
    from ..regimes import load_regime

    regime = load_regime(file)
    leaves = len(regime.leaves())
    groups = len(regime.groups)
    if lang == "en":
        echo(f"{file}: regime {regime.id} is valid ({leaves} sub-criteria, {groups} groups)")
    else:
        echo(f"{file}: bộ tiêu chí {regime.id} hợp lệ ({leaves} tiêu chí thành phần, {groups} nhóm đơn vị)")
    if not laws:
        return
    try:
        from ..testing import check_regime
    except ImportError:
        echo(
            "laws not checked: Hypothesis is not installed (pip install itcriteria[testing])"
            if lang == "en"
            else "chưa kiểm tra các luật: chưa cài Hypothesis (pip install itcriteria[testing])"
        )
        return
    report = check_regime(regime, max_examples=examples, raise_on_failure=False)
    echo(str(report))
    if not report.ok:
        sys.exit(1)


@cli.command()
@click.argument("regime")
@click.argument("forms", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@LANG
def validate(regime: str, forms: tuple[str, ...], lang: str) -> None:
    """Check REGIME (an installed id or a regime file) and what remains before it is official; with
    filled FORMS (xlsx, json, csv), check them against it and list every problem of every form, then
    the regime's consistency warnings (figures that should agree across criteria; exit 0 all the same)."""
    from ..annex import regime_named, remaining
    from ..scoring import refuse_untranslated

    the_regime = regime_named(regime)
    if not forms:
        left = remaining(the_regime)
        status = terms.word(the_regime.status, lang)  # official or provisional, in words
        if lang == "en":
            echo(f"regime {the_regime.id} is valid ({status})")
        else:
            echo(f"bộ tiêu chí {the_regime.id} hợp lệ ({status})")
        if left:
            echo(
                f"before it is official, {len(left)} to do:"
                if lang == "en"
                else f"còn {len(left)} việc trước khi thành chính thức:"
            )
        for line in left:
            echo(f"  - {line}")
        return
    refuse_untranslated(the_regime)
    batch = _read_forms(forms, the_regime, False, lang)
    the_regime.score_all(batch.forms)  # reading checks each value as scoring does; this proves it
    echo(f"{len(batch.forms)} forms are valid" if lang == "en" else f"{len(batch.forms)} phiếu hợp lệ")
    show_warnings(batch.warnings, lang)


@cli.command()
@click.argument("sources", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@REGIME
@results_options
@click.option("--explain", is_flag=True, help="with --json: add each sub-criterion's explanation")
@LANG
def score(
    sources: tuple[str, ...],
    regime: str | None,
    skip_invalid: bool,
    output: str | None,
    fmt: str | None,
    decimal_comma: bool,
    as_json: bool,
    explain: bool,
    lang: str,
) -> None:
    """Score a round file, or FORMS under --regime; print the ranking or write the results (-o).

    With --json one form (or {"forms": [...]}) comes on stdin and the scorecard(s) go to stdout as
    the service's JSON; the regime is --regime or the form's own.
    """
    from ..rounds import render_round

    if as_json:
        _json("score", regime=regime, explain=explain, lang=lang)
    if not sources:
        raise click.UsageError("give a round file, --regime REGIME and forms, or --json")
    _check_output(output, fmt)
    result = _round_result(sources, regime, skip_invalid, lang)
    if not _write(result, output, fmt, lang, decimal_comma):
        echo(render_round(result, lang, top=0))


@cli.command("rank")
@click.argument("sources", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@REGIME
@click.option(
    "--totals",
    type=click.Path(exists=True, dir_okay=False),
    help="rank totals computed elsewhere (CSV: unit, group, total; or a results CSV's headings)",
)
@click.option("--policy", help="the ranking policy for --totals (default: the regime's)")
@results_options
@LANG
def rank_command(
    sources: tuple[str, ...],
    regime: str | None,
    totals: str | None,
    policy: str | None,
    skip_invalid: bool,
    output: str | None,
    fmt: str | None,
    decimal_comma: bool,
    as_json: bool,
    lang: str,
) -> None:
    """Rank a round file, FORMS under --regime, or --totals computed elsewhere under --policy.

    With --json the totals come on stdin ({"policy" or "regime", "totals": [...]}) and the ranking
    goes to stdout as the service's JSON.
    """
    from ..ranking import rank
    from ..registry import get_ranking_policy, get_regime
    from ..rounds import render_ranking

    if as_json:
        _json("rank", lang=lang)
    _check_output(output, fmt)
    if totals is None:
        if not sources:
            raise click.UsageError("give a round file, --regime REGIME and forms, or --totals FILE.csv")
        result = _round_result(sources, regime, skip_invalid, lang)
        if not _write(result, output, fmt, lang, decimal_comma):
            echo(render_ranking(result.regime, result.ranking, lang))
        return
    from ..results import read_totals, write_ranking

    the_regime = get_regime(regime) if regime else None
    if policy is None:
        if the_regime is None:
            raise click.UsageError("--totals needs --policy, or --regime to use the regime's policy")
        policy = the_regime.ranking_policy
    chosen = get_ranking_policy(policy)
    entries = read_totals(totals, regime=the_regime)
    if chosen.basis == "percent" and the_regime is None and not all("max" in e for e in entries):
        raise SubmissionError(
            totals,
            [
                Problem(
                    totals,
                    f"policy {policy!r} ranks on the percent of each unit's maximum: add a max column, "
                    "or give --regime REGIME to take each group's maximum from the regime",
                    field="max",
                )
            ],
        )
    rows = rank(entries, policy=chosen, regime=the_regime)
    if output is not None:
        write_ranking(rows, the_regime, output, format=fmt, lang=lang, decimal_comma=decimal_comma)
        show_written(output, lang)
    else:
        echo(render_ranking(the_regime, rows, lang))


@cli.command()
@SOURCES
@REGIME
@SKIP
@FORMS_DIR
@click.option("--unit", help="only this unit (default: the round's common gaps, then every unit's)")
@LANG
def gaps(
    sources: tuple[str, ...], regime: str | None, skip_invalid: bool, unit: str | None, lang: str
) -> None:
    """What units miss: sub-criteria below benchmark or short of full points, and what reaching them takes."""
    from ..improvement import render_common_gaps, render_gaps

    result = _round_result(sources, regime, skip_invalid, lang)
    if unit is not None:
        echo(render_gaps(result.gaps(unit), lang))
        return
    from .progress import each

    echo(render_common_gaps(result.common_gaps(), lang, result.regime))
    for unit_id in each(result.cards, "gaps", lang):
        echo("\n" + render_gaps(result.gaps(unit_id), lang))


@cli.command()
@SOURCES
@REGIME
@SKIP
@FORMS_DIR
@click.option("--unit", required=True, help="the unit to plan for")
@click.option("--rank", "place", type=click.IntRange(min=1), help="aim at this place in the unit's table")
@click.option("--target", type=_Number(), help="aim at this total (default: the next band up)")
@LANG
def plan(
    sources: tuple[str, ...],
    regime: str | None,
    skip_invalid: bool,
    unit: str,
    place: int | None,
    target: Decimal | None,
    lang: str,
) -> None:
    """The fewest, smallest changes of a unit's answers that reach the next band, a rank or a total."""
    from ..improvement import render_plan

    if place is not None and target is not None:
        raise click.UsageError("give --rank or --target, not both")
    result = _round_result(sources, regime, skip_invalid, lang)
    echo(render_plan(result.plan(unit, rank=place, target=target), lang))


@cli.command()
@click.argument("old")
@click.argument("new")
@LANG
def diff(old: str, new: str, lang: str) -> None:
    """What regime NEW changed from regime OLD (both installed ids)."""
    from ..regimes import diff as regime_diff
    from ..registry import get_regime

    echo(regime_diff(get_regime(old), get_regime(new)).describe(lang))


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code instead of leaving the process."""
    try:
        cli.main(args=argv, prog_name="itcriteria", standalone_mode=False)
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.ClickException as err:
        err.show()
        return err.exit_code
    except click.Abort:
        echo("aborted", err=True)
        return 1
    except SystemExit as done:
        return int(done.code or 0)
    return 0
