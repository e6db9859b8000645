"""Remarks anchored to any place of the reviewed save (an item at any depth, a repeat element, an
option): the form (a section, then its places), refusals that keep the input, the list grouped by
section with links into the read-only view, and the review report PDF with the full label."""

from __future__ import annotations

import re
import unicodedata
from html import unescape
from urllib.parse import urlencode

import pypdfium2 as pdfium
import pytest
from conftest import example
from django.urls import reverse

from workbench.assessments.sections import PATH_MAX, item_choices
from workbench.reviews import actions
from workbench.reviews.models import Remark

pytestmark = pytest.mark.django_db

ITAKU_2 = "II.file[#honnin].4.itaku[#card-center]"
FILE_2 = "Ⅱ 特定個人情報ファイルの概要 (2) 本人確認情報ファイル"
ITAKU_2_LABEL = f"{FILE_2} › 4.特定個人情報ファイルの取扱いの委託 › 委託事項2"
PERMISSION = f"{ITAKU_2}.8"
PERMISSION_LABEL = f"{ITAKU_2_LABEL} › ⑧再委託の許諾方法"

PLACES = [  # (path, label, section)
    (PERMISSION, PERMISSION_LABEL, "II"),
    (ITAKU_2, ITAKU_2_LABEL, "II"),
    (f"{ITAKU_2}.7::o1", f"{ITAKU_2_LABEL} › ⑦再委託の有無 › 1) 再委託する", "II"),
    ("III", "Ⅲ 特定個人情報ファイルの取扱いプロセスにおけるリスク対策", "III"),
    ("", "全般", ""),
]
NOT_IN_THE_SAVE = ["nope", "II.file[#gone].4", f"{ITAKU_2}.7::o9", f"{ITAKU_2}.8::o1", "index.1"]


@pytest.fixture
def round_(assessment, people):
    return actions.start_round(assessment.versions.get(), [people["reviewer"]], user=people["author"])


@pytest.fixture
def reviewer(client, people):
    client.force_login(people["reviewer"])
    return client


def page(client, round_, **query) -> str:
    url = reverse("review_round", args=[round_.pk]) + (f"?{urlencode(query)}" if query else "")
    return unescape(client.get(url).content.decode())


