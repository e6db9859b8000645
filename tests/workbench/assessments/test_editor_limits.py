"""The editor within the form data's limits: repeat orders (count, id syntax, duplicates), the
length of one item, the number of fields a chapter posts, and a 評価書 with 20 files."""

from __future__ import annotations

import copy

import pytest
from django.conf import settings
from django.urls import reverse
from editor_support import _form_fields

from pia.forms import get_form
from pia.forms.registry import all_forms
from pia.render.sample import SampleSize, sample_document
from workbench.assessments.actions import create_assessment
from workbench.assessments.editor.limits import item_fields, page_fields

pytestmark = pytest.mark.django_db

ITAKU = "II.file[#jumin].4.itaku"
NAME = f"{ITAKU}[#card].name"


def _url(assessment) -> str:
    return reverse("editor", args=[assessment.pk])


def _chapter(client, assessment, section: str) -> dict[str, str]:
    response = client.get(_url(assessment) + f"?section={section}")
    assert response.status_code == 200
    return _form_fields(response.content.decode())


def _itaku_ids(client, assessment) -> tuple[dict[str, str], list[str]]:
    data = _chapter(client, assessment, "II")
    return data, data[f"{ITAKU}::order"].split(",")


@pytest.mark.parametrize("op", ["refresh", "save"])
def test_three_thousand_ids_are_refused_before_anything_is_built(client, assessment, people, op):
    client.force_login(people["author"])
    data, ids = _itaku_ids(client, assessment)
    first = next(k for k in data if k.startswith(f"{ITAKU}[#{ids[0]}]") and k.endswith(".name"))
    data.update({f"{ITAKU}::order": ",".join(ids + [f"x{n}" for n in range(3000)]), "op": op, first: "打ち直した名称"})
    response = client.post(_url(assessment), data)
    html = response.content.decode()
    assert response.status_code == 422
    assert "送信された内容を受け付けられませんでした(まだ保存していません)" in html
    assert "3,002件あります。「委託事項」は30件までです。30件以内にしてください。" in html
    assert "打ち直した名称" in html  # typed into a stored element: kept
    assert "x2999" not in html
    assert len(html) < 2_000_000
    assert assessment.versions.count() == 1


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (lambda ids: [*ids, ids[0]], "が重複しています。要素ごとに異なる id にしてください。"),
        (lambda ids: [*ids, "<script>"], "件目に正しい id(半角英数字・-・_ で64文字まで)がありません。"),
        (lambda ids: [*ids, "a" * 65], "件目に正しい id(半角英数字・-・_ で64文字まで)がありません。"),
    ],
)
def test_bad_or_repeated_element_ids_are_refused_with_a_message(client, assessment, people, extra, message):
    client.force_login(people["author"])
    data, ids = _itaku_ids(client, assessment)
    data.update({f"{ITAKU}::order": ",".join(extra(ids)), "op": "save"})
    response = client.post(_url(assessment), data)
    html = response.content.decode()
    assert response.status_code == 422
    assert message in html
    assert "&lt;script&gt;" not in html
    assert assessment.versions.count() == 1


def _with_itaku(assessment, people, n: int):
    document = assessment.versions.get().document()
    jumin = next(f for f in document.values["files"] if f["id"] == "jumin")
    first = jumin["II.file.4.itaku"][0]
    jumin["II.file.4.itaku"] = [{**copy.deepcopy(first), "id": f"i{k}"} for k in range(n)]
    return create_assessment(assessment.jimu, "full", "委託の多い評価書", document, user=people["author"])


def test_adding_beyond_the_limit_is_refused_and_the_input_kept(client, assessment, people):
    full = _with_itaku(assessment, people, 30)
    client.force_login(people["author"])
    data = _chapter(client, full, "II")
    data.update({"op": f"add:{ITAKU}", f"{ITAKU}[#i0].name": "入力中の名称"})
    html = client.post(_url(full), data).content.decode()
    assert "「委託事項」は30件までです。これ以上は追加できません" in html
    assert "入力中の名称" in html
    assert _form_fields(html)[f"{ITAKU}::order"].count(",") == 29


def test_a_document_stored_above_the_limit_can_still_remove_elements(client, assessment, people):
    """Stored before the limit existed: its surplus is reported, never grown, and can be removed."""
    over = _with_itaku(assessment, people, 31)
    client.force_login(people["author"])
    data = _chapter(client, over, "II")
    data["op"] = f"remove:{ITAKU}[#i30]"
    html = client.post(_url(over), data).content.decode()
    data = _form_fields(html)
    assert data[f"{ITAKU}::order"].count(",") == 29
    data["op"] = "save"
    assert client.post(_url(over), data).status_code == 302


