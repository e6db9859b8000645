"""Files to upload: the examples rendered as the core renders them, their text layer with a
note the form does not have, and files the import must refuse."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
from conftest import example

from pia.render import pdf_bytes, print_model

STRAY = "(担当課メモ)この評価書は旧様式から転記したものです。"


def example_pdf(name: str = "jumin-kihon-daicho-basic.yaml") -> bytes:
    return pdf_bytes(print_model(example(name)))


def pdf_text(data: bytes) -> str:
    """What a copy from a PDF viewer gives: the text of every page, one after the other."""
    pdf = pdfium.PdfDocument(data)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


def text_with_stray_note(name: str = "jumin-kihon-daicho-basic.yaml") -> bytes:
    """The example's text with a line that belongs to no item, above the edition label."""
    return f"{STRAY}\n{pdf_text(example_pdf(name))}".encode()


def image_only_pdf() -> bytes:
    """A page with no text layer, as a scanner makes it."""
    pdf = pdfium.PdfDocument.new()
    pdf.new_page(595, 842)
    out = io.BytesIO()
    pdf.save(out)
    pdf.close()
    return out.getvalue()
