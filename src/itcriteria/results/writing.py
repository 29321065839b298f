"""Writing results: a round's workbook, CSV or JSON, and rankings of totals computed elsewhere.

Every file is written whole or not at all: the content goes to a temporary file in the destination
folder, which then replaces the destination in one step (``os.replace``). On any error the temporary
file is removed and an existing file at the destination is left as it was.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import os
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, Literal

from openpyxl.workbook import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from .._core import check_lang, check_target, neutralise_cell, write_atomically
from ..exceptions import ArgumentError
from ..ranking import RankRow
from ..regimes import Regime
from ..rounds import RoundResult
from .data import RANKING_FIELDS, encode, number_text, ranking_data, ranking_records, round_data
from .totals import read_totals as read_totals  # the public names live here together
from .xlsx import add_ranking_sheets, add_round_sheets

Format = Literal["xlsx", "csv", "json"]
#: The formats results are written in; the default is taken from the file's suffix.
FORMATS: tuple[Format, ...] = ("xlsx", "csv", "json")


def write_results(
    result: RoundResult,
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    lang: str = "vi",
    decimal_comma: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
) -> None:
    """Write a round's results to ``path`` as an Excel workbook, CSV or JSON.

    ``format`` is ``xlsx``, ``csv`` or ``json``; by default it is taken from the suffix of ``path``.
    Headings and words are Vietnamese, or English with ``lang="en"``.

    - **xlsx**: a ranking sheet per unit group (rank, unit, total, max, percent, class; units not
      ranked with the reason), the form statuses (date sent, working days late), the appraisal
      (every difference between self-assessed and appraised points with its reason, who, when and
      evidence, then the rank movements), the gaps (points lost and what reaching the benchmark or
      full points takes), and one sheet per evaluated unit with its explanation, criterion by
      criterion in the official numbering. Numbers are numeric cells shown to the regime's places,
      so Excel shows the reader's own decimal separator; ``decimal_comma`` is not needed there.
      A provisional regime says so at the top of every sheet.
    - **csv**: the ranking, one row per unit, columns ``group, within, rank, unit, name, total,
      max, percent, band, status, reason`` (group, band and status as ids; the reason in ``lang``).
      The file is UTF-8 with a byte-order mark, so Excel opens Vietnamese text correctly. With
      ``decimal_comma=True`` numbers have a decimal comma and cells are separated by ``;``, as
      Vietnamese spreadsheets expect; otherwise a decimal point and ``,``.
    - **json**: everything as data: the round (regime, deadline, policy), statuses, ranking, every
      evaluated unit's scorecard (as ``ScoreCard.to_dict()``), appraisal differences, rank
      movements, each unit's gaps and the round's common gaps, in compact UTF-8. Numbers are
      decimal text, never floats (with a decimal comma when ``decimal_comma``), except answers the
      unit gave as whole numbers, which stay whole numbers; dates are ISO text.

    The file is written whole or not at all (see the module docstring). Raises ItcriteriaError for
    an unknown format or language, and OSError when the folder does not exist or cannot be written.
    ``progress(step, done, total)`` is called as each unit's sheet is written (step ``"writing"``).
    """
    statuses = {status.unit.id: status for status in result.statuses}
    _write(
        path,
        _chosen_format(path, format, lang),
        decimal_comma,
        fill=lambda workbook: add_round_sheets(workbook, result, lang, progress=progress),
        records=lambda: ranking_records(result.ranking, statuses, lang),
        data=lambda: round_data(result, lang),
    )


def write_ranking(
    rows: Iterable[RankRow],
    regime: Regime | None,
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    lang: str = "vi",
    decimal_comma: bool = False,
) -> None:
    """Write a ranking (from :func:`itcriteria.rank`, e.g. of totals computed elsewhere) to ``path``.

    The same ranking sheets, CSV and JSON as :func:`write_results`, without what only a round has
    (statuses, explanations, gaps, appraisal): the workbook has a ranking sheet per unit group, the
    CSV one row per unit (``status`` empty), the JSON the regime and the rows. ``regime`` gives the
    groups' and classes' titles and the places numbers are shown to; without one, ids are shown and
    the places are those of the totals given.
    """
    rows = tuple(rows)
    _write(
        path,
        _chosen_format(path, format, lang),
        decimal_comma,
        fill=lambda workbook: add_ranking_sheets(workbook, rows, regime, lang),
        records=lambda: ranking_records(rows, None, lang),
        data=lambda: ranking_data(rows, regime, lang),
    )


def _write(
    path: str | os.PathLike[str],
    fmt: Format,
    decimal_comma: bool,
    *,
    fill: Callable[[Workbook], None],
    records: Callable[[], Sequence[Mapping[str, Any]]],
    data: Callable[[], object],
) -> None:
    """Write the workbook ``fill`` makes, the CSV of the ranking ``records``, or the JSON of ``data``."""
    if fmt == "xlsx":
        _write_workbook(path, fill)
        return
    content = _csv(records(), decimal_comma) if fmt == "csv" else _json(data(), decimal_comma)
    write_atomically(Path(path), lambda out: out.write(content))


def _chosen_format(path: str | os.PathLike[str], given: str | None, lang: str) -> Format:
    """The format given, or the one the suffix of ``path`` names; the language is checked too, so
    that nothing is written when either is wrong."""
    check_lang(lang)
    wanted = given.lower().lstrip(".") if given is not None else Path(path).suffix.lower().lstrip(".")
    for fmt in FORMATS:
        if wanted == fmt:
            return fmt
    if given is not None:
        raise ArgumentError(f"unsupported format {given!r}; use xlsx, csv or json")
    raise ArgumentError(
        f"cannot tell the format of {os.fspath(path)} from its name; end it in .xlsx, .csv or .json, "
        "or give the format"
    )


def _csv(records: Sequence[Mapping[str, Any]], decimal_comma: bool) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";" if decimal_comma else ",")
    writer.writerow(RANKING_FIELDS)
    for record in records:
        writer.writerow([_cell(record[field], decimal_comma) for field in RANKING_FIELDS])
    return buffer.getvalue().encode("utf-8-sig")  # the BOM tells Excel the text is UTF-8


def _cell(value: object, decimal_comma: bool) -> object:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return number_text(value, decimal_comma)
    if isinstance(value, str):  # text from the forms: never a formula when a spreadsheet opens it
        return neutralise_cell(value)
    return value


def _json(data: object, decimal_comma: bool) -> bytes:
    # compact: json's C encoder is used only without indentation, 4x faster on a province's results
    text = json.dumps(encode(data, decimal_comma), ensure_ascii=False, separators=(",", ":"))
    return (text + "\n").encode("utf-8")


# --- writing whole files ------------------------------------------------------------------------------


def _write_workbook(path: str | os.PathLike[str], fill: Callable[[Workbook], None]) -> None:
    """Fill a write-only workbook and save it atomically.

    A write-only workbook streams each sheet to a temporary file of openpyxl's own until it is
    saved; if filling or saving fails, those are removed too.
    """
    target = Path(path)
    check_target(target)
    workbook = Workbook(write_only=True)
    try:
        fill(workbook)
        write_atomically(target, lambda handle: _save(workbook, handle))
    except BaseException:
        _discard(workbook)
        raise


def _save(workbook: Workbook, handle: IO[bytes]) -> None:
    """``workbook.save(handle)``, except that a failed save (a full disk) leaves its zip archive
    closed: otherwise the archive, collected later, writes into the file already discarded."""
    from openpyxl.writer.excel import ExcelWriter

    if not workbook.worksheets:
        workbook.create_sheet()
    workbook.properties.modified = dt.datetime.now(tz=dt.UTC).replace(tzinfo=None)
    archive = zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    try:
        ExcelWriter(workbook, archive).save()
    except BaseException:
        archive.fp = None  # the temporary file is removed; nothing more is written into it
        raise


def _discard(workbook: Workbook) -> None:
    """Close the sheets of a write-only workbook that was not saved and remove their temporary files
    (best effort: the error that stopped the writing is the one the caller sees)."""
    for sheet in workbook.worksheets:
        if not isinstance(sheet, WriteOnlyWorksheet) or sheet.closed:
            continue
        with contextlib.suppress(Exception):
            sheet.close()
        writer: Any = getattr(sheet, "_writer", None)
        with contextlib.suppress(Exception):
            writer.cleanup()
