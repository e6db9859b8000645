"""DOCX read with python-docx: paragraphs and table cells in document order.

A table row's cells are read left to right, a merged cell once; a cell's paragraphs are one
piece with its line breaks.

Pictures in the body (inline or floating: a ``w:drawing``'s ``a:blip``, or an old VML
``v:imagedata``) are figure spots after the paragraph or table row holding them
(``pia.imports.figures``), with their alt text as caption; the bytes are those of the related
image part. Headers and footers are not read.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

import docx
from docx.oxml.ns import qn

from pia.imports.model import ImportRefused, Place
from pia.imports.source import FigureSpot, Picture, Piece, Source

_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_VML_IMAGE = "{urn:schemas-microsoft-com:vml}imagedata"
_PICTURES = (qn("w:drawing"), qn("w:pict"))


def read_docx(data: bytes, name: str) -> Source:
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ImportRefused(
            f"{name}: Word(DOCX)ファイルとして読めません(壊れているおそれがあります: {type(exc).__name__})"
        ) from None
    source = Source("docx", 1)
    row = 0
    paragraph = 0
    table_number = 0
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            paragraph += 1
            row += 1
            text = _paragraph_text(element)
            if text.strip():
                source.pieces.append(Piece(text, Place(1, 0.0, float(paragraph), f"{paragraph}段落目"), row))
            _figures(document, element, f"{paragraph}段落目", source)
        elif element.tag == qn("w:tbl"):
            table_number += 1
            for row_index, tr in enumerate(element.iterchildren(qn("w:tr")), start=1):
                row += 1
                column = 0
                for tc in tr.iterchildren(qn("w:tc")):
                    column += _span(tc)
                    if _continues_merge(tc):
                        continue
                    text = "\n".join(_paragraph_text(p) for p in tc.iterchildren(qn("w:p")))
                    if text.strip():
                        where = f"{table_number}番目の表の{row_index}行{column}列"
                        place = Place(1, float(column), float(row_index), where)
                        source.pieces.append(Piece(text.strip("\n"), place, row, float(column)))
                _figures(document, tr, f"{table_number}番目の表の{row_index}行", source)
    return source


def _figures(document: Any, element: Any, where: str, source: Source) -> None:
    """The pictures inside ``element`` (a paragraph, a table row), after the pieces read so far."""
    count = 0
    for node in element.iter(*_PICTURES):
        if any(a.tag == _MC_FALLBACK for a in node.iterancestors()):
            continue  # the same picture again, for readers that do not know the drawing
        for embed, caption in _blips(node):
            count += 1
            picture = _picture(document, embed, f"{where}の{count}番目の画像", caption)
            source.figures.append(FigureSpot(1, len(source.pieces), _loader(picture)))


def _blips(node: Any) -> list[tuple[str, str]]:
    """(relationship id, alt text) of each picture in a ``w:drawing`` or ``w:pict``."""
    found = []
    doc_pr = node.find(f".//{qn('wp:docPr')}")
    caption = ""
    if doc_pr is not None:
        caption = doc_pr.get("descr") or doc_pr.get("title") or ""
    for blip in node.iter(qn("a:blip")):
        embed = blip.get(qn("r:embed"))
        if embed or blip.get(qn("r:link")):
            found.append((embed or "", caption))  # a linked picture ("") has no bytes here: a note
    for image in node.iter(_VML_IMAGE):
        rid = image.get(qn("r:id"))
        if rid:
            found.append((rid, image.get("title") or ""))
    return found


def _picture(document: Any, rid: str, where: str, caption: str) -> Picture:
    part = document.part.related_parts.get(rid)
    blob = getattr(part, "blob", None)
    if not isinstance(blob, bytes):
        return Picture(b"", where, refused="画像のデータが文書の中にありません(リンクされた画像は取り込めません)")
    return Picture(blob, where, caption.strip())


def _loader(picture: Picture) -> Any:
    return lambda _max_bytes: [picture]


def _paragraph_text(paragraph: Any) -> str:
    parts = []
    for node in paragraph.iter():
        if node.tag == qn("w:t"):
            parts.append(node.text or "")
        elif node.tag in (qn("w:br"), qn("w:cr")):
            parts.append("\n")
        elif node.tag == qn("w:tab"):
            parts.append("\t")
    return "".join(parts)


def _span(tc: Any) -> int:
    pr = tc.find(qn("w:tcPr"))
    span = pr.find(qn("w:gridSpan")) if pr is not None else None
    return int(span.get(qn("w:val"))) if span is not None else 1


def _continues_merge(tc: Any) -> bool:
    """A cell that continues a vertical merge (its text is the one above's)."""
    pr = tc.find(qn("w:tcPr"))
    merge = pr.find(qn("w:vMerge")) if pr is not None else None
    return merge is not None and merge.get(qn("w:val")) != "restart"
