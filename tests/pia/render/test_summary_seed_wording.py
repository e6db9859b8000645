"""The project's own 概要版 reproduced from edited input: 3.'s paragraph as the body worded it and the
schedule rows with free-text 時期, compared with the seed's text (seed-summary-excerpt.txt, copied
verbatim from the seed). The seed is a text extraction of the printed handout: a line break inside
a table cell became a space (「R7年12月1日 ～R8年1月5日」, 「…提出 ・熊本市…」), so the schedule rows
are compared with whitespace removed; 3.'s paragraph is compared exactly (Markdown, HTML, DOCX) and
with whitespace removed in the PDF, whose lines break inside the paragraph.

Also: 5. 問合せ先 in every writer only when the input gives one."""

from __future__ import annotations

import io
import re
from html import escape
from pathlib import Path
from typing import Any

import docx
import pypdfium2 as pdfium
import pytest
import yaml

from pia.document import load_document
from pia.render.summary import write_summary
from pia.render.summary_html import summary_html_text
from pia.render.summary_markdown import summary_to_markdown
from pia.summary import SummaryContent, build_summary

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parents[2] / "examples"
EDITED: dict[str, Any] = yaml.safe_load((HERE / "seed-summary-edited.yaml").read_text(encoding="utf-8"))
CONTACT = "熊本市 市民局 区政課\n電話:096-328-2111(平日 8時30分～17時15分)\n\nメール:kusei@city.kumamoto.lg.jp"


def seed_excerpt() -> tuple[str, list[tuple[str, str]]]:
    """(3.'s paragraph, the schedule rows (時期, 内容)) as the seed prints them."""
    lines = [line for line in (HERE / "seed-summary-excerpt.txt").read_text("utf-8").splitlines() if line]
    lines = [line for line in lines if not line.startswith("#")]
    assert lines[0] == "3. 主な修正箇所について"
    assert lines[2] == "4. 特定個人情報保護評価のスケジュール"
    assert lines[3] == "時期\t内容"
    rows = [tuple(line.split("\t")) for line in lines[4:]]
    return lines[1], [(when, content) for when, content in rows]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def documents() -> tuple[Any, Any]:
    return load_document(EXAMPLES / "jumin-kihon-daicho-v1.yaml"), load_document(
        EXAMPLES / "jumin-kihon-daicho-v2.yaml"
    )


@pytest.fixture(scope="module")
def content(documents: tuple[Any, Any]) -> SummaryContent:
    return build_summary(*documents, EDITED)


def markdown_schedule(markdown: str) -> list[tuple[str, str]]:
    table = markdown.split("## 4. 特定個人情報保護評価のスケジュール\n\n", 1)[1].split("\n\n", 1)[0]
    rows = [line.strip("| ").split(" | ") for line in table.splitlines()[2:]]
    return [(when, content.replace("<br>", " ")) for when, content in rows]


def test_the_markdown_reproduces_the_seed_s_paragraph_and_schedule(content: SummaryContent) -> None:
    paragraph, rows = seed_excerpt()
    markdown = summary_to_markdown(content)
    section_3 = markdown.split("## 3. 主な修正箇所について\n\n", 1)[1].split("\n\n###", 1)[0]
    assert section_3 == paragraph
    assert [tuple(map(squeeze, r)) for r in markdown_schedule(markdown)] == [tuple(map(squeeze, r)) for r in rows]
    assert "問合せ先" not in markdown  # no 5. without a contact: the seed has four sections


def test_the_schedule_rows_are_the_seed_s_own(content: SummaryContent) -> None:
    assert [(r.when, r.content) for r in content.schedule] == [
        ("R7年12月1日～R8年1月5日", ("パブリックコメントの実施",)),
        (
            "R8年1月～R8年2月(予定)",
            ("第三者点検（熊本市情報公開・個人情報保護審議会内の特定個人情報保護評価専門部会）の実施",),
        ),
        ("R8年3月（予定）", ("特定個人情報保護委員会に特定個人情報保護評価書を提出", "熊本市のホームページ上で公開")),
    ]


