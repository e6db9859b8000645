"""「公表中の版との差分から変更箇所を追加」 in the (別添3) section of the editor: the rows are
measured against the 公表版, never against the previous save (issue 12, finding 1)."""

from __future__ import annotations

import pytest
from conftest import example
from django.urls import reverse
from editor_support import _editor, _form_fields

from pia.changes.rows import existing_rows
from workbench import clock
from workbench.assessments.editor.fill import LABEL, OP
from workbench.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

ITAKU2 = "Ⅱ (2) 4. 委託事項2"  # the (別添3) 項目 as bodies write it


@pytest.fixture
def revision(jimu, people):
    """The seed re-assessment: save 1 is the 熊本市 住基 v1 example, published (the 公表版); save 2,
    the v2 example, starts its 改訂案."""
    from workbench.assessments.actions import create_assessment, save_version
    from workbench.assessments.models import Status
    from workbench.procedure.actions import seed_status

    assessment = create_assessment(
        jimu, "full", "住基 全項目評価書", example("jumin-kihon-daicho-v1.yaml"), user=people["author"]
    )
    seed_status(assessment.versions.get(), Status.PUBLISHED)
    save_version(assessment, example("jumin-kihon-daicho-v2.yaml"), base_number=1, user=people["author"])
    return assessment


def _fill(client, assessment):
    data = _editor(client, assessment, "bessoe3")
    data["op"] = OP
    response = client.post(reverse("editor", args=[assessment.pk]), data)
    return response, response.content.decode()


def test_the_button_is_a_labelled_submit_button_on_the_change_table_page_only(client, revision, people):
    client.force_login(people["author"])
    html = client.get(reverse("editor", args=[revision.pk]) + "?section=bessoe3").content.decode()
    assert f'<button type="submit" name="op" value="{OP}"' in html
    assert f">{LABEL}</button>" in html
    assert 'aria-describedby="fill-changes-hint"' in html
    assert 'id="fill-changes-hint"' in html
    assert "公表中の版(令和3年3月31日公表)と、いま表示している内容を比べ" in html
    assert OP not in client.get(reverse("editor", args=[revision.pk]) + "?section=II").content.decode()
    client.force_login(people["viewer"])
    assert OP not in client.get(reverse("editor", args=[revision.pk]) + "?section=bessoe3").content.decode()


def test_the_rows_are_added_unsaved_then_saved_as_a_new_version(client, revision, people):
    client.force_login(people["author"])
    events = AuditEvent.objects.filter(action="version.save").count()
    response, html = _fill(client, revision)
    assert response.status_code == 200
    assert "公表中の版(令和3年3月31日公表)との差分から変更箇所を5行追加しました" in html
    assert "まだ保存されていません" in html
    assert ITAKU2 in html
    assert revision.versions.count() == 2
    assert AuditEvent.objects.filter(action="version.save").count() == events
    data = _form_fields(html)
    order = data["bessoe3::order"].split(",")
    assert order == ["kyuuji-tsuika", "soshiki-kaisei", "change-1", "change-2", "change-3", "change-4", "change-5"]
    assert data["bessoe3[#change-2].item"] == ITAKU2
    assert data["bessoe3[#change-2].date"] == clock.today().isoformat()  # stored as ISO, shown in 和暦
    data.update({"op": "save", "note": "変更箇所を追加"})
    assert client.post(reverse("editor", args=[revision.pk]), data).status_code == 302
    assert revision.versions.count() == 3
    saved = revision.versions.get(number=3)
    assert saved.parent.number == 2
    assert saved.note == "変更箇所を追加"
    rows = existing_rows(saved.document())
    assert len(rows) == 7
    assert rows[:2] == existing_rows(revision.versions.get(number=2).document())
    assert any(r.item == ITAKU2 for r in rows)
    assert AuditEvent.objects.filter(action="version.save").count() == events + 1


def test_edits_typed_before_pressing_the_button_are_kept(client, revision, people):
    client.force_login(people["author"])
    data = _editor(client, revision, "bessoe3")
    data["bessoe3[#soshiki-kaisei].timing_note"] = "組織改正に伴う変更(手で直した説明)"
    data["op"] = OP
    html = client.post(reverse("editor", args=[revision.pk]), data).content.decode()
    assert "組織改正に伴う変更(手で直した説明)" in html
    assert "change-5" in _form_fields(html)["bessoe3::order"]


def test_a_second_press_adds_nothing(client, revision, people):
    client.force_login(people["author"])
    _, html = _fill(client, revision)
    data = _form_fields(html)
    data["op"] = OP
    html = client.post(reverse("editor", args=[revision.pk]), data).content.decode()
    assert "追加する変更箇所はありません(すべて記載済みです)" in html
    assert _form_fields(html)["bessoe3::order"] == data["bessoe3::order"]


def test_after_more_saves_the_rows_still_come_from_the_published_edition(client, revision, people):
    """The bug of issue 12: after two more saves, the button compared with the parent save and
    found only the last small edit. It compares with the 公表版: 委託事項2 is still there."""
    from workbench.assessments.actions import save_version

    client.force_login(people["author"])
    for n, name in enumerate(["住基 全項目評価書(案)", "住基 全項目評価書(修正案)"], start=2):
        document = revision.versions.get(number=n).document()
        document.values["cover.name"] = name
        save_version(revision, document, base_number=n, user=people["author"])
    _, html = _fill(client, revision)
    assert "公表中の版(令和3年3月31日公表)との差分から変更箇所を6行追加しました" in html
    data = _form_fields(html)
    items = [data[f"bessoe3[#{eid}].item"] for eid in data["bessoe3::order"].split(",")]
    assert ITAKU2 in items
    assert any("評価書名" in i for i in items)


def test_without_a_published_edition_a_message_and_nothing_changes(client, assessment, people):
    client.force_login(people["author"])
    before = _editor(client, assessment, "bessoe3")
    response, html = _fill(client, assessment)
    assert response.status_code == 200
    assert "公表済みの版がない(最初の評価書の)ため、変更箇所は追加していません。" in html
    assert _form_fields(html)["bessoe3::order"] == before["bessoe3::order"]
    assert assessment.versions.count() == 1


def test_the_button_posted_from_another_section_changes_nothing(client, revision, people):
    client.force_login(people["author"])
    data = _editor(client, revision, "cover")
    data["op"] = OP
    html = client.post(reverse("editor", args=[revision.pk]), data).content.decode()
    assert "変更箇所の表の画面で行ってください" in html
    assert revision.versions.count() == 2


def test_viewers_cannot_press_it(client, revision, people):
    client.force_login(people["author"])
    data = _editor(client, revision, "bessoe3")
    client.force_login(people["viewer"])
    data["op"] = OP
    assert client.post(reverse("editor", args=[revision.pk]), data).status_code == 403
