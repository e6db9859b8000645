"""The 概要版 as one self-contained HTML page (inline CSS, ``lang="ja"``).

New content is ``<ins>`` (red), so it is marked for screen readers too, not by colour alone.
``summary_html_text`` gives the whole page; 5. 問合せ先 is printed only when the content has one.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape

from pia.render.config import SANS_FALLBACKS, SERIF_FALLBACKS, css_family, font_config
from pia.render.summary_text import OPTIONS_CAPTION, check_line, chosen_bracket, option_line, schedule_lines
from pia.summary.model import (
    DOCUMENT_COLUMNS,
    SCHEDULE_COLUMNS,
    STRUCTURE_COLUMNS,
    BlockRow,
    ChangedBlock,
    SummaryContent,
)
from pia.text import clean_tree

CSS = """
body { font-family: var(--serif); font-size: 11pt; line-height: 1.7; max-width: 50em; margin: 0 auto; padding: 1em; }
h1, h2, h3, h4, th { font-family: var(--sans); font-weight: normal; }
h1 { text-align: center; font-size: 1.5em; margin-bottom: 0.2em; }
.badge { text-align: center; font-family: var(--sans); font-size: 1.2em; margin-top: 0; }
.note { text-align: right; } .note span { border: 1px solid #000; padding: 0.1em 0.6em; }
h2 { font-size: 1.2em; margin-top: 1.6em; } h3 { font-size: 1.05em; } h4 { font-size: 1em; }
p.para { text-indent: 1em; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1em; }
th, td { border: 0.5pt solid #222; padding: 0.25em 0.5em; vertical-align: top; text-align: left; }
thead th { background: #e8e8e8; text-align: center; }
th[scope="row"] { width: 32%; background: #f6f6f6; }
ins { color: #c8000a; text-decoration: none; } del { color: #5f5f5f; }
.text { white-space: pre-wrap; } .options { font-size: 0.9em; }
.d1 { padding-left: 1.5em; } .d2 { padding-left: 2.5em; } .d3 { padding-left: 3.5em; }
"""


def _ins(text: str, new: bool) -> str:
    body = escape(text)
    cls = ' class="text"' if "\n" in text else ""
    return f"<ins{cls}>{body}</ins>" if new and text else f"<span{cls}>{body}</span>" if cls else body


def _thead(columns: tuple[str, ...]) -> str:
    return "<thead><tr>" + "".join(f'<th scope="col">{escape(c)}</th>' for c in columns) + "</tr></thead>"


def summary_html_text(content: SummaryContent) -> str:
    content = clean_tree(content)  # control characters (pia.text)
    return "\n".join(_page(content)) + "\n"


def _page(content: SummaryContent) -> Iterator[str]:
    fonts = font_config()
    families = f"--serif: {css_family(fonts.serif, SERIF_FALLBACKS)}; --sans: {css_family(fonts.sans, SANS_FALLBACKS)};"
    yield '<!DOCTYPE html>\n<html lang="ja">\n<head>\n<meta charset="utf-8">'
    yield '<meta name="viewport" content="width=device-width, initial-scale=1">'
    yield f"<title>{escape(content.title)} {escape(content.badge)}</title>"
    yield f"<style>:root {{ {families} }}{CSS}</style>\n</head>\n<body>\n<main>"
    if content.header_note:
        yield f'<p class="note"><span>{escape(content.header_note)}</span></p>'
    yield f'<h1>{escape(content.title)}</h1>\n<p class="badge">{escape(content.badge)}</p>'
    yield from _purpose_and_documents(content)
    yield from _changes(content)
    yield from _schedule(content)
    yield from _contact(content)
    yield "</main>\n</body>\n</html>"


def _purpose_and_documents(content: SummaryContent) -> Iterator[str]:
    titles = content.section_titles
    yield f"<h2>{escape(titles[0])}</h2>"
    yield from (f'<p class="para">{escape(p)}</p>' for p in content.purpose)
    yield f"<h2>{escape(titles[1])}</h2>\n<table>{_thead(DOCUMENT_COLUMNS)}<tbody>"
    yield from (f"<tr><td>{escape(d.number)}</td><td>{escape(d.name)}</td></tr>" for d in content.documents)
    yield f"</tbody></table>\n<p>{escape(content.structure_note)}</p>\n<table>{_thead(STRUCTURE_COLUMNS)}<tbody>"
    for row in content.structure:
        items = " ".join(_ins(i.label, i.changed) for i in row.items)
        yield f'<tr><th scope="row">{_ins(row.label, row.changed)}</th><td>{items}</td></tr>'
    yield "</tbody></table>"


def _changes(content: SummaryContent) -> Iterator[str]:
    yield f"<h2>{escape(content.section_titles[2])}</h2>"
    yield from (f'<p class="para">{escape(p)}</p>' for p in content.changes_paragraphs)
    for block in content.blocks:
        yield from _block(block)


def _block(block: ChangedBlock) -> Iterator[str]:
    yield f"<h3>{escape(block.section)}</h3>"
    if block.heading:
        yield f"<h4>{escape(block.heading)}</h4>"
    yield f"<table>{_thead(STRUCTURE_COLUMNS)}<tbody>"
    yield from (_row(r) for r in block.rows)
    yield "</tbody></table>"


def _row(row: BlockRow) -> str:
    depth = f' class="d{min(row.depth, 3)}"' if row.depth else ""
    return f'<tr><th scope="row"{depth}>{_ins(row.label, row.new)}</th><td>{_value(row)}</td></tr>'


def _value(row: BlockRow) -> str:
    if row.kind == "choice":
        options = f'<span class="options">{escape(OPTIONS_CAPTION)} {escape(option_line(row))}</span>'
        return f"{_ins(chosen_bracket(row), row.new)} {options}"
    if row.kind == "checkbox":
        return " ".join(_ins(check_line(o), row.new) for o in row.options)
    if row.kind == "removed":
        return f"【削除】<del>{escape(row.value)}</del>"
    return _ins(row.value, row.new)


def _schedule(content: SummaryContent) -> Iterator[str]:
    yield f"<h2>{escape(content.section_titles[3])}</h2>\n<table>{_thead(SCHEDULE_COLUMNS)}<tbody>"
    for row in content.schedule:
        lines = "<br>".join(escape(line) for line in schedule_lines(row))
        yield f'<tr><th scope="row">{escape(row.when)}</th><td>{lines}</td></tr>'
    yield "</tbody></table>"


def _contact(content: SummaryContent) -> Iterator[str]:
    """5. 問合せ先, only when the content has one (its lines as written)."""
    if content.contact:
        lines = "<br>".join(escape(line) for line in content.contact)
        yield f'<h2>{escape(content.contact_title)}</h2>\n<p class="contact">{lines}</p>'
