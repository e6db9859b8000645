"""The 概要版 as HTML: one self-contained page (inline CSS, ``lang="ja"``) for the CLI's ``.html``,
and the body fragment a web page embeds (no ``<html>`` or ``<style>``; its headings start at the
level the page needs). Both are written by the same code.

5. 問合せ先 is printed only when the content has one.

New content is ``<ins>`` (red, underlined) and carries a visible text marker (「【追加】」,
「【変更】」; removed text 「【削除】」), so it is marked for screen readers and without colour too.
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
th, td { overflow-wrap: anywhere; }
thead th { background: #e8e8e8; text-align: center; }
th[scope="row"] { width: 32%; background: #f6f6f6; }
ins { color: #c8000a; text-decoration: underline; } del { color: #5f5f5f; }
.mark { color: #c8000a; font-family: var(--sans); }
.text { white-space: pre-wrap; } .options { font-size: 0.9em; }
ul.items { margin: 0; padding-left: 0; list-style: none; }
.d1 { padding-left: 1.5em; } .d2 { padding-left: 2.5em; } .d3 { padding-left: 3.5em; }
"""

ADDED = "【追加】"
CHANGED = "【変更】"
REMOVED = "【削除】"
# The printed note says 赤字 only; on a screen the markers say it in words too.
MARKERS_NOTE = f"(この画面では、修正箇所に「{CHANGED}」「{ADDED}」を付け、赤字・下線で示しています)"


def _ins(text: str, new: bool) -> str:
    body = escape(text)
    cls = ' class="text"' if "\n" in text else ""
    return f"<ins{cls}>{body}</ins>" if new and text else f"<span{cls}>{body}</span>" if cls else body


def _mark(marker: str) -> str:
    return f'<span class="mark">{marker}</span>'


def _thead(columns: tuple[str, ...]) -> str:
    return "<thead><tr>" + "".join(f'<th scope="col">{escape(c)}</th>' for c in columns) + "</tr></thead>"


def summary_html_text(content: SummaryContent) -> str:
    """The whole page: the 概要版 as printed (with 欄外の注記), headings from ``<h1>``."""
    content = clean_tree(content)  # control characters (pia.text)
    return "\n".join(_page(content)) + "\n"


def summary_html_fragment(content: SummaryContent, level: int = 2) -> str:
    """The 概要版 as a fragment of a web page: the title at ``<h{level}>``, the four sections one
    level below, the changed blocks below them (at most ``<h6>``). No 欄外の注記 (「お持ち帰り用」
    is a note of the printed handout)."""
    if not 1 <= level <= 3:
        raise ValueError(f"heading level {level} leaves no room for the 概要版's headings (1–3)")
    content = clean_tree(content)
    return "\n".join(_body(content, level, note=False)) + "\n"


def _page(content: SummaryContent) -> Iterator[str]:
    fonts = font_config()
    families = f"--serif: {css_family(fonts.serif, SERIF_FALLBACKS)}; --sans: {css_family(fonts.sans, SANS_FALLBACKS)};"
    yield '<!DOCTYPE html>\n<html lang="ja">\n<head>\n<meta charset="utf-8">'
    yield '<meta name="viewport" content="width=device-width, initial-scale=1">'
    yield f"<title>{escape(content.title)} {escape(content.badge)}</title>"
    yield f"<style>:root {{ {families} }}{CSS}</style>\n</head>\n<body>\n<main>"
    yield from _body(content, 1, note=True)
    yield "</main>\n</body>\n</html>"


def _body(content: SummaryContent, level: int, note: bool) -> Iterator[str]:
    if note and content.header_note:
        yield f'<p class="note"><span>{escape(content.header_note)}</span></p>'
    yield f'<h{level} class="summary-title">{escape(content.title)}</h{level}>'
    if content.badge:
        yield f'<p class="badge">{escape(content.badge)}</p>'
    yield from _purpose_and_documents(content, level + 1)
    yield from _changes(content, level + 1)
    yield from _schedule(content, level + 1)
    yield from _contact(content, level + 1)


def _heading(level: int, text: str) -> str:
    return f"<h{level}>{escape(text)}</h{level}>"


