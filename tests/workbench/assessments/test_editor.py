"""The editor round trip, repeat operations, bad input and conflicts."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from editor_support import ITAKU, _editor, _form_fields

from pia.document import ElementPath, get_value
from pia.forms import get_form
from workbench.assessments.editor.parse import apply_op, apply_post

pytestmark = pytest.mark.django_db

FILE = "II.file[#jumin]"


def test_editing_a_value_saves_a_new_version_and_keeps_the_old_one(client, assessment, people):
    client.force_login(people["author"])
    data = _editor(client, assessment, "cover")
    old_name = data["cover.name"]
    data.update({"cover.name": "住民基本台帳に関する事務 全項目評価書(改)", "op": "save", "note": "名称修正"})
    response = client.post(reverse("editor", args=[assessment.pk]), data)
    assert response.status_code == 302
    assert assessment.versions.count() == 2
    assert assessment.versions.get(number=1).content["values"]["cover.name"] == old_name
    new = assessment.versions.get(number=2)
    assert new.content["values"]["cover.name"].endswith("(改)")
    assert new.note == "名称修正"


def test_posting_an_unchanged_section_makes_no_save_and_says_so(client, assessment, people):
    client.force_login(people["author"])
    data = _editor(client, assessment, "II")
    data["op"] = "save"
    response = client.post(reverse("editor", args=[assessment.pk]), data, follow=True)
    assert "変更がないため保存しませんでした(最新は第1回保存のままです)。" in response.content.decode()
    assert assessment.versions.count() == 1


def test_an_invalid_date_is_reported_in_japanese_and_the_input_is_kept(client, assessment, people):
    client.force_login(people["author"])
    data = _editor(client, assessment, "cover")
    date_field = next(k for k in data if k == "cover.publication_date")
    data.update({date_field: "令和7年13月40日", "op": "save"})
    response = client.post(reverse("editor", args=[assessment.pk]), data)
    html = response.content.decode()
    assert response.status_code == 422
    assert "日付が正しくありません" in html
    assert "まだ保存していません" in html
    assert 'value="令和7年13月40日"' in html
    assert assessment.versions.count() == 1


def test_adding_a_subcontracted_outsourcing_shows_its_findings_then_saves(client, assessment, people):
    client.force_login(people["author"])
    url = reverse("editor", args=[assessment.pk])
    data = _editor(client, assessment, "II")
    data["op"] = f"add:{ITAKU}"
    html = client.post(url, data).content.decode()
    assert "まだ保存されていません" in html
    data = _form_fields(html)
    new_id = data[f"{ITAKU}::order"].split(",")[-1]
    element = f"{ITAKU}[#{new_id}]"
    data.update({f"{element}.name": "新しい委託", f"{element}.7": "再委託する", "op": "refresh"})
    html = client.post(url, data).content.decode()
    assert "⑧再委託の許諾方法" in html
    assert "必ず記入してください" in html
    data = _form_fields(html)
    data.update({f"{element}.8": "書面で許諾する。", f"{element}.9": "保守作業", "op": "save"})
    assert client.post(url, data).status_code == 302
    saved = assessment.versions.get(number=2).document()
    template = get_form("full")
    added = get_value(saved, template, ElementPath.parse(element))
    assert added["II.file.4.itaku.7"] == "再委託する"
    assert added["II.file.4.itaku.8"] == "書面で許諾する。"


def test_a_conflicting_save_keeps_both_texts(client, assessment, people):
    from workbench.assessments.actions import save_version

    client.force_login(people["author"])
    data = _editor(client, assessment, "cover")
    theirs = assessment.versions.get(number=1).document()
    theirs.values["cover.name"] = "他の人の名称"
    save_version(assessment, theirs, base_number=1, user=people["admin"])
    data.update({"cover.name": "わたしの名称", "op": "save"})
    response = client.post(reverse("editor", args=[assessment.pk]), data)
    html = response.content.decode()
    assert response.status_code == 409
    assert "他の人の名称" in html
    assert "わたしの名称" in html
    assert "保存の競合" in html
    assert 'name="merged_with" value="2"' in html  # the choice is made against version 2
    assert assessment.versions.count() == 2
    assert assessment.versions.get(number=2).content["values"]["cover.name"] == "他の人の名称"


def test_viewers_see_the_document_without_inputs(client, assessment, people):
    client.force_login(people["viewer"])
    html = client.get(reverse("editor", args=[assessment.pk]) + "?section=II").content.decode()
    assert "<textarea" not in html
    assert "保存する</button>" not in html
    assert "住民基本台帳ファイル" in html or "ファイル" in html


def test_repeat_operations_move_and_remove_elements(assessment):
    document = assessment.versions.get().document()
    template = get_form("full")
    path = ElementPath.parse(ITAKU)
    ids = [e["id"] for e in get_value(document, template, path)]
    apply_op(document, template, f"down:{ITAKU}[#{ids[0]}]")
    assert [e["id"] for e in get_value(document, template, path)][:2] == [ids[1], ids[0]]
    apply_op(document, template, f"remove:{ITAKU}[#{ids[0]}]")
    assert ids[0] not in [e["id"] for e in get_value(document, template, path)]


def test_items_not_posted_keep_their_values(assessment):
    document = assessment.versions.get().document()
    template = get_form("full")
    section = next(i for i in template.items if i.id == "II")
    assert apply_post(document, template, section, {}).values == document.values


def test_every_input_has_a_label(client, assessment, people):
    client.force_login(people["author"])
    html = client.get(reverse("editor", args=[assessment.pk]) + "?section=II").content.decode()
    ids = re.findall(r'<(?:input|textarea|select) type="(?:text|radio|checkbox)"[^>]*? id="([^"]+)"', html)
    ids += re.findall(r'<(?:textarea|select) id="([^"]+)"', html)
    labelled = set(re.findall(r'<label[^>]*for="([^"]+)"', html))
    assert ids
    assert not [i for i in ids if i not in labelled]


def test_an_item_whose_form_data_are_not_verified_is_marked_next_to_its_label(client, assessment, people):
    from pia.forms.confidence import wording

    client.force_login(people["author"])
    html = client.get(reverse("editor", args=[assessment.pk]) + "?section=I").content.decode()
    reconstructed = f'<span class="confidence" title="{wording("R").description}">〔推定〕</span>'
    partial = f'<span class="confidence" title="{wording("P").description}">〔一部確認〕</span>'
    label = re.search(r'<label class="item-label" for="f-I_4_1-in">(.*?)</label>', html)
    assert label is not None
    assert reconstructed in label.group(1)  # ①事務実施上の必要性 (R)
    assert partial in html  # ②システムの機能 (P)
    name = re.search(r'<label class="item-label" for="f-I_1_1-in">(.*?)</label>', html)
    assert name is not None
    assert "confidence" not in name.group(1)  # ①事務の名称 (V): no mark
