"""The 概要版 as an HTML fragment for a web page (``summary_html_fragment``) and as a whole page
(``summary_html_text``): the same sections from the same code, headings from the level asked,
row headers with ``scope``, and every change marked in words, not by colour alone."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest
import yaml

from pia.document import load_document
from pia.render.summary_html import ADDED, CHANGED, summary_html_fragment, summary_html_text
from pia.summary import build_summary
from pia.summary.model import BlockRow, ChangedBlock, SummaryContent

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


@pytest.fixture(scope="module")
def content() -> SummaryContent:
    old = load_document(EXAMPLES / "jumin-kihon-daicho-v1.yaml")
    new = load_document(EXAMPLES / "jumin-kihon-daicho-v2.yaml")
    spec = yaml.safe_load((EXAMPLES / "jumin-kihon-daicho-summary.yaml").read_text(encoding="utf-8"))
    return build_summary(old, new, spec)


def headings(html: str) -> list[tuple[int, str]]:
    return [(int(level), re.sub(r"<[^>]+>", "", text)) for level, text in re.findall(r"<h(\d)[^>]*>(.*?)</h\1>", html)]


def plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_the_fragment_is_a_body_part_without_page_or_style(content):
    html = summary_html_fragment(content)
    for whole_page in ("<html", "<head", "<body", "<style", "<main", "<!DOCTYPE", "<title"):
        assert whole_page not in html
    assert "お持ち帰り用" not in html  # a note of the printed handout
    assert "お持ち帰り用" in summary_html_text(content)


@pytest.mark.parametrize("level", [1, 2, 3])
def test_headings_start_at_the_level_asked_and_nest_by_one(content, level):
    found = headings(summary_html_fragment(content, level))
    assert found[0] == (level, content.title)
    sections = [text for depth, text in found if depth == level + 1]
    assert sections == list(content.section_titles)
    levels = [depth for depth, _ in found]
    assert all(b - a <= 1 for a, b in pairwise(levels))  # no level skipped going down
    assert max(levels) <= 6


@pytest.mark.parametrize("level", [0, 4])
def test_a_level_without_room_for_the_headings_is_refused(content, level):
    with pytest.raises(ValueError, match="heading level"):
        summary_html_fragment(content, level)


def test_the_whole_page_and_the_fragment_share_the_body(content):
    page = summary_html_text(content)
    body = page.split("<main>\n", 1)[1].split("</main>", 1)[0]
    fragment = summary_html_fragment(content, 1)
    assert body.replace('<p class="note"><span>お持ち帰り用</span></p>\n', "") == fragment


def test_every_table_cell_of_a_row_header_has_its_scope(content):
    html = summary_html_fragment(content)
    assert "<th>" not in html
    assert set(re.findall(r'<th scope="(\w+)"', html)) == {"col", "row"}


def test_changes_carry_a_marker_in_words_beside_the_red(content):
    html = summary_html_fragment(content)
    text = plain(html)
    assert f"{CHANGED}4.特定個人情報ファイルの取扱いの委託" in text  # the structure table
    assert f"{ADDED}委託事項2" in text
    assert "<ins>熊本市マイナンバーカードセンター等運営業務委託</ins>" in html
    assert f"{CHANGED}1.特定個人情報ファイル名" not in text  # unchanged items carry no marker
    assert "「【変更】」「【追加】」を付け" in text  # the note says what the markers mean


def _rows(*specs: tuple[str, bool, int]) -> tuple[BlockRow, ...]:
    return tuple(BlockRow(label, "値", new, depth=depth) for label, new, depth in specs)


@pytest.mark.parametrize(
    ("rows", "modified", "expected"),
    [
        # an added element: its heading is marked, the rows inside it are not
        (_rows(("委託事項2", True, 0), ("①委託内容", True, 1), ("②範囲", True, 1)), (), [ADDED, "", ""]),
        # changed items each say so; unchanged rows say nothing
        (
            _rows(("確保", True, 0), ("具体的な方法", True, 0), ("備考", False, 0)),
            ("確保", "具体的な方法"),
            [CHANGED, CHANGED, ""],
        ),
        # after the added element ends (a row at its depth), the next change is marked again
        (_rows(("リスク①", True, 1), ("リスク", True, 2), ("リスク②", True, 1)), (), [ADDED, "", ADDED]),
        # an unchanged row between: not marked, and it ends the added run
        (_rows(("委託事項1", False, 0), ("⑥委託先名", True, 1)), ("⑥委託先名",), ["", CHANGED]),
    ],
)
def test_row_markers(rows, modified, expected):
    from pia.render.summary_html import row_markers

    block = ChangedBlock(section="Ⅱ", heading="4.", place="", rows=rows, modified=modified)
    assert row_markers(block) == expected


def test_removed_rows_say_so(content):
    block = ChangedBlock("Ⅱ", "", "", (BlockRow("⑥委託先名", "旧委託先", False, kind="removed"),))
    html = summary_html_fragment(SummaryContent(**{**content.__dict__, "blocks": (block,)}))
    assert "【削除】<del>旧委託先</del>" in html


def test_text_is_escaped(content):
    evil = SummaryContent(**{**content.__dict__, "purpose": ("<script>alert(1)</script>",)})
    html = summary_html_fragment(evil)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_the_contact_section_follows_the_schedule_at_the_same_level(content):
    with_contact = SummaryContent(**{**content.__dict__, "contact": ("熊本市 政策局 情報政策課", "電話 096-328-2111")})
    found = headings(summary_html_fragment(with_contact, 2))
    assert [text for depth, text in found if depth == 3] == [*content.section_titles, with_contact.contact_title]
    assert '<p class="contact">熊本市 政策局 情報政策課<br>電話 096-328-2111</p>' in summary_html_fragment(with_contact)
    assert with_contact.contact_title not in summary_html_fragment(content)  # no section without one
