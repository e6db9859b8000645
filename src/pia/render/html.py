"""HTML of a 評価書 for the web (the workbench and the public pages) from the print model.

Semantic and self-contained: ``lang="ja"``, one ``h2`` per part, label/value rows as tables
whose labels are row headers, data tables with column headers, the 項目一覧 as a linked list,
inline CSS only (no CDN, no script). Changed values are ``<ins>`` (red), removed ones
``<del>`` with the word 【削除】, so the marks do not rely on colour alone.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from html import escape
from pathlib import Path

from pia.render.config import SANS_FALLBACKS, SERIF_FALLBACKS, TEMPLATE_DIR, FontConfig, css_family, font_config
from pia.render.model import (
    Block,
    Cell,
    CoverField,
    Figure,
    Heading,
    Mark,
    Part,
    PrintDocument,
    Row,
    Rows,
    Slot,
    Table,
    Value,
    ValueKind,
)
from pia.render.output import write_bytes
from pia.text import clean_tree

REMOVED_WORD = "【削除】"


def html_text(model: PrintDocument, fonts: FontConfig | None = None) -> str:
    model = clean_tree(model)  # control characters (pia.text)
    """The whole page as a string."""
    return "\n".join(_page(model, fonts or font_config())) + "\n"


def write_html(model: PrintDocument, out: Path) -> None:
    write_bytes(out, html_text(model).encode("utf-8"))


def stylesheet(model: PrintDocument, fonts: FontConfig) -> str:
    families = f"--serif: {css_family(fonts.serif, SERIF_FALLBACKS)}; --sans: {css_family(fonts.sans, SANS_FALLBACKS)};"
    header = f"@page {{ @top-left {{ content: {_css_string(model.office)}; font-size: 8pt; }} }}"
    status = f"@page {{ @top-right {{ content: {_css_string(model.status)}; font-size: 8pt; }} }}"
    css = (TEMPLATE_DIR / "report.css").read_text(encoding="utf-8")
    return f":root {{ {families} }}\n{css}{header}\n{status}\n"


def _css_string(text: str) -> str:
    """A CSS string literal that cannot end the string or the style element."""
    safe = "".join(ch if ch.isalnum() or ch in " ()()・、。" else f"\\{ord(ch):x} " for ch in text)
    return f'"{safe}"'


def _page(model: PrintDocument, fonts: FontConfig) -> Iterator[str]:
    title = " ".join(t for t in (model.title, model.office) if t)
    yield '<!DOCTYPE html>\n<html lang="ja">\n<head>\n<meta charset="utf-8">'
    yield '<meta name="viewport" content="width=device-width, initial-scale=1">'
    yield f"<title>{escape(title)}</title>\n<style>\n{stylesheet(model, fonts)}</style>\n</head>\n<body>"
    yield from _body(model)
    yield "</body>\n</html>"


def html_fragment(model: PrintDocument) -> str:
    model = clean_tree(model)
    """The body only (cover header and ``main``), for a page that has its own ``head``;
    style it with :func:`stylesheet`."""
    return "\n".join(_body(model)) + "\n"


def _body(model: PrintDocument) -> Iterator[str]:
    yield from _cover(model)
    yield "<main>"
    yield from _index(model)
    for n, part in enumerate(model.parts, start=1):
        yield from _part(part, n)
    yield "</main>"


def _cover(model: PrintDocument) -> Iterator[str]:
    """As the form: title, the cover fields, the edition label last; a status only on a draft."""
    yield '<header class="cover">'
    if model.status:
        yield f'<p class="doc-meta"><span>{escape(model.status)}</span></p>'
    yield f"<h1>{escape(model.title)}</h1>"
    pair, rest = (model.cover[:2], model.cover[2:]) if len(model.cover) >= 2 else ((), model.cover)
    if pair:  # 評価書番号 | 評価書名 side by side, as the form has them
        yield '<table class="cover pair"><thead><tr>'
        yield "".join(f'<th scope="col">{escape(f.label)}</th>' for f in pair) + "</tr></thead><tbody><tr>"
        yield "".join(f"<td>{_marked(f.value.text, f.mark)}</td>" for f in pair) + "</tr></tbody></table>"
    if rest:
        yield '<table class="cover"><tbody>'
        yield from (_cover_row(f) for f in rest)
        yield "</tbody></table>"
    for note in model.notes:
        yield f'<p class="notes">{escape(note)}</p>'
    yield f'<p class="edition">{escape(model.edition_label)}</p>'
    yield "</header>"


def _cover_row(field: CoverField) -> str:
    value = _marked(field.value.text, field.mark)
    if field.wide:
        return f'<tr><th scope="col" colspan="2">{escape(field.label)}</th></tr><tr><td colspan="2">{value}</td></tr>'
    return f'<tr><th scope="row">{escape(field.label)}</th><td>{value}</td></tr>'


def _index(model: PrintDocument) -> Iterator[str]:
    if not model.index:
        return
    anchors = {part.title: f"part-{n}" for n, part in enumerate(model.parts, start=1)}
    yield '<nav aria-labelledby="index-title">'
    yield f'<h2 id="index-title">{escape(model.index_title)}</h2>\n<ul class="index">'
    for entry in model.index:
        anchor = anchors.get(entry)
        text = escape(entry)
        yield f'<li><a href="#{anchor}">{text}</a></li>' if anchor else f"<li>{text}</li>"
    yield "</ul>\n</nav>"


def _part(part: Part, n: int) -> Iterator[str]:
    star = " ※" if part.star else ""
    yield f'<section class="part" id="part-{n}" aria-labelledby="part-{n}-title">'
    yield f'<h2 id="part-{n}-title">{escape(part.title + star)}</h2>'
    for block in part.blocks:
        yield from _block(block)
    yield "</section>"


def _block(block: Block) -> Iterator[str]:
    if isinstance(block, Heading):
        yield f"<h{block.level + 1}>{escape(block.text)}</h{block.level + 1}>"
    elif isinstance(block, Rows):
        yield '<table class="rows"><tbody>'
        yield from (_row(r) for r in block.rows)
        yield "</tbody></table>"
    elif isinstance(block, Figure):
        yield _figure(block)
    else:
        yield from _table(block)


def _figure(figure: Figure) -> str:
    """The image inline (``data:`` URL: no file beside the page, no external request), its
    caption under it; a new or changed one framed red with 「(図を変更)」 (not colour alone)."""
    source = f"data:{figure.media_type};base64,{base64.b64encode(figure.data).decode('ascii')}"
    changed = figure.mark is Mark.CHANGED
    note = f'<ins class="figure-note">{escape(figure.note)}</ins>' if changed else ""
    caption = f"<figcaption>{escape(figure.caption)}{note}</figcaption>" if figure.caption or note else ""
    cls = "figure changed" if changed else "figure"
    image = f'<img src="{source}" alt="{escape(figure.alt)}" width="{figure.width}" height="{figure.height}">'
    return f'<figure class="{cls}">{image}{caption}</figure>'


def _row(row: Row) -> str:
    depth = f' class="d{min(row.depth, 6)}"' if row.depth else ""
    label = escape(row.label + (" ※" if row.star else ""))
    if row.value is None:
        return f'<tr class="group"><td colspan="2"{depth}>{label}</td></tr>'
    value = _value(row.value, row.mark) + _suffix(row.suffix) + _removed(row.removed)
    if not row.label:
        return f'<tr><td colspan="2">{value}</td></tr>'
    return f'<tr><th scope="row"{depth}>{label}</th><td>{value}</td></tr>'


def _value(value: Value, mark: Mark) -> str:
    if value.kind is ValueKind.CHOICE:
        options = "".join(f"<li>{escape(f'{o.no}) {o.label}')}</li>" for o in value.options)
        chosen = f'<span class="chosen">{_marked(value.bracket, mark, False)}</span>'
        return f'{chosen}<span class="caption">&lt;選択肢&gt;</span> <ul class="options">{options}</ul>'
    if value.kind is ValueKind.CHECKBOX:
        return f'<ul class="checks">{"".join(_check_items(value, mark))}</ul>'
    if value.kind is ValueKind.WITHHELD:
        return f'<span class="withheld">{escape(value.text)}</span>'
    return _marked(value.text, mark)


def _suffix(cell: Slot | None) -> str:
    """A slot printed in the row's value cell (「(2)件」)."""
    if cell is None:
        return ""
    return f'<span class="slot">({_marked(cell.value, cell.mark) or " "}){escape(cell.unit)}</span>'


