"""Writing results: a round's workbook, CSV or JSON, and rankings of totals computed elsewhere.

Every file is written whole or not at all: the content goes to a temporary file in the destination
folder, which then replaces the destination in one step (``os.replace``). On any error the temporary
file is removed and an existing file at the destination is left as it was.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Literal

from xlsxwriter.exceptions import FileCreateError
from xlsxwriter.workbook import Workbook

from .._core import check_lang, check_target, neutralise_cell, write_atomically
from ..exceptions import ArgumentError
from ..ranking import RankRow
from ..regimes import Regime
from ..rounds import RoundResult
from .data import csv_table, encode, number_text, ranking_data, round_data
from .sheets import Book
from .totals import read_totals as read_totals  # the public names live here together
from .xlsx import UNIT_SHEETS, add_ranking_sheets, add_round_sheets

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
    unit_sheets: int | None = UNIT_SHEETS,
    progress: Callable[[str, int, int], None] | None = None,
) -> None:
    """Write a round's results to ``path`` as an Excel workbook, CSV or JSON.

    ``format`` is ``xlsx``, ``csv`` or ``json``; by default it is taken from the suffix of ``path``.
    Headings and words are Vietnamese, or English with ``lang="en"``.

    - **xlsx**: a ranking sheet per unit group (rank, unit, total, max, percent, class; units not
      ranked with the reason), the form statuses (date sent, working days late), the appraisal
      (every difference between self-assessed and appraised points with its reason, who, when and
      evidence, then the rank movements), the gaps (points lost and what reaching the benchmark or
      full points takes), the criteria sheet (every evaluated unit × every criterion, one row each,
      with filter buttons on its frozen heading row: points, maximum, points lost, benchmark verdict,
      the answer, the calculation and the appraisal), and one sheet per evaluated unit with its
      explanation, criterion by criterion in the official numbering. A round of more than
      ``unit_sheets`` evaluated units (500 by default; ``None`` for no limit) has no unit sheets and
      its gaps sheet lists no advice: the criteria sheet carries each unit's detail (filter on the
      unit), and both sheets say so on top. Numbers are numeric cells shown to the regime's places,
      so Excel shows the reader's own decimal separator; ``decimal_comma`` is not needed there.
      A provisional regime says so at the top of every sheet. Every sheet is set up to print on A4
      as wide as the page, in landscape where its columns are wide, with its heading row repeated
      on every page.
    - **csv**: the ranking, one row per unit, with headings in ``lang``: ``Mã nhóm, Nhóm đơn vị,
      Trực thuộc, Hạng, Mã đơn vị, Tên đơn vị, Tổng điểm, Điểm tối đa, Tỷ lệ điểm (%), Xếp loại,
      Tình trạng phiếu, Lý do không xếp hạng`` (``Group id, Unit group, Within, Rank, Unit id, Unit
      name, Total, Max, Percent of max, Class, Form status, Why not ranked``): the group's id and
      title, the class and the form status in words, the reason in ``lang``. The ids of the group,
      the unit and its parent stay, so :func:`read_totals` (``itcriteria rank --totals``) reads the
      file back and ranks it the same.
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
        fill=lambda book: add_round_sheets(book, result, lang, unit_sheets, progress=progress),
        table=lambda: csv_table(result.ranking, statuses, result.regime, lang),
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
        fill=lambda book: add_ranking_sheets(book, rows, regime, lang),
        table=lambda: csv_table(rows, None, regime, lang),
        data=lambda: ranking_data(rows, regime, lang),
    )


def _write(
    path: str | os.PathLike[str],
    fmt: Format,
    decimal_comma: bool,
    *,
    fill: Callable[[Book], None],
    table: Callable[[], Sequence[Sequence[object]]],
    data: Callable[[], object],
) -> None:
    """Write the workbook ``fill`` makes, the CSV of the ranking ``table``, or the JSON of ``data``."""
    if fmt == "xlsx":
        _write_workbook(path, fill)
        return
    content = _csv(table(), decimal_comma) if fmt == "csv" else _json(data(), decimal_comma)
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


def _csv(table: Sequence[Sequence[object]], decimal_comma: bool) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";" if decimal_comma else ",")
    writer.writerow(table[0])
    for line in table[1:]:
        writer.writerow([_cell(value, decimal_comma) for value in line])
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


def _write_workbook(path: str | os.PathLike[str], fill: Callable[[Book], None]) -> None:
    """Fill a streaming workbook and save it atomically.

    XlsxWriter keeps each sheet's rows in a temporary file until the workbook is closed; those go in
    a private folder removed afterwards, whether the writing succeeded or not. The zip archive is
    written into the temporary file :func:`write_atomically` gives, so the target is replaced whole.
    """
    target = Path(path)
    check_target(target)
    with tempfile.TemporaryDirectory(prefix="itcriteria-xlsx-") as scratch:

        def save(handle: IO[bytes]) -> None:
            out = _Discardable(handle)
            workbook = Workbook(out, {"constant_memory": True, "tmpdir": scratch})
            workbook.set_properties({"creator": "itcriteria"})
            book = Book(workbook)
            try:
                fill(book)
                workbook.close()
            except BaseException as error:
                out.discard()
                book.close_sheets()
                cause = error.args[0] if isinstance(error, FileCreateError) and error.args else None
                if isinstance(cause, OSError):  # XlsxWriter wraps the OSError (a full disk) it met
                    raise cause from None
                raise

        write_atomically(target, save)


class _Discardable:
    """The file a workbook's zip archive is written into, which drops every write once discarded.

    When saving fails (a full disk), XlsxWriter leaves its zip archive open; collected later, the
    archive writes its directory into a file already closed and removed. Discarded, this file takes
    those last writes and forgets them.
    """

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle: IO[bytes] | None = handle
        self._position = 0  # where the forgotten writes would be, so the archive's offsets add up

    def discard(self) -> None:
        if self._handle is not None:
            with contextlib.suppress(OSError, ValueError):
                self._position = self._handle.tell()
        self._handle = None

    def write(self, data: bytes) -> int:
        if self._handle is None:
            self._position += len(data)
            return len(data)
        return self._handle.write(data)

    def tell(self) -> int:
        return self._position if self._handle is None else self._handle.tell()

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        if self._handle is None:
            self._position = offset if whence == os.SEEK_SET else self._position + offset
            return self._position
        return self._handle.seek(offset, whence)

    def seekable(self) -> bool:
        return True

    def flush(self) -> None:
        if self._handle is not None:
            self._handle.flush()
