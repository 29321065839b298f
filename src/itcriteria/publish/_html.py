"""The annex as one self-contained HTML file a portal can post as is: the font and the charts inline,
no script, no link to anything outside the file."""

from __future__ import annotations

import base64
import html
from typing import Any

from ._fonts import FAMILY, font_file

_CSS = """
@font-face { font-family: "%(family)s"; font-weight: 400;
             src: url(data:font/ttf;base64,%(regular)s) format("truetype"); }
@font-face { font-family: "%(family)s"; font-weight: 700;
             src: url(data:font/ttf;base64,%(bold)s) format("truetype"); }
:root { color-scheme: light; }
body { font-family: "%(family)s", sans-serif; font-size: 15px; line-height: 1.45; color: #111;
       background: #fff; max-width: 60rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
.provisional { position: sticky; top: 0; margin: 0 -1.25rem 1rem; padding: .5rem 1.25rem; background: #fdecea;
               color: #8a0016; font-weight: 700; border-bottom: 2px solid #b00020; text-align: center; }
.doc-header { display: flex; justify-content: space-between; gap: 1rem; text-align: center;
              font-weight: 700; }
.doc-header div { flex: 1; }
.doc-header .motto span { display: block; }
.place-date { text-align: right; font-style: italic; }
h1 { text-align: center; font-size: 1.25rem; margin: 1.25rem 0 .25rem; }
h1 span { display: block; font-size: 1.05rem; margin-top: .25rem; }
.attached { text-align: center; font-style: italic; margin: 0; }
.regime { text-align: center; font-size: .85rem; color: #333; }
h2 { font-size: 1.1rem; margin: 2rem 0 .5rem; }
h3 { font-size: 1rem; margin: 1rem 0 .4rem; }
.note { font-style: italic; margin: 0 0 .5rem; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%%; font-size: .92rem; }
caption { text-align: left; font-size: .85rem; color: #333; padding-bottom: .25rem; }
th, td { border: 1px solid #777; padding: .3rem .45rem; vertical-align: top; }
thead th { background: #e3e3e3; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.center { text-align: center; }
figure { margin: 1.5rem 0; }
figure svg { width: 100%%; max-width: 46rem; height: auto; }
figcaption { font-size: .9rem; color: #333; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%%); }
.signature { width: 45%%; margin: 2.5rem 0 0 auto; text-align: center; font-weight: 700; }
.signature .name { margin-top: 4rem; }
@media print { .provisional { position: static; } .scroll { overflow: visible; } }
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def render_html(data: dict[str, Any]) -> str:
    """The annex data (see ``annex_data``) with its charts as one HTML document."""
    fonts = {
        "family": FAMILY,
        "regular": base64.b64encode(font_file(400).read_bytes()).decode("ascii"),
        "bold": base64.b64encode(font_file(700).read_bytes()).decode("ascii"),
    }
    labels = data["labels"]
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{_e(data["lang"])}">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(data['title'])}</title>",
        f"<style>{_CSS % fonts}</style></head>",
        "<body>",
    ]
    if data["provisional"]:
        parts.append(f'<p class="provisional" role="note">{_e(data["provisional"])}</p>')
    issuer = "<br>".join(_e(line) for line in data["issuer"])
    parts += [
        '<header class="doc-header">',
        f'<div class="issuer">{issuer}</div>',
        f'<div class="motto"><span>{_e(data["motto"])}</span><span>{_e(data["slogan"])}</span></div>',
        "</header>",
        f'<p class="place-date">{_e(data["place_date"])}</p>',
        f"<h1>{_e(data['annex'])}<span>{_e(data['heading'])}</span></h1>",
        f'<p class="attached">{_e(data["attached"])}</p>',
        f'<p class="regime">{_e(data["regime"])}</p>',
        "<main>",
    ]
    for table in data["tables"]:
        parts += _table(table, data, labels)
    if data["signature"] is not None:
        lines = "<br>".join(_e(line) for line in data["signature"]["title"])
        name = _e(data["signature"]["name"])
        parts.append(f'<div class="signature"><div>{lines}</div><div class="name">{name}</div></div>')
    if data["charts"]:
        parts += ['<section class="charts">', f"<h2>{_e(labels['charts'])}</h2>"]
        for chart in data["charts"]:
            parts.append(f'<figure class="chart" id="chart-{_e(chart["name"])}">')
            parts.append(_accessible_svg(chart["svg"], chart["alt"]))
            parts.append(f"<figcaption>{_e(chart['title'])}</figcaption></figure>")
        parts.append("</section>")
    if data["appendix"]:
        parts += _appendix(data, labels)
    parts += ["</main>", "</body>", "</html>", ""]
    return "\n".join(parts)


def _table(table: dict[str, Any], data: dict[str, Any], labels: dict[str, str]) -> list[str]:
    previous = data["previous"]
    ident = f"{table['group']}-{table['within']}" if table["within"] else table["group"]
    parts = [
        f'<section class="group" id="group-{_e(ident)}" data-group="{_e(table["group"])}">',
        f"<h2>{_e(table['number'])}. {_e(table['title'])}</h2>",
    ]
    if table["note"]:
        parts.append(f'<p class="note">{_e(table["note"])}</p>')
    if table["rows"]:
        head = [(labels["rank"], "center"), (labels["unit"], ""), (labels["total"], "num"),
                (labels["max"], "num"), (labels["percent"], "num"), (labels["band"], "")]  # fmt: skip
        if previous:
            head += [(previous, "center"), (labels["change"], "center")]
        cells = "".join(f'<th scope="col" class="{c}">{_e(h)}</th>' for h, c in head)
        parts += [
            '<div class="scroll"><table class="ranking">',
            f'<caption class="visually-hidden">{_e(table["number"])}. {_e(table["title"])}</caption>',
            f"<thead><tr>{cells}</tr></thead><tbody>",
        ]
        for row in table["rows"]:
            values = [(row["rank"], "center"), (row["name"], "name"), (row["total"], "num"),
                      (row["max"], "num"), (row["percent"], "num"), (row["band"], "")]  # fmt: skip
            if previous:
                values += [(row["previous"], "center"), (row["change"], "center")]
            tds = "".join(f'<td class="{c}">{_e(v)}</td>' for v, c in values)
            parts.append(f'<tr data-unit="{_e(row["unit"])}">{tds}</tr>')
        parts.append("</tbody></table></div>")
    else:
        parts.append(f'<p class="note">{_e(labels["nothing_ranked"])}</p>')
    if table["not_ranked"]:
        parts += [
            f"<h3>{_e(labels['not_ranked'])}</h3>",
            '<div class="scroll"><table class="not-ranked">',
            f'<thead><tr><th scope="col">{_e(labels["unit"])}</th>'
            f'<th scope="col">{_e(labels["reason"])}</th></tr></thead><tbody>',
        ]
        for unit in table["not_ranked"]:
            cells = f"<td>{_e(unit['name'])}</td><td>{_e(unit['reason'])}</td>"
            parts.append(f'<tr data-unit="{_e(unit["unit"])}">{cells}</tr>')
        parts.append("</tbody></table></div>")
    parts.append("</section>")
    return parts


def _appendix(data: dict[str, Any], labels: dict[str, str]) -> list[str]:
    parts = [
        '<section class="appendix">',
        f"<h2>{_e(labels['gaps'])}</h2>",
        f'<p class="note">{_e(labels["gaps_note"])}</p>',
    ]
    for unit in data["appendix"]:
        parts.append(
            f"<h3>{_e(unit['name'])} — {_e(unit['group'])} ({_e(unit['total'])} / {_e(unit['max'])})</h3>"
        )
        if not unit["items"]:
            parts.append(f'<p class="note">{_e(labels["all_met"])}</p>')
            continue
        head = "".join(
            f'<th scope="col">{_e(h)}</th>'
            for h in (
                labels["code"],
                labels["criterion"],
                labels["points"],
                labels["benchmark"],
                labels["reach"],
            )
        )
        parts += ['<div class="scroll"><table class="gaps">', f"<thead><tr>{head}</tr></thead><tbody>"]
        for item in unit["items"]:
            parts.append(
                f"<tr><td>{_e(item['id'])}</td><td>{_e(item['title'])}</td>"
                f'<td class="num">{_e(item["points"])} / {_e(item["max"])}</td>'
                f'<td class="center">{_e(item["benchmark"])}</td><td>{_e(item["reach"])}</td></tr>'
            )
        parts.append("</tbody></table></div>")
    parts.append("</section>")
    return parts


def _accessible_svg(svg: str, alt: str) -> str:
    """The chart's SVG, announced as one image with its text alternative."""
    opening = svg.index("<svg") + len("<svg")
    return f'{svg[:opening]} role="img" aria-label="{_e(alt)}"{svg[opening:]}'
