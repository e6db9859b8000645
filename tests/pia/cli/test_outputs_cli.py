"""The output formats reached through `pia summary -o` and `pia changes --format xlsx`."""

from pathlib import Path

import pypdfium2
import pytest
from docx import Document as DocxDocument
from openpyxl import load_workbook

from pia.cli import main

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
V1, V2 = str(EXAMPLES / "jumin-kihon-daicho-v1.yaml"), str(EXAMPLES / "jumin-kihon-daicho-v2.yaml")
SUMMARY_INPUT = str(EXAMPLES / "jumin-kihon-daicho-summary.yaml")
SEED_HEADINGS = ["1. 目的", "2. 評価の対象となる文書とその構成", "3. 主な修正箇所について", "スケジュール"]


def pdf_text(path):
    pdf = pypdfium2.PdfDocument(str(path))
    return "".join(page.get_textpage().get_text_range() for page in pdf).replace("\r\n", "\n")


def test_summary_pdf_carries_the_seed_sections_outsourcing_values_and_schedule(tmp_path, capsys):
    out = tmp_path / "gaiyoban.pdf"
    assert main(["summary", V1, V2, "--input", SUMMARY_INPUT, "-o", str(out)]) == 0
    text = pdf_text(out).replace("\n", "")
    for heading in SEED_HEADINGS:
        assert heading in text
    assert "熊本市マイナンバーカードセンター等運営業務委託" in text
    assert "未定(令和8年3月頃契約締結予定)" in text
    assert "R7年12月1日" in text
    assert "R8年1月5日" in text


def test_summary_docx_is_editable_text(tmp_path, capsys):
    out = tmp_path / "gaiyoban.docx"
    assert main(["summary", V1, V2, "--input", SUMMARY_INPUT, "-o", str(out)]) == 0
    doc = DocxDocument(str(out))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for r in t.rows for c in r.cells
    )
    assert "1. 目的" in text
    assert "熊本市マイナンバーカードセンター等運営業務委託" in text


def test_change_rows_as_xlsx_have_the_official_columns(tmp_path, capsys):
    out = tmp_path / "henko.xlsx"
    assert main(["changes", V1, V2, "--date", "2026-04-01", "--format", "xlsx", "-o", str(out)]) == 0
    sheet = load_workbook(out).active
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    for column in ["変更日", "項目", "変更前の記載", "変更後の記載", "提出時期", "提出時期に係る説明"]:
        assert column in header
    assert sheet.max_row >= 6


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["summary", V1, V2, "--input", SUMMARY_INPUT, "-o", "/nonexistent-dir/x.pdf"], "書き込めません"),
        (["summary", V1, V2, "--input", SUMMARY_INPUT, "-o", "x.odt"], "対応していません"),
        (["changes", V1, V2, "--format", "xlsx"], "-o"),
    ],
)
def test_output_errors_exit_2_with_a_japanese_message(capsys, argv, message):
    assert main(argv) == 2
    assert message in capsys.readouterr().err