def _purpose_and_documents(content: SummaryContent, level: int) -> Iterator[str]:
    titles = content.section_titles
    yield _heading(level, titles[0])
    yield from (f'<p class="para">{escape(p)}</p>' for p in content.purpose)
    yield f"{_heading(level, titles[1])}\n<table>{_thead(DOCUMENT_COLUMNS)}<tbody>"
    yield from (f"<tr><td>{escape(d.number)}</td><td>{escape(d.name)}</td></tr>" for d in content.documents)
    note = f'{escape(content.structure_note)}<span class="markers-note">{MARKERS_NOTE}</span>'
    yield f"</tbody></table>\n<p>{note}</p>\n<table>{_thead(STRUCTURE_COLUMNS)}<tbody>"
    for row in content.structure:
        items = "".join(f"<li>{_mark(CHANGED) if i.changed else ''}{_ins(i.label, i.changed)}</li>" for i in row.items)
        yield f'<tr><th scope="row">{_ins(row.label, row.changed)}</th><td><ul class="items">{items}</ul></td></tr>'
    yield "</tbody></table>"


def _changes(content: SummaryContent, level: int) -> Iterator[str]:
    yield _heading(level, content.section_titles[2])
    yield from (f'<p class="para">{escape(p)}</p>' for p in content.changes_paragraphs)
    for block in content.blocks:
        yield from _block(block, level + 1)


def _block(block: ChangedBlock, level: int) -> Iterator[str]:
    yield _heading(min(level, 6), block.section)
    if block.heading:
        yield _heading(min(level + 1, 6), block.heading)
    yield f"<table>{_thead(STRUCTURE_COLUMNS)}<tbody>"
    yield from (_row(row, marker) for row, marker in zip(block.rows, row_markers(block), strict=True))
    yield "</tbody></table>"


def row_markers(block: ChangedBlock) -> list[str]:
    """The text marker of each row: 「【変更】」 for a changed item, 「【追加】」 for the first row of
    what was added; rows nested under an added row (deeper, before the next row at its depth) carry
    none, their heading says it. Removed rows print 「【削除】」 with their value."""
    markers: list[str] = []
    added_at: int | None = None  # the depth of the added row the following rows may be nested in
    for row in block.rows:
        if added_at is not None and row.depth <= added_at:
            added_at = None
        if not row.new or row.kind == "removed" or added_at is not None:
            markers.append("")
        elif row.label in block.modified:
            markers.append(CHANGED)
        else:
            markers.append(ADDED)
            added_at = row.depth
    return markers


def _row(row: BlockRow, marker: str = "") -> str:
    depth = f' class="d{min(row.depth, 3)}"' if row.depth else ""
    label = (_mark(marker) if marker else "") + _ins(row.label, row.new)
    return f'<tr><th scope="row"{depth}>{label}</th><td>{_value(row)}</td></tr>'


def _value(row: BlockRow) -> str:
    if row.kind == "choice":
        options = f'<span class="options">{escape(OPTIONS_CAPTION)} {escape(option_line(row))}</span>'
        return f"{_ins(chosen_bracket(row), row.new)} {options}"
    if row.kind == "checkbox":
        return " ".join(_ins(check_line(o), row.new) for o in row.options)
    if row.kind == "removed":
        return f"{REMOVED}<del>{escape(row.value)}</del>"
    return _ins(row.value, row.new)


def _schedule(content: SummaryContent, level: int) -> Iterator[str]:
    yield f"{_heading(level, content.section_titles[3])}\n<table>{_thead(SCHEDULE_COLUMNS)}<tbody>"
    for row in content.schedule:
        lines = "<br>".join(escape(line) for line in schedule_lines(row))
        yield f'<tr><th scope="row">{escape(row.when)}</th><td>{lines}</td></tr>'
    yield "</tbody></table>"


def _contact(content: SummaryContent, level: int) -> Iterator[str]:
    """5. 問合せ先, only when the content has one (its lines as written)."""
    if content.contact:
        lines = "<br>".join(escape(line) for line in content.contact)
        yield f'{_heading(level, content.contact_title)}\n<p class="contact">{lines}</p>'
