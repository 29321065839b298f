"""Writers of the neutral document: Markdown, reStructuredText and a standalone HTML page, as text.

Each escapes what its format would read as markup, so any title or label stays text.
"""

from __future__ import annotations

import html
import re
import unicodedata

from .document import Callout, Code, Items, Line, Paragraph, Section, Strong
from .words import _lang

# --- Markdown (CommonMark with GitHub tables) -------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_<|])")


def _md_text(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _md_inline(line: Line) -> str:
    out = []
    for part in line:
        if isinstance(part, str):
            out.append(_md_text(part))
        elif isinstance(part, Strong):
            out.append(f"**{_md_text(part.text.strip())}**" + (" " if part.text.endswith(" ") else ""))
        elif isinstance(part, Code):
            fence = "``" if "`" in part.text else "`"
            pad = " " if "`" in part.text else ""
            out.append(f"{fence}{pad}{part.text}{pad}{fence}")
        else:
            out.append(f"[{_md_text(part.text)}](<{part.url}>)")
    return "".join(out).replace("\n", " ")


def to_markdown(document: Section) -> str:
    """The document as Markdown: headings with anchors, GitHub tables, callouts as block quotes."""
    lines: list[str] = []
    _md_section(document, 1, lines)
    return "\n".join(lines).rstrip("\n") + "\n"


def _md_section(section: Section, level: int, lines: list[str]) -> None:
    lines += [f'<a id="{section.id}"></a>', "", f"{'#' * min(level, 6)} {_md_text(section.title)}", ""]
    for block in section.blocks:
        if isinstance(block, Section):
            _md_section(block, level + 1, lines)
        elif isinstance(block, Paragraph):
            lines += [_md_inline(block.parts), ""]
        elif isinstance(block, Items):
            lines += [f"- {_md_inline(item)}" for item in block.items] + [""]
        elif isinstance(block, Callout):
            lines += [f"> **{_md_text(block.title)}.** {_md_inline(block.body)}", ""]
        else:
            lines += ["| " + " | ".join(_md_text(h) for h in block.header) + " |"]
            lines += ["|" + "---|" * len(block.header)]
            lines += ["| " + " | ".join(_md_inline(cell) or " " for cell in row) + " |" for row in block.rows]
            lines += [""]


# --- reStructuredText -------------------------------------------------------------------------------

_RST_SPECIAL = re.compile(r"([\\`*_|])")
_RST_UNDERLINES = "=-~^\"'"


def _rst_text(text: str) -> str:
    return _RST_SPECIAL.sub(r"\\\1", text)


def _rst_inline(line: Line) -> str:
    out: list[str] = []
    for part in line:
        markup = not isinstance(part, str)
        if isinstance(part, str):
            piece = _rst_text(part)
        elif isinstance(part, Strong):
            piece = f"**{_rst_text(part.text.strip())}**"
        elif isinstance(part, Code):
            piece = f":literal:`{_rst_text(part.text)}`" if "`" in part.text else f"``{part.text}``"
        elif part.url.startswith("#"):
            piece = f"`{_rst_text(part.text)} <{part.url[1:]}_>`__"
        else:
            piece = f"`{_rst_text(part.text)} <{part.url}>`__"
        # inline markup needs a space or punctuation on both sides; an escaped space joins it to a word
        if out and (markup or out[-1].endswith(("**", "`", "`__"))) and _joined(out[-1][-1], piece[0]):
            out.append("\\ ")
        out.append(piece)
        if isinstance(part, Strong) and part.text.endswith(" "):
            out.append(" ")
    return "".join(out).replace("\n", " ")


def _joined(before: str, after: str) -> bool:
    """Whether ``before`` and ``after`` touch across a markup boundary (neither is space nor punctuation)."""
    return not any(c.isspace() or unicodedata.category(c)[0] == "P" for c in (before, after))


def to_rst(document: Section) -> str:
    """The document as reStructuredText: labelled sections, list tables, admonitions."""
    lines: list[str] = []
    _rst_section(document, 0, lines)
    return "\n".join(lines).rstrip("\n") + "\n"


def _rst_section(section: Section, level: int, lines: list[str]) -> None:
    title = _rst_text(section.title)
    mark = _RST_UNDERLINES[min(level, len(_RST_UNDERLINES) - 1)] * max(len(title), 4)
    lines += [f".. _{section.id}:", ""]
    lines += ([mark] if level == 0 else []) + [title, mark, ""]
    for block in section.blocks:
        if isinstance(block, Section):
            _rst_section(block, level + 1, lines)
        elif isinstance(block, Paragraph):
            lines += [_rst_inline(block.parts), ""]
        elif isinstance(block, Items):
            lines += [f"- {_rst_inline(item)}" for item in block.items] + [""]
        elif isinstance(block, Callout):
            lines += [f".. admonition:: {_rst_text(block.title)}", f"   :class: {block.kind}", ""]
            lines += [f"   {_rst_inline(block.body)}", ""]
        else:
            lines += [".. list-table::", "   :header-rows: 1", f"   :class: criteria-book-{block.kind}", ""]
            for row in ((tuple((h,) for h in block.header)), *block.rows):
                for i, cell in enumerate(row):
                    text = _rst_inline(cell) or "\\ "
                    if re.match(r"[-*+#|]|\d+[.)](\s|$)", text):
                        text = "\\" + text
                    lines.append(f"   {'* -' if i == 0 else '  -'} {text}")
            lines.append("")


# --- HTML -------------------------------------------------------------------------------------------

_CSS = """
body { font-family: system-ui, sans-serif; line-height: 1.5; margin: 0 auto; max-width: 60rem; }
main { padding: 1rem; }
table { border-collapse: collapse; margin: 1rem 0; width: 100%; }
th, td { border: 1px solid #bbb; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #eee; }
.callout { border-left: .3rem solid #888; padding: .5rem 1rem; margin: 1rem 0; background: #f6f6f6; }
.callout.warning { border-color: #c60; background: #fff4e5; }
code { background: #f0f0f0; padding: 0 .2rem; }
"""


def _html_inline(line: Line) -> str:
    out = []
    for part in line:
        if isinstance(part, str):
            out.append(html.escape(part))
        elif isinstance(part, Strong):
            out.append(f"<strong>{html.escape(part.text)}</strong>")
        elif isinstance(part, Code):
            out.append(f"<code>{html.escape(part.text)}</code>")
        else:
            out.append(f'<a href="{html.escape(part.url)}">{html.escape(part.text)}</a>')
    return "".join(out)


def to_html(document: Section, lang: str = "vi") -> str:
    """The document as a standalone HTML page (UTF-8, a little CSS, no script)."""
    body: list[str] = []
    _html_section(document, 1, body)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{_lang(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(document.title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )


def _html_section(section: Section, level: int, out: list[str]) -> None:
    tag = f"h{min(level, 6)}"
    out.append(f'<section id="{html.escape(section.id)}">')
    out.append(f"<{tag}>{html.escape(section.title)}</{tag}>")
    for block in section.blocks:
        if isinstance(block, Section):
            _html_section(block, level + 1, out)
        elif isinstance(block, Paragraph):
            out.append(f"<p>{_html_inline(block.parts)}</p>")
        elif isinstance(block, Items):
            out.append("<ul>" + "".join(f"<li>{_html_inline(item)}</li>" for item in block.items) + "</ul>")
        elif isinstance(block, Callout):
            out.append(
                f'<div class="callout {block.kind}" role="note"><strong>{html.escape(block.title)}.</strong> '
                f"{_html_inline(block.body)}</div>"
            )
        else:
            head = "".join(f"<th>{html.escape(h)}</th>" for h in block.header)
            rows = "".join(
                "<tr>" + "".join(f"<td>{_html_inline(cell)}</td>" for cell in row) + "</tr>"
                for row in block.rows
            )
            out.append(
                f'<table class="criteria-book-table criteria-book-{block.kind}">'
                f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
            )
    out.append("</section>")
