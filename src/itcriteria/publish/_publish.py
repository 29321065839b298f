"""``publish``: a round's results as the decision's annex (PDF or HTML), and its charts as files."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
from pathlib import Path
from typing import Any, Literal

from itcriteria import RoundResult
from itcriteria.exceptions import ArgumentError, MissingExtraError

from .._core import check_target, write_atomically
from ._annex import Document, annex_data
from ._charts import Chart, charts

Format = Literal["pdf", "html"]
_CM_PER_PX = 2.54 / 72  # vl-convert draws at 72 px per inch
_TEXT_WIDTH_CM, _PAGE_HEIGHT_CM = 17.0, 22.5
#: What the publish extra installs: the Typst compiler, Altair, vl-convert and the font.
_NEEDED = ("typst", "altair", "vl_convert", "fontpkg_be_vietnam_pro")


def publish(
    result: RoundResult,
    path: str | Path,
    *,
    fmt: Format | None = None,
    decision: str | None = None,
    date: dt.date | None = None,
    signer: str | None = None,
    signer_title: str | None = None,
    issuer: str | None = None,
    previous: RoundResult | None = None,
    lang: str = "vi",
    charts_dir: str | Path | None = None,
) -> Path:
    """Write the annex of ``result`` to ``path``: PDF (A4, PDF/A-2b) or one self-contained HTML file
    (``fmt``, by default from the file's extension), and the charts as SVG and PNG into ``charts_dir``.

    ``decision`` and ``date`` are the results decision's number and date, ``signer`` (and
    ``signer_title``) its signature block, ``issuer`` the issuing body's lines (``\\n`` between lines);
    ``previous`` is the earlier round whose ranks the tables and the slope chart compare with.
    The same arguments always give the same bytes. Nothing is written when anything fails.
    """
    check_installed()
    target = Path(path)
    chosen = fmt or _format_of(target)
    document = Document(decision, date, signer, signer_title, issuer, lang)
    check_target(target)
    folder = Path(charts_dir) if charts_dir is not None else None
    if folder is not None and not folder.is_dir():
        raise NotADirectoryError(f"publish: no folder {str(folder)!r} to write the charts into")
    data = annex_data(result, document, previous=previous)
    drawn = charts(result, previous, lang)
    data["charts"] = [_placed(chart) for chart in drawn]
    if chosen == "pdf":
        from ._pdf import render_pdf

        content = render_pdf(data, _created(result, document))
    else:
        from ._html import render_html

        content = render_html(data).encode("utf-8")
    _write(target, content)
    if folder is not None:
        write_charts(drawn, folder, svgs={c["name"]: c["svg"] for c in data["charts"]})
    return target


def check_installed() -> None:
    """Raise MissingExtraError naming what is missing when the publish extra is not installed."""
    missing = [name for name in _NEEDED if importlib.util.find_spec(name) is None]
    if missing:
        raise MissingExtraError(
            "publishing needs the publish extra: pip install 'itcriteria[publish]' "
            f"(not installed: {', '.join(missing)})"
        )


def write_charts(drawn: list[Chart], folder: Path, *, svgs: dict[str, str] | None = None) -> list[Path]:
    """Each chart as ``NAME.svg`` and ``NAME.png`` in ``folder``."""
    written = []
    for chart in drawn:
        svg = (svgs or {}).get(chart.name) or chart.svg()
        for suffix, content in ((".svg", svg.encode("utf-8")), (".png", chart.png(svg=svg))):
            target = folder / f"{chart.name}{suffix}"
            _write(target, content)
            written.append(target)
    return written


def _write(target: Path, content: bytes) -> None:
    write_atomically(target, lambda handle: handle.write(content))


def _format_of(target: Path) -> Format:
    suffix = target.suffix.lower()
    if suffix in (".html", ".htm"):
        return "html"
    if suffix == ".pdf":
        return "pdf"
    raise ArgumentError(
        f"publish: cannot tell the format of {target.name!r}; name it .pdf or .html, or give a format"
    )


def _placed(chart: Chart) -> dict[str, Any]:
    """The chart's SVG and the width it is printed at: its own size, shrunk to fit the text width and
    a page's height."""
    svg = chart.svg()
    size = re.search(r'<svg[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"', svg)
    width, height = (float(size.group(1)), float(size.group(2))) if size else (460.0, 300.0)
    scale = min(1.0, _TEXT_WIDTH_CM / (width * _CM_PER_PX), _PAGE_HEIGHT_CM / (height * _CM_PER_PX))
    return {
        "name": chart.name,
        "title": chart.title,
        "alt": chart.alt,
        "svg": svg,
        "width": round(width * _CM_PER_PX * scale, 3),
    }


def _created(result: RoundResult, document: Document) -> dt.date:
    """The PDF's creation date: the decision's, else the round's deadline, else the regime's start."""
    if document.date is not None:
        return document.date
    due = result.round.due
    return due.due if due is not None else result.regime.effective.start