def options(html: str, name: str) -> list[tuple[str, str, bool]]:
    select = re.search(rf'<select id="[^"]*" name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None
    found = re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', select.group(1))
    return [(value, label, bool(selected)) for value, selected, label in found]


def chosen(html: str, name: str) -> str:
    return next(value for value, _, selected in options(html, name) if selected)


@pytest.mark.parametrize(("path", "label", "section"), PLACES)
def test_a_place_of_the_link_is_preselected_with_its_section(reviewer, round_, path, label, section):
    html = page(reviewer, round_, path=path)
    assert chosen(html, "section") == section
    assert (path, label, True) in options(html, "path")


def test_the_place_select_lists_only_the_chosen_section(reviewer, round_):
    general = options(page(reviewer, round_), "path")
    assert [value for value, _, _ in general] == [""]
    places = options(page(reviewer, round_, section="II"), "path")
    assert all(label.startswith("Ⅱ 特定個人情報ファイルの概要") for _, label, _ in places)
    assert (PERMISSION, PERMISSION_LABEL, False) in places
    sections = [label for _, label, _ in options(page(reviewer, round_), "section")]
    assert sections[:3] == ["全般", "(表紙)", "Ⅰ 基本情報"]
    assert "項目一覧" not in "".join(sections)


def test_narrowing_to_a_section_keeps_the_text_and_records_nothing(reviewer, round_):
    post = {"op": "narrow", "section": "II", "path": "", "text": "書きかけの指摘"}
    response = reviewer.post(reverse("review_remark", args=[round_.pk]), post)
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert ">書きかけの指摘</textarea>" in html
    assert chosen(html, "section") == "II"
    assert not Remark.objects.exists()


@pytest.mark.parametrize(("path", "label", "section"), PLACES)
def test_a_remark_is_recorded_at_any_place_and_listed_under_its_section(reviewer, round_, path, label, section):
    response = reviewer.post(
        reverse("review_remark", args=[round_.pk]), {"section": section, "path": path, "text": "x"}
    )
    assert response.status_code == 302
    assert Remark.objects.get().path == path
    html = page(reviewer, round_)
    heading = label.split(" (2) ")[0].split(" › ")[0]
    group = re.escape(f"{heading}（1件）</h3>")
    assert re.search(rf'<h3 [^>]*>{group}\s*<div class="step"[^>]*>\s*<h4>{re.escape(f"指摘1:{label}")}</h4>', html)


@pytest.mark.parametrize("path", NOT_IN_THE_SAVE)
def test_a_place_not_in_the_save_is_refused_keeping_the_text(reviewer, round_, path):
    post = {"section": "II", "path": path, "text": "残しておく指摘"}
    response = reviewer.post(reverse("review_remark", args=[round_.pk]), post)
    html = unescape(response.content.decode())
    assert response.status_code == 422
    assert "「該当箇所」は第1回保存にある箇所を一覧から選んでください。" in html
    assert ">残しておく指摘</textarea>" in html
    assert chosen(html, "section") == "II"
    assert not Remark.objects.exists()


def test_an_empty_remark_is_refused_keeping_the_place(reviewer, round_):
    post = {"section": "II", "path": PERMISSION, "text": "  "}
    response = reviewer.post(reverse("review_remark", args=[round_.pk]), post)
    html = unescape(response.content.decode())
    assert response.status_code == 422
    assert "指摘" in re.search(r'class="[^"]*error[^"]*"[^>]*>([^<]*)<', html).group(1)
    assert chosen(html, "path") == PERMISSION


def test_remarks_group_by_section_in_document_order(reviewer, round_, people):
    for path in ("III", PERMISSION, "", "cover.name"):
        actions.add_remark(round_, path, f"指摘 {path}", user=people["reviewer"])
    html = page(reviewer, round_)
    groups = re.findall(r'<h3 id="remarks-\d+-h">([^<]*)\uff08(\d)件\uff09</h3>', html)
    assert groups == [
        ("全般", "1"),
        ("(表紙)", "1"),
        ("Ⅱ 特定個人情報ファイルの概要", "1"),
        (
            "Ⅲ 特定個人情報ファイルの取扱いプロセスにおけるリスク対策",
            "1",
        ),
    ]
    numbers = re.findall(r"<h4>指摘(\d):", html)
    assert numbers == ["3", "4", "2", "1"]  # numbered in the order they were made, as in the report


def test_each_remark_links_to_its_item_in_the_read_only_view(reviewer, round_, people):
    actions.add_remark(round_, PERMISSION, "許諾の手続を具体的に。", user=people["reviewer"])
    html = page(reviewer, round_)
    link = re.search(r'<a href="([^"]*)">読み取り専用の表示でこの箇所を見る', html).group(1)
    url, fragment = link.split("#")
    assert url == reverse("review_items", args=[round_.pk]) + "?section=II"
    items = unescape(reviewer.get(url).content.decode())
    assert f'id="{fragment}"' in items
    assert "⑧再委託の許諾方法" in items.split(f'id="{fragment}"')[1][:400]


def test_the_read_only_view_links_each_place_to_the_remark_form(reviewer, round_):
    items = unescape(reviewer.get(reverse("review_items", args=[round_.pk]) + "?section=II").content.decode())
    here = reverse("review_round", args=[round_.pk]) + "?" + urlencode({"path": PERMISSION}) + "#new-h"
    assert f'<a href="{here}">この箇所に指摘する<span class="visually-hidden">:{PERMISSION_LABEL}</span></a>' in items
    shown = items.split('<div class="readonly-version">')[1]
    assert not re.search(r'<input(?! type="hidden")|<textarea|<select', shown)  # read-only
    assert chosen(page(reviewer, round_, path=PERMISSION), "path") == PERMISSION


@pytest.mark.parametrize("who", ["author", "viewer"])
def test_only_the_assigned_reviewers_of_an_open_round_get_remark_links(client, round_, people, who):
    client.force_login(people[who])
    items = client.get(reverse("review_items", args=[round_.pk]) + "?section=II").content.decode()
    assert "⑧再委託の許諾方法" in items
    assert "この箇所に指摘する" not in items


def test_a_closed_round_has_no_remark_links(reviewer, round_, people):
    actions.close_round(round_, result="適切", user=people["author"])
    items = reviewer.get(reverse("review_items", args=[round_.pk]) + "?section=II").content.decode()
    assert "この箇所に指摘する" not in items


def test_the_read_only_view_of_another_organisation_is_404(client, round_, outsider):
    client.force_login(outsider)
    assert client.get(reverse("review_items", args=[round_.pk])).status_code == 404


@pytest.mark.parametrize(
    ("path", "label"),
    [
        ("bessoe3.date", "(別添3) 変更箇所 › 変更日"),  # a chapter-level choice inside a repeat
        ("II.file", "Ⅱ 特定個人情報ファイルの概要 › 特定個人情報ファイル"),
        ("II.file[#removed-later].4", "Ⅱ 特定個人情報ファイルの概要 › 4.特定個人情報ファイルの取扱いの委託"),
    ],
)
def test_remarks_stored_before_keep_a_label(reviewer, round_, people, path, label):
    Remark.objects.create(round=round_, path=path, text="以前の指摘", author=people["reviewer"])
    assert f"<h4>指摘1:{label}</h4>" in page(reviewer, round_)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def pdf_text(data: bytes) -> str:
    document = pdfium.PdfDocument(data)
    return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))


