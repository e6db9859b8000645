"""The 通知書 letter: A4 PDF whose text holds the number, the 和暦 date, the names and the conditions."""

from __future__ import annotations

from datetime import date

import pypdfium2 as pdfium
import pytest

from pia.render import NoticeItem, NoticeLetter, RenderError, notice_pdf_bytes


def _text(pdf: bytes) -> str:
    document = pdfium.PdfDocument(pdf)
    return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))


def _letter(**changes) -> NoticeLetter:
    fields = {
        "number": "熊市第7号",
        "issued_on": date(2026, 5, 1),
        "addressee": "株式会社熊本テスト",
        "issuer": "熊本市長",
        "title": "特定個人情報の取扱いに係る再委託の許諾について(通知)",
        "body": ("令和8年4月1日付けで申請のあった再委託については、下記の条件を付して許諾します。",),
        "items": (NoticeItem("再委託先", "株式会社肥後テスト"), NoticeItem("再委託する業務", "データ入力")),
        "conditions": ("委託先の義務と同等の義務を再委託先に負わせること。", "再々委託は行わないこと。"),
    }
    fields.update(changes)
    return NoticeLetter(**fields)


def test_the_letter_prints_number_wareki_date_names_and_conditions():
    pdf = notice_pdf_bytes(_letter())
    text = _text(pdf)
    assert pdf.startswith(b"%PDF-")
    for expected in (
        "熊市第7号",
        "令和8年5月1日",
        "株式会社熊本テスト",
        "熊本市長",
        "株式会社肥後テスト",
        "記",
        "以上",
    ):
        assert expected in text
    assert "(1) 委託先の義務と同等の義務を再委託先に負わせること。" in text
    assert "3 許諾の条件" in text
    page = pdfium.PdfDocument(pdf)[0]
    assert (round(page.get_width()), round(page.get_height())) == (595, 842)  # A4 in points


def test_user_text_is_printed_as_text_not_markup():
    text = _text(notice_pdf_bytes(_letter(addressee='#set page(paper: "a5") *太字*')))
    assert '#set page(paper: "a5") *太字*' in text


def test_a_letter_without_number_or_addressee_is_refused():
    with pytest.raises(RenderError, match="文書番号"):
        _letter(number=" ")
    with pytest.raises(RenderError, match="宛先"):
        _letter(addressee="")
