"""Table reports (「意見の概要と市の考え方」, 点検結果) as PDF, and text tables as XLSX."""

from __future__ import annotations

import io
import re
import unicodedata

import openpyxl
import pypdfium2 as pdfium
import pytest

from pia.render.errors import RenderError
from pia.render.results import (
    Column,
    MetaRow,
    RowGroup,
    TableReport,
    TableSheet,
    report_pdf_bytes,
    table_xlsx_bytes,
)

COLUMNS = (
    Column("番号", 7, "center"),
    Column("意見の概要", 40),
    Column("市の考え方", 40),
    Column("案の修正", 9, "center"),
)
MARKUP = "#set page(width: 1cm) *x* $y$ <l> @r"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def pdf_text(pdf: bytes) -> str:
    return squash("".join(page.get_textpage().get_text_range() for page in pdfium.PdfDocument(pdf)))


def page_texts(pdf: bytes) -> list[str]:
    return [page.get_textpage().get_text_range() for page in pdfium.PdfDocument(pdf)]


def report(groups: tuple[RowGroup, ...], **extra: object) -> TableReport:
    values: dict[str, object] = {
        "title": "意見の概要と市の考え方",
        "header": "熊本市 住基 全項目評価書 第2版",
        "columns": COLUMNS,
        "groups": groups,
        "meta": (
            MetaRow("案件名", "住基 全項目評価書(案)への意見募集"),
            MetaRow("募集期間", "令和8年12月1日から令和8年12月30日まで"),
            MetaRow("意見の数", "2人から2件"),
        ),
        "section": "提出された意見",
    }
    values.update(extra)
    return TableReport(**values)  # type: ignore[arg-type]


GROUPS = (
    RowGroup("全般", (("1", "担当の＊＊＊さんの説明は分かりやすかった。", "ご意見ありがとうございます。", "無"),)),
    RowGroup(
        "Ⅳ その他のリスク対策",
        (("2", "委託先の監督について、＊＊＊ の件も含めて説明を。", "監督の方法を追記しました。", "有"),),
    ),
)


def test_title_block_groups_masks_and_answers_in_order():
    text = pdf_text(report_pdf_bytes(report(GROUPS)))
    expected = [
        "意見の概要と市の考え方",
        "案件名",
        "住基全項目評価書(案)への意見募集",
        "令和8年12月1日から令和8年12月30日まで",
        "2人から2件",
        "提出された意見",
        "全般",
        "担当の＊＊＊さんの説明は分かりやすかった。",
        "ご意見ありがとうございます。",
        "Ⅳその他のリスク対策",
        "委託先の監督について、＊＊＊の件も含めて説明を。",
        "監督の方法を追記しました。",
        "1/1",
    ]
    position = 0
    for piece in map(squash, expected):
        found = text.find(piece, position)
        assert found >= 0, piece
        position = found + len(piece)


def test_status_badge_and_empty_text():
    pdf = report_pdf_bytes(report((), status="点検中", empty="指摘はありませんでした。"))
    text = pdf_text(pdf)
    assert "点検中" in text
    assert "指摘はありませんでした。" in text
    assert pdfium.PdfDocument(pdf).get_metadata_dict()["Title"] == "意見の概要と市の考え方 点検中"


def test_user_text_is_never_markup():
    rows = (("1", MARKUP, "回答\n二行目", "無"),)
    pdf = report_pdf_bytes(report((RowGroup(MARKUP, rows),), meta=(MetaRow("件名", MARKUP),)))
    assert pdf_text(pdf).count(squash(MARKUP)) == 3
    assert "回答" in pdf_text(pdf)
    assert "二行目" in pdf_text(pdf)


def test_a_long_table_loses_no_row_and_has_page_numbers():
    body = "説明を充実してください。" * 8
    rows = tuple((str(n), f"意見{n:03d}。{body}", f"考え方{n:03d}", "無") for n in range(1, 201))
    pdf = report_pdf_bytes(report((RowGroup("全般", rows),)))
    texts = page_texts(pdf)
    assert len(texts) > 5
    whole = squash("".join(texts))
    for n in range(1, 201):
        assert f"意見{n:03d}。" in whole
        assert f"考え方{n:03d}" in whole
    for page, text in enumerate(texts, start=1):
        assert squash(text).endswith(f"{page}/{len(texts)}")
        assert "意見の概要" in text  # the header row repeats on every page


def test_rows_must_match_the_columns():
    with pytest.raises(RenderError):
        report((RowGroup("全般", (("1", "短い行"),)),))


def test_xlsx_has_a_bold_frozen_header_widths_and_wrapped_text():
    rows = [["2026-0001", "0123", "長い意見\n二行目"], ["2026-0002", "＊＊＊", ""]]
    columns = (Column("受付番号", 12), Column("番号", 8, "center"), Column("意見", 60))
    data = table_xlsx_bytes(TableSheet("意見一覧", columns, rows))
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["意見一覧"]
    assert [c.value for c in sheet[1]] == ["受付番号", "番号", "意見"]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["C"].width == pytest.approx(60, abs=1)
    assert sheet["B2"].value == "0123"
    assert sheet["C2"].value == "長い意見\n二行目"
    assert sheet["C2"].alignment.wrap_text
    assert sheet["B2"].alignment.horizontal == "center"
    assert sheet["B3"].value == "＊＊＊"
    assert sheet.max_row == 3


def test_xlsx_refuses_a_short_row():
    with pytest.raises(RenderError):
        table_xlsx_bytes(TableSheet("意見", (Column("a", 5), Column("b", 5)), [["1"]]))