def test_two_hundred_thousand_characters_in_one_item_are_refused_and_kept(client, assessment, people):
    client.force_login(people["author"])
    data = _chapter(client, assessment, "bessoe1")
    typed = "事務の流れ。" * 33_334  # 200,004 characters
    data.update({"bessoe1.body": typed, "op": "save"})
    response = client.post(_url(assessment), data)
    html = response.content.decode()
    assert response.status_code == 422
    assert "(別添1) 事務の内容」: 200,004文字あります。この欄は20,000文字までです。" in html
    assert "まだ保存していません" in html
    assert typed in html
    assert assessment.versions.count() == 1


def test_an_ordinary_text_item_has_four_thousand_characters(client, assessment, people):
    client.force_login(people["author"])
    data = _chapter(client, assessment, "I")
    data.update({"I.1.2": "あ" * 4_001, "op": "save"})
    response = client.post(_url(assessment), data)
    assert response.status_code == 422
    assert "4,001文字あります。この欄は4,000文字までです。" in response.content.decode()
    data.update({"I.1.2": "あ" * 4_000})
    assert client.post(_url(assessment), data).status_code == 302


@pytest.fixture
def twenty_files(assessment, people):
    """The 住基 評価書 with 20 特定個人情報ファイル (Ⅱ, (別添2) and Ⅲ each hold 20 blocks)."""
    document = assessment.versions.get().document()
    files = document.values["files"]
    document.values["files"] = [
        {**copy.deepcopy(files[n % len(files)]), "id": f"file{n}", "II.file.1": f"ファイル{n}"} for n in range(20)
    ]
    return create_assessment(assessment.jimu, "full", "20ファイルの評価書", document, user=people["author"])


def test_every_chapter_of_a_twenty_file_assessment_opens_and_saves(client, twenty_files, people):
    client.force_login(people["author"])
    template = get_form("full")
    counts, changed = {}, 0
    for section in template.items:
        data = _chapter(client, twenty_files, section.id)
        counts[section.id] = len(data) + 4  # with csrf, op, note and section
        edited = _edit_one_text(data)
        changed += edited
        data.update({"op": "save", "note": f"{section.id} を保存"})
        response = client.post(_url(twenty_files), data)
        assert response.status_code == 302, (section.id, response.content[:300])
        assert twenty_files.versions.count() == 1 + changed  # an unchanged chapter makes no save
    assert counts["III"] > 1_000
    assert counts["II"] > 1_000
    assert max(counts.values()) < settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    assert changed >= 8
    assert len(twenty_files.versions.latest("number").content["values"]["files"]) == 20


def _edit_one_text(data: dict[str, str]) -> bool:
    """Append to the last filled free text of the chapter (a real change, so the save is made)."""
    texts = [k for k, v in data.items() if "." in k and "::" not in k and v and not v[:1].isdigit() and len(v) > 8]
    if not texts:
        return False
    data[texts[-1]] += "(確認済み)"
    return True


def test_the_field_limit_covers_the_largest_chapter_of_every_edition():
    largest = max(page_fields(section) for template in all_forms() for section in template.items)
    assert largest == settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    assert largest > 1_000


@pytest.mark.parametrize("form", ["basic", "focused", "full"])
def test_the_count_of_fields_matches_what_a_page_posts(client, jimu, people, form):
    """A page never posts more fields than the count for its number of elements."""
    template = get_form(form)
    document = sample_document(template, SampleSize(elements=2, table_rows=3))
    sample = create_assessment(jimu, form, f"見本 {form}", document, user=people["author"])
    client.force_login(people["author"])
    for section in template.items:
        posted = len(_chapter(client, sample, section.id))
        bound = item_fields(section, lambda repeat: 3 if repeat.layout == "table" else 2)
        assert posted - 5 <= bound, section.id  # less the page's csrf token, base_version, section, return_to, note


def test_a_request_over_the_field_limit_gets_a_japanese_page(client, assessment, people, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    client.force_login(people["author"])
    data = {f"x{n}": "1" for n in range(20)} | {"base_version": "1", "section": "cover", "op": "save"}
    response = client.post(_url(assessment), data)
    assert response.status_code == 400
    assert "送信内容を受け付けられませんでした" in response.content.decode()
    assert assessment.versions.count() == 1
