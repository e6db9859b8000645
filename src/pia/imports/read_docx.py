"""DOCX read with python-docx: paragraphs and table cells in document order.

A table row's cells are read left to right, a merged cell once; a cell's paragraphs are one
piece with its line breaks.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

import docx
from docx.oxml.ns import qn

from pia.imports.model import ImportRefused, Place
from pia.imports.source import Piece, Source


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
    return source


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
