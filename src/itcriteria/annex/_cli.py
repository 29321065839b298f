"""``itcriteria import-annex``: an annex table (xlsx, docx, csv) to a regime file and a report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from .._core import options
from ._build import GroupSpec, import_annex
from ._report import render


def _groups(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> tuple[GroupSpec, ...]:
    try:
        specs = tuple(GroupSpec.parse(value) for value in values)
    except ValueError as err:
        raise click.BadParameter(str(err)) from None
    ids = [spec.id for spec in specs]
    if len(set(ids)) != len(ids):
        raise click.BadParameter(f"a group is named twice: {', '.join(ids)}")
    return specs


@click.command("import-annex")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="the regime file (TOML) to write",
)
@click.option("--id", "regime_id", required=True, help="the regime's id, e.g. binhthuan-2019")
@click.option("--province", required=True, help="the province's id, e.g. binhthuan")
@click.option("--decision", required=True, help="the decision issuing the annex, e.g. 1867/QĐ-UBND")
@click.option(
    "--date",
    required=True,
    callback=options.date_callback,
    help="the decision's date (dd/mm/yyyy); the regime starts then",
)
@click.option(
    "--group",
    "groups",
    multiple=True,
    callback=_groups,
    help="NAME=SHEET|TABLE: the unit group whose criteria are in that sheet (by name) or Word table "
    "(by number, from 1); repeat for each group of one regime",
)
@click.option(
    "--partial",
    is_flag=True,
    help="the table is part of an annex: a criterion whose rows add up to less than its maximum takes "
    "their sum (marked assumed, reported) instead of being an error",
)
@options.lang_option("language of the report")
@click.option("--title", help="the regime's title (default: 'Bộ tiêu chí theo DECISION')")
@click.option(
    "--report",
    "report_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="also write the report as Markdown",
)
def import_annex_command(
    file: Path,
    output: Path,
    regime_id: str,
    province: str,
    decision: str,
    date: dt.date,
    groups: tuple[GroupSpec, ...],
    partial: bool,
    lang: str,
    title: str | None,
    report_file: Path | None,
) -> None:
    """Import the criteria table of an annex FILE (.xlsx, .docx, .csv) as a regime file.

    Columns are found by their names (STT, Tiêu chí / Chỉ số, Điểm tối đa, Cách tính điểm, Tài liệu
    kiểm chứng, Nguồn dữ liệu; in any order, case, with or without diacritics). The tree comes from the
    numbering, rules from the scoring text; a row whose text is not a known phrasing gets the rule
    not_translated(), and the regime refuses to score until it is written. Nothing is written when the
    table has errors; the report lists what was recognised and what remains.
    """
    from .._core import write_atomically

    result = import_annex(
        file,
        regime_id=regime_id,
        province=province,
        decision=decision,
        date=date,
        groups=groups,
        title=title,
        partial=partial,
    )
    write_atomically(output, lambda out: out.write(result.toml.encode("utf-8")))
    if report_file is not None:
        text = render(result.report, str(output), markdown=True, lang=lang)
        write_atomically(report_file, lambda out: out.write(text.encode("utf-8")))
    click.echo(render(result.report, str(output), lang=lang), nl=False)
