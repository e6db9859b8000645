"""The cover as the forms have it: free-text boxes under their captions, the identifying fields
beside their labels, the edition label at the foot of the page, no 公表用 stamp."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pia.document import load_document
from pia.render.api import print_model
from pia.render.html import html_text
from pia.render.model import PrintDocument
from pia.render.pdf import pdf_bytes

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
V1, V2 = (EXAMPLES / f"jumin-kihon-daicho-{v}.yaml" for v in ("v1", "v2"))


@pytest.fixture(scope="module")
def public_draft() -> PrintDocument:
    return print_model(load_document(V2), previous=load_document(V1), public=True)


def cover_lines(pdf: bytes) -> list[str]:
    text = pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range()
    return [re.sub(r"\s+", "", line) for line in text.replace("\r", "").split("\n")]


def text_top(pdf: bytes, needle: str) -> float:
    """The height of ``needle`` on the cover, as a fraction of the page (0 = bottom)."""
    page = pdfium.PdfDocument(pdf)[0]
    found = page.get_textpage().search(needle).get_next()
    assert found is not None, needle
    box = page.get_textpage().get_charbox(found[0])
    return box[3] / page.get_size()[1]


def test_wide_fields_are_the_free_text_boxes() -> None:
    model = print_model(load_document(V2))
    assert [f.label for f in model.cover if f.wide] == ["個人のプライバシー等の権利利益の保護の宣言", "特記事項"]


def test_the_edition_label_is_at_the_foot_of_the_cover() -> None:
    model = print_model(load_document(V2))
    pdf = pdf_bytes(model)
    lines = cover_lines(pdf)
    assert lines[0] == "特定個人情報保護評価書(全項目評価書)"  # no status, no label above the title
    assert text_top(pdf, "[平成30年5月") < 0.1
    assert "評価実施機関名熊本市長" in lines  # beside its label
    assert "公表日令和3年3月31日" in lines
    assert lines.index("個人のプライバシー等の権利利益の保護の宣言") + 1 < lines.index("特記事項")  # its own box


def test_the_public_edition_carries_no_public_stamp(public_draft: PrintDocument) -> None:
    pdf = pdf_bytes(public_draft)
    assert public_draft.status == "変更箇所表示"
    assert not [p for p in pdfium.PdfDocument(pdf) if "公表用" in p.get_textpage().get_text_range()]
    assert "公表用" not in html_text(public_draft)
    public = print_model(load_document(V2), public=True)
    assert public.status == ""
    assert "公表用" not in "".join(cover_lines(pdf_bytes(public)))
