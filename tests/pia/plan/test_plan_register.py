"""The 計画管理書 in the core: its rows (和暦), the uniqueness of 評価書番号, the column data with
its tags, and the XLSX (openpyxl) and PDF (pypdfium2 text layer) writers."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import openpyxl
import pypdfium2 as pdfium
import pytest

from pia.findings import Severity
from pia.plan import (
    PlanEntry,
    PlanEvent,
    PlanPlanned,
    PlanRegister,
    PlanReview,
    check_register,
    columns,
    reconstructed_note,
    register_rows,
)
from pia.plan.model import RegisterEntryError
from pia.render.plan import HEADER_ROW, plan_pdf_bytes, plan_xlsx_bytes

JUKI = PlanEntry(
    number="1",
    title="住民基本台帳に関する事務 全項目評価書",
    jimu="住民基本台帳に関する事務",
    level="全項目評価書",
    threshold="全項目評価の実施が義務付けられる",
    events=(
        PlanEvent("修正", None, date(2022, 4, 1)),
        PlanEvent("実施", date(2021, 3, 1), date(2021, 3, 31)),
    ),
    reviews=(PlanReview(date(2022, 3, 10), "変更なし"),),
    planned=(PlanPlanned("再実施", date(2026, 3, 31)),),
    ref="a1",
)
KOKUHO = PlanEntry(
    "10", "国民健康保険に関する事務 重点項目評価書", "国民健康保険に関する事務", "重点項目評価書", ref="a2"
)
ENDED = PlanEntry(
    "2",
    "予防接種に関する事務 基礎項目評価書",
    "予防接種に関する事務",
    "基礎項目評価書",
    events=(PlanEvent("実施", None, date(2019, 5, 1)), PlanEvent("終了", ended_on=date(2024, 3, 31))),
    ref="a3",
)


def register(*entries: PlanEntry) -> PlanRegister:
    return PlanRegister("熊本市長", date(2026, 12, 8), entries)


def test_rows_are_in_number_order_with_wareki_dates_and_history():
    rows = register_rows(register(KOKUHO, JUKI, ENDED))
    assert [r[0] for r in rows] == ["1", "2", "10"]
    juki = rows[0]
    assert juki[1] == JUKI.title
    assert juki[5] == "令和3年3月31日 実施(提出 令和3年3月1日)\n令和4年4月1日 修正"
    assert juki[6] == "令和3年3月1日"  # the latest 提出日
    assert juki[7] == "令和4年4月1日"  # the latest 公表日
    assert juki[8] == "令和4年3月10日 変更なし"
    assert juki[9] == "再実施(令和8年3月31日まで)"


def test_an_ended_jimu_carries_the_end_mark_in_its_title():
    rows = register_rows(register(ENDED))
    assert rows[0][1] == "予防接種に関する事務 基礎項目評価書【令和6年3月31日 終了】"
    assert "令和6年3月31日 事務の終了" in rows[0][5]


def test_unique_numbers_give_no_finding():
    assert check_register(register(JUKI, KOKUHO, ENDED)) == []


def test_a_clash_of_numbers_is_an_error_naming_both_assessments():
    clash = PlanEntry("１", "国民年金に関する事務 基礎項目評価書", "国民年金に関する事務", "基礎項目評価書", ref="a9")
    findings = check_register(register(JUKI, clash, KOKUHO))
    assert len(findings) == 1
    finding = findings[0]
    assert finding.code == "plan.number_duplicate"
    assert finding.severity is Severity.ERROR
    assert JUKI.title in finding.message
    assert clash.title in finding.message
    assert "評価書番号「1」" in finding.message  # the full-width １ is the same number
    assert finding.path == "a9"


def test_the_basic_report_of_the_same_jimu_shares_its_number():
    basic = PlanEntry("1", "住民基本台帳に関する事務 基礎項目評価書", JUKI.jimu, "基礎項目評価書")
    assert check_register(register(JUKI, basic)) == []


def test_a_missing_number_is_a_warning():
    blank = PlanEntry(" ", "番号のない評価書", "事務", "基礎項目評価書")
    (finding,) = check_register(register(blank))
    assert finding.code == "plan.number_missing"
    assert finding.severity is Severity.WARNING
    assert "番号のない評価書" in finding.message


def test_an_unknown_event_kind_is_refused_in_japanese():
    with pytest.raises(RegisterEntryError, match="経過の種類「廃止」"):
        PlanEvent("廃止")


def test_every_column_has_a_tag_and_a_source():
    known = columns()
    assert known["number"].status == "V"
    assert known["number"].mark == ""
    assert known["jimu"].status == "R"
    assert known["jimu"].heading.endswith("〔推定〕")
    assert all(c.source for c in known.values())
    assert "推定" in reconstructed_note()


def _sheet(data: bytes):
    return openpyxl.load_workbook(BytesIO(data))["計画管理書"]


def test_xlsx_has_the_title_block_header_rows_and_print_setup():
    sheet = _sheet(plan_xlsx_bytes(register(JUKI, KOKUHO)))
    assert sheet["A1"].value == "特定個人情報保護評価計画管理書"
    assert sheet["B2"].value == "熊本市長"
    assert sheet["B3"].value == "令和8年12月8日"
    header = [c.value for c in sheet[HEADER_ROW + 1]]
    assert header[0] == "評価書番号"
    assert header[1] == "評価書名〔一部確認〕"
    assert "特定個人情報保護評価の対象となる事務〔推定〕" in header
    first = [c.value for c in sheet[HEADER_ROW + 2]]
    assert first[0] == "1"
    assert first[7] == "令和4年4月1日"
    assert next(c.value for c in sheet[HEADER_ROW + 3]) == "10"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == 9
    assert sheet.print_title_rows == f"${HEADER_ROW + 1}:${HEADER_ROW + 1}"
    assert sheet.page_setup.fitToWidth in (None, 1)  # 1 is the default, left out of the file
    assert sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    texts = [c.value for row in sheet.iter_rows() for c in row if c.value]
    assert reconstructed_note() in texts


def test_xlsx_lists_the_clash_and_keeps_numbers_as_text():
    clash = PlanEntry("01", "別の評価書", "事務", "基礎項目評価書")
    data = plan_xlsx_bytes(
        register(clash),
        list(check_register(register(JUKI, KOKUHO, PlanEntry("1", "別", "別の事務", "基礎項目評価書")))),
    )
    sheet = _sheet(data)
    assert next(c.value for c in sheet[HEADER_ROW + 2]) == "01"  # a string, not the number 1
    texts = [c.value for row in sheet.iter_rows() for c in row if c.value]
    assert any("重複しています" in str(t) for t in texts)


def _pdf_text(data: bytes) -> tuple[str, int, float, float]:
    pdf = pdfium.PdfDocument(data)
    text = "".join(page.get_textpage().get_text_range() for page in pdf)
    width, height = pdf[0].get_size()
    return text.replace("\r\n", ""), len(pdf), width, height


def test_pdf_is_landscape_and_prints_rows_clash_and_note():
    clash = PlanEntry("1", "国民年金に関する事務 基礎項目評価書", "国民年金に関する事務", "基礎項目評価書")
    reg = register(JUKI, clash)
    text, _, width, height = _pdf_text(plan_pdf_bytes(reg, check_register(reg)))
    assert width > height  # A4 landscape
    assert "特定個人情報保護評価計画管理書" in text
    assert "熊本市長" in text
    assert "令和8年12月8日" in text
    assert "住民基本台帳に関する事務 全項目評価書" in text
    assert "令和3年3月31日 実施" in text
    assert "重複しています" in text
    assert "推定によるものです" in text


def test_pdf_repeats_the_header_row_on_every_page():
    many = tuple(
        PlanEntry(
            str(n),
            f"事務{n}に関する評価書",
            f"事務{n}",
            "基礎項目評価書",
            events=(PlanEvent("実施", None, date(2020, 1, 6)),),
        )
        for n in range(1, 80)
    )
    pdf = pdfium.PdfDocument(plan_pdf_bytes(register(*many)))
    assert len(pdf) > 1
    for page in pdf:
        assert "今後の予定" in page.get_textpage().get_text_range().replace("\r\n", "")


def test_user_text_is_never_typst_markup():
    odd = PlanEntry("#set page(width: 1cm)", "*太字* $x$ <l> @r", "事務", "基礎項目評価書")
    text, pages, _, _ = _pdf_text(plan_pdf_bytes(register(odd)))
    assert "#set page(width: 1cm)" in text
    assert "*太字* $x$ <l> @r" in text
    assert pages == 1
