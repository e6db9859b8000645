"""Public comments may point at the public places of the consulted version: its sections, every
repeat element (委託事項2 of a file) and the form's chapter-level items (not every item and option:
one select on a phone); nothing withheld. Staff may file a comment under any place (the tag), as
reviewers' remarks are; staff pages and the results label and order them by the document."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest
from conftest import open_for_comment
from django.urls import reverse

from workbench.consultation.models import Comment
from workbench.consultation.results import result_groups

pytestmark = pytest.mark.django_db

ITAKU_2 = "Ⅱ 特定個人情報ファイルの概要 (2) 本人確認情報ファイル › 4.特定個人情報ファイルの取扱いの委託 › 委託事項2"
PLACES = [
    ("II.file[#honnin].4.itaku[#card-center].8", f"{ITAKU_2} › ⑧再委託の許諾方法"),
    ("II.file[#honnin].4.itaku[#card-center]", ITAKU_2),
    ("II.file[#honnin].4.itaku[#card-center].7::o1", f"{ITAKU_2} › ⑦再委託の有無 › 1) 再委託する"),
    ("III", "Ⅲ 特定個人情報ファイルの取扱いプロセスにおけるリスク対策"),
]
PUBLIC = [
    ("II.file[#honnin].4.itaku[#card-center]", ITAKU_2),
    (
        "II.file[#honnin].4",
        "Ⅱ 特定個人情報ファイルの概要 (2) 本人確認情報ファイル › 4.特定個人情報ファイルの取扱いの委託",
    ),
    ("III", "Ⅲ 特定個人情報ファイルの取扱いプロセスにおけるリスク対策"),
    ("cover.name", "(表紙) › 評価書名"),  # a chapter-level item, offered before places were fine
]
WITHHELD = "II.file[#honnin].6.1"  # ①保管場所 (非公表)
GOOD = {"name": "熊本 花子", "address": "熊本市中央区手取本町1-1", "phone": "080-5555-6666", "email": "", "website": ""}


@pytest.fixture
def consultation(assessment, people, freeze_clock):
    freeze_clock("2026-11-20T12:00:00+09:00")
    consultation = open_for_comment(
        assessment.versions.get(),
        people,
        opens_on=date(2026, 12, 1),
        closes_on=date(2026, 12, 30),
        contact="熊本市",
        purpose="意見を求めます。",
    )
    freeze_clock("2026-12-02T12:00:00+09:00")
    return consultation


def offered(client, consultation) -> dict[str, str]:
    html = unescape(client.get(reverse("iken_detail", args=[consultation.pk])).content.decode())
    return dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', html))


@pytest.mark.parametrize(("path", "label"), PUBLIC)
def test_the_public_form_offers_sections_elements_and_the_chapter_items(client, consultation, path, label):
    assert offered(client, consultation)[path] == label


@pytest.mark.parametrize("path", [WITHHELD, PLACES[0][0], PLACES[2][0]])
def test_the_public_form_offers_neither_withheld_places_nor_single_items(client, consultation, path):
    places = offered(client, consultation)
    assert path not in places
    assert not any("::o" in place for place in places)


@pytest.mark.parametrize(("path", "label"), PUBLIC)
def test_a_comment_at_a_place_is_labelled_on_the_staff_pages(client, consultation, people, path, label):
    data = {**GOOD, "item": path, "body": "意見です。", "step": "send"}
    assert client.post(reverse("iken_detail", args=[consultation.pk]), data).status_code == 200
    comment = Comment.objects.get()
    assert comment.item == path
    client.force_login(people["admin"])
    staff = unescape(client.get(reverse("consultation_staff", args=[consultation.pk])).content.decode())
    assert label in staff
    detail = reverse("consultation_comment", args=[consultation.pk, comment.pk])
    assert label in unescape(client.get(detail).content.decode())


@pytest.mark.parametrize("path", [WITHHELD, PLACES[0][0]])
def test_a_place_not_offered_is_refused_naming_the_field(client, consultation, path):
    data = {**GOOD, "item": path, "body": "意見です。", "step": "confirm"}
    response = client.post(reverse("iken_detail", args=[consultation.pk]), data)
    assert response.status_code == 422
    assert "該当箇所" in unescape(response.content.decode())
    assert not Comment.objects.exists()


@pytest.mark.parametrize(("path", "label"), PLACES)
def test_staff_may_file_a_comment_under_any_place(client, consultation, people, path, label):
    comment = Comment.objects.create(consultation=consultation, receipt="2026-0001", item="", tag=path, body="x")
    client.force_login(people["admin"])
    detail = unescape(client.get(reverse("consultation_comment", args=[consultation.pk, comment.pk])).content.decode())
    assert f'<option value="{path}" selected>{label}</option>' in detail
    assert label in unescape(client.get(reverse("consultation_staff", args=[consultation.pk])).content.decode())


def test_results_group_fine_places_in_the_order_of_the_document(consultation):
    for n, (path, _) in enumerate(reversed(PLACES), start=1):
        Comment.objects.create(consultation=consultation, receipt=f"2026-{n:04}", item=path, body="x", answer="y")
    Comment.objects.create(consultation=consultation, receipt="2026-0009", item="", body="x", answer="y")
    labels = [group.label for group in result_groups(consultation)]
    order = [PLACES[1][1], PLACES[2][1], PLACES[0][1], PLACES[3][1]]  # 委託事項2, ⑦ 1), ⑧, Ⅲ
    assert labels == ["全般", *order]