def _check_items(value: Value, mark: Mark) -> Iterator[str]:
    for check in value.checks:
        if check.group:
            yield f'<li class="caption">{escape(check.group)}</li>'
        yield f"<li>{_marked(check.line, mark, False)}</li>"


def _marked(text: str, mark: Mark, block: bool = True) -> str:
    body = escape(text)
    cls = ' class="text"' if block and "\n" in text else ""
    if mark is Mark.CHANGED and text:
        return f"<ins{cls}>{body}</ins>"
    return f"<span{cls}>{body}</span>" if cls else body


def _removed(before: str) -> str:
    if not before:
        return ""
    return f'<p class="removed">{REMOVED_WORD}<del class="text">{escape(before)}</del></p>'


def _table(table: Table) -> Iterator[str]:
    yield '<table class="data">'
    if table.caption:
        yield f"<caption>{escape(table.caption)}</caption>"
    yield "<thead><tr>" + "".join(f'<th scope="col">{escape(c)}</th>' for c in table.columns) + "</tr></thead>"
    yield "<tbody>"
    for cells in table.rows:
        yield "<tr>" + "".join(_cell(c) for c in cells) + "</tr>"
    yield "</tbody></table>"


def _cell(cell: Cell) -> str:
    if cell.mark is Mark.REMOVED:
        return f"<td>{REMOVED_WORD}<del>{escape(cell.text)}</del></td>" if cell.text else "<td></td>"
    return f"<td>{_marked(cell.text, cell.mark)}</td>"