def test_the_pdf_prints_the_seed_s_paragraph_and_schedule(content: SummaryContent, tmp_path: Path) -> None:
    paragraph, rows = seed_excerpt()
    write_summary(content, tmp_path / "概要版.pdf")
    text = squeeze("".join(p.get_textpage().get_text_range() for p in pdfium.PdfDocument(tmp_path / "概要版.pdf")))
    assert squeeze("3. 主な修正箇所について" + paragraph + "Ⅱ 特定個人情報ファイルの概要") in text
    schedule = text.split(squeeze("4. 特定個人情報保護評価のスケジュール"), 1)[1]
    assert schedule.startswith(squeeze("時期内容" + "".join(w + c for w, c in rows)))
    assert "問合せ先" not in text


def test_html_and_word_print_the_paragraph_as_written(content: SummaryContent, tmp_path: Path) -> None:
    paragraph, rows = seed_excerpt()
    html = summary_html_text(content)
    assert f'<p class="para">{escape(paragraph)}</p>' in html
    assert f'<tr><th scope="row">{rows[2][0]}</th>' in html
    write_summary(content, tmp_path / "概要版.docx")
    document = docx.Document(io.BytesIO((tmp_path / "概要版.docx").read_bytes()))
    assert paragraph in [p.text for p in document.paragraphs]
    cells = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    assert [squeeze(" ".join(r)) for r in cells[-3:]] == [squeeze(" ".join(r)) for r in rows]


@pytest.mark.parametrize(
    ("changes_intro", "paragraphs"),
    [
        ("一段落の文。", ("一段落の文。",)),
        ("一段落目。\r\n\r\n二段落目。\n", ("一段落目。", "二段落目。")),
        ("", None),  # the generated sentence
    ],
)
def test_the_paragraph_is_the_input_s_or_the_generated_one(
    documents: tuple[Any, Any], changes_intro: str, paragraphs: tuple[str, ...] | None
) -> None:
    content = build_summary(*documents, {**EDITED, "changes_intro": changes_intro})
    if paragraphs is None:
        assert content.changes_intro.startswith("既存の住民基本台帳に関する事務の特定個人情報保護評価書における「Ⅱ")
    else:
        assert content.changes_paragraphs == paragraphs
        markdown = summary_to_markdown(content)
        assert "\n\n".join(paragraphs) + "\n\n### Ⅱ" in markdown


def test_a_contact_is_the_last_section_in_every_writer(documents: tuple[Any, Any], tmp_path: Path) -> None:
    content = build_summary(*documents, {**EDITED, "contact": CONTACT})
    assert content.contact == tuple(CONTACT.split("\n"))
    lines = [line for line in CONTACT.split("\n") if line]
    markdown = summary_to_markdown(content)
    assert markdown.endswith("## 5. 問合せ先\n\n" + "\n\n".join(lines) + "\n")
    html = summary_html_text(content)
    assert '<h2>5. 問合せ先</h2>\n<p class="contact">' + "<br>".join(CONTACT.split("\n")) + "</p>" in html
    assert html.index("5. 問合せ先") > html.index("4. 特定個人情報保護評価のスケジュール")
    for suffix in (".pdf", ".docx"):
        write_summary(content, tmp_path / f"概要版{suffix}")
    document = docx.Document(io.BytesIO((tmp_path / "概要版.docx").read_bytes()))
    texts = [p.text for p in document.paragraphs]
    assert texts[texts.index("5. 問合せ先") + 1 :] == CONTACT.split("\n")
    pdf = squeeze("".join(p.get_textpage().get_text_range() for p in pdfium.PdfDocument(tmp_path / "概要版.pdf")))
    assert squeeze("5. 問合せ先" + CONTACT) in pdf
    assert pdf.index(squeeze("5. 問合せ先")) > pdf.index(squeeze("熊本市のホームページ上で公開"))


def test_a_contact_given_as_lines(documents: tuple[Any, Any]) -> None:
    content = build_summary(*documents, {**EDITED, "contact": ["区政課", " 電話 096-328-2111 "]})
    assert content.contact == ("区政課", " 電話 096-328-2111")
    assert build_summary(*documents, {**EDITED, "contact": "  \n "}).contact == ()