def test_the_review_report_prints_the_full_label_of_the_place(reviewer, round_, people):
    """Must show (issue 19): a 指摘 on ⑧再委託の許諾方法 of 委託事項2 of the demo 評価書 (the 熊本市
    住基 全項目評価書, examples/jumin-kihon-daicho-v2.yaml), with that label in the report PDF."""
    post = {"section": "II", "path": PERMISSION, "text": "再委託先の監督方法を具体的に記載してください。"}
    reviewer.post(reverse("review_remark", args=[round_.pk]), post)
    text = squash(pdf_text(reviewer.get(reverse("review_pdf", args=[round_.pk])).content))
    expected = squash(
        "1 Ⅱ 特定個人情報ファイルの概要 (2) 本人確認情報ファイル › 4.特定個人情報ファイルの取扱いの委託 › "
        "委託事項2 › ⑧再委託の許諾方法 再委託先の監督方法を具体的に記載してください。 (回答なし) 未対応"
    )
    assert expected in text


def test_a_place_too_long_to_store_is_not_offered():
    """Three nested elements with 64-character ids make a path longer than 該当箇所 stores."""
    document = example("jumin-kihon-daicho-v2.yaml")
    honnin = next(f for f in document.values["files"] if f["id"] == "honnin")
    honnin["id"] = "h" * 64
    other = honnin["III.file.4.other"][0]
    other["id"] = "o" * 64
    other["III.file.4.other.risks"][0]["id"] = "r" * 64
    paths = [path for path, _ in item_choices(document)]
    deep = f"III.file[#{'h' * 64}].4.other[#{'o' * 64}].risks[#{'r' * 64}]"
    assert len(deep) > PATH_MAX
    assert not any(path.startswith(deep) for path in paths)
    assert f"III.file[#{'h' * 64}].4.other[#{'o' * 64}]" in paths  # the element above it still is
    assert max(len(path) for path in paths) <= PATH_MAX
