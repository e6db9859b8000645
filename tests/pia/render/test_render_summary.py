"""The seed scenario: the 概要版 of the 熊本市 revision (v1 → v2) as PDF, DOCX, HTML and Markdown."""

from __future__ import annotations

import ctypes
import io
import re
import unicodedata
from pathlib import Path

import docx
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest
import yaml

from pia.document import load_document
from pia.render.errors import RenderError
from pia.render.summary import write_summary
from pia.summary import build_summary
from pia.summary.model import SummaryContent

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
# From the seed handout (熊本市 素案概要版): headings, the 委託事項2 values, the schedule.
SEED_HEADINGS = [
    "1. 目的",
    "2. 評価の対象となる文書とその構成",
    "【構成】赤字が今回修正を加える箇所",
    "3. 主な修正箇所について",
    "4. 特定個人情報保護評価のスケジュール",
]
SEED_ITAKU_2 = [
    "委託事項2",
    "熊本市マイナンバーカードセンター等運営業務委託",
    "①委託内容",
    "熊本市マイナンバーカードセンター運営業務、マイナンバーカード申請サポート業務",
    "[特定個人情報ファイルの全体]",
    "[10万人以上100万人未満]",
    "「2. ③対象となる本人の範囲」と同上",
    "[50人以上100人未満]",
    "[○] その他 (住民基本台帳ネットワークシステム、既存住基システム)",
    "熊本市ホームページ等で確認できる予定",
    "未定(令和8年3月頃契約締結予定)",
    "[再委託する]",
    "再委託申請書及び関係書類を提出させ、審査の後、書面により許諾通知を行っている。",
]
SEED_SCHEDULE = [
    "R7年12月1日～R8年1月5日",
    "パブリックコメントの実施",
    "R8年1月～R8年2月 (予定)",
    "第三者点検（熊本市情報公開・個人情報保護審議会内の特定個人情報保護評価専門部会）の実施",
    "R8年3月（予定）",
    "特定個人情報保護委員会に特定個人情報保護評価書を提出",
    "熊本市のホームページ上で公開",
]


def norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def in_order(text: str, wanted: list[str]) -> list[str]:
    missing, position = [], 0
    for snippet in map(norm, wanted):
        found = text.find(snippet, position)
        if found < 0:
            missing.append(snippet)
        else:
            position = found + len(snippet)
    return missing


@pytest.fixture(scope="module")
def content() -> SummaryContent:
    old = load_document(EXAMPLES / "jumin-kihon-daicho-v1.yaml")
    new = load_document(EXAMPLES / "jumin-kihon-daicho-v2.yaml")
    spec = yaml.safe_load((EXAMPLES / "jumin-kihon-daicho-summary.yaml").read_text(encoding="utf-8"))
    return build_summary(old, new, spec)


@pytest.fixture(scope="module")
def outputs(content: SummaryContent, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("summary")
    paths = {suffix: folder / f"概要版{suffix}" for suffix in (".pdf", ".docx", ".html", ".md")}
    for path in paths.values():
        write_summary(content, path)
    return paths


def pdf_text(path: Path) -> str:
    return norm("".join(page.get_textpage().get_text_range() for page in pdfium.PdfDocument(path)))


def pdf_red(path: Path) -> str:
    chars = []
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    for page in pdfium.PdfDocument(path):
        text = page.get_textpage()
        for n in range(pdfium_raw.FPDFText_CountChars(text)):
            pdfium_raw.FPDFText_GetFillColor(text, n, r, g, b, a)
            if (r.value, g.value, b.value) == (200, 0, 10):
                chars.append(chr(pdfium_raw.FPDFText_GetUnicode(text, n)))
    return norm("".join(chars))


def test_seed_pdf_holds_the_headings_the_new_consignment_and_the_schedule(
    content: SummaryContent, outputs: dict[str, Path]
) -> None:
    text = pdf_text(outputs[".pdf"])
    assert in_order(text, ["お持ち帰り用", content.title, "【素案】概要版"]) == []
    assert in_order(text, SEED_HEADINGS) == []
    assert in_order(text, SEED_ITAKU_2) == []
    assert in_order(text, SEED_SCHEDULE) == []
    assert "本市では、市民の利便性向上" in text


def test_seed_pdf_prints_the_new_parts_in_red(outputs: dict[str, Path]) -> None:
    red = pdf_red(outputs[".pdf"])
    assert norm("4.特定個人情報ファイルの取扱いの委託") in red  # the structure table
    assert in_order(red, SEED_ITAKU_2) == []
    assert norm("パブリックコメントの実施") not in red
    assert norm("1.特定個人情報ファイル名") not in red


def test_seed_docx_is_editable_and_complete(outputs: dict[str, Path]) -> None:
    document = docx.Document(io.BytesIO(outputs[".docx"].read_bytes()))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    text = norm("".join(p.text for p in document.paragraphs) + "".join(cells))
    assert in_order(norm("".join(p.text for p in document.paragraphs)), SEED_HEADINGS[:2]) == []
    for snippet in SEED_ITAKU_2 + SEED_SCHEDULE:
        assert norm(snippet) in text
    reds = [
        r.text
        for t in document.tables
        for row in t.rows
        for c in row.cells
        for p in c.paragraphs
        for r in p.runs
        if r.font.color.rgb == docx.shared.RGBColor(200, 0, 10)
    ]
    assert "熊本市マイナンバーカードセンター等運営業務委託" in reds
    assert "パブリックコメントの実施" not in reds


def test_seed_html_and_markdown(outputs: dict[str, Path]) -> None:
    html = outputs[".html"].read_text(encoding="utf-8")
    assert html.startswith('<!DOCTYPE html>\n<html lang="ja">')
    assert "<ins>熊本市マイナンバーカードセンター等運営業務委託</ins>" in html
    plain = norm(re.sub(r"<[^>]+>", "", html))
    assert in_order(plain, SEED_HEADINGS + SEED_SCHEDULE) == []
    assert "## 3. 主な修正箇所について" in outputs[".md"].read_text(encoding="utf-8")


def test_write_summary_rejects_unknown_suffixes_and_unwritable_paths(content: SummaryContent, tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="対応していません"):
        write_summary(content, tmp_path / "概要版.txt")
    with pytest.raises(RenderError, match="書き込めません"):
        write_summary(content, tmp_path / "no-such-folder" / "概要版.html")
