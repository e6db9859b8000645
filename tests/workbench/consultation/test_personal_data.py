"""Personal data written inside comment bodies: found before the results are published, listed
per comment, masked in one click (audited) or acknowledged; publishing waits for one or the other."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from workbench.audit.models import AuditEvent
from workbench.consultation import actions
from workbench.consultation.models import Comment, Consultation
from workbench.consultation.personal_data import find_personal_data, my_number_valid

FOUND = [
    ("電話は096-328-2111です。", "phone", "096-328-2111"),
    ("携帯09012345678まで", "phone", "09012345678"),
    ("（０９６）３２８－２１１１に", "phone", "（０９６）３２８－２１１１"),
    ("+81-96-328-2111 へ", "phone", "+81-96-328-2111"),
    ("0120-123-456(無料)", "phone", "0120-123-456"),
    ("番号は123456789018です", "my_number", "123456789018"),
    ("番号は1234 5678 9018です", "my_number", "1234 5678 9018"),
    ("１２３４５６７８９０１８", "my_number", "１２３４５６７８９０１８"),
    ("口座123456789012へ", "twelve_digits", "123456789012"),
    ("連絡は taro.yamada@example.co.jp まで", "email", "taro.yamada@example.co.jp"),
    ("ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ", "email", "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ"),
    ("住所は熊本市中央区手取本町1-1です", "address", "熊本市中央区手取本町1-1"),
    ("東京都千代田区霞が関三丁目1番1号に", "address", "東京都千代田区霞が関三丁目1番1号"),
    ("熊本県熊本市中央区水前寺6丁目18番1号まで", "address", "熊本県熊本市中央区水前寺6丁目18番1号"),
]
NOT_FOUND = [
    "本市は令和8年4月1日から第2号の規定により委託します。",
    "番号法第19条第8号に基づく提供です。",
    "令和8年(2026年)4月から、73万人分のデータを扱います。",
    "熊本市では2番目に大きな事務です。",
    "費用は1,234,567円です。",
    "12345678901は11桁です。",
]


@pytest.mark.parametrize(("text", "kind", "phrase"), FOUND)
def test_personal_data_is_found_as_written(text, kind, phrase):
    hits = find_personal_data(text)
    assert [(h.kind, h.text) for h in hits] == [(kind, phrase)]
    assert phrase in text  # a phrase that can be masked


@pytest.mark.parametrize("text", NOT_FOUND)
def test_ordinary_sentences_are_not_flagged(text):
    assert find_personal_data(text) == []


def test_the_submitters_own_name_is_found_in_the_text():
    hits = find_personal_data("私、熊本一郎(熊本市)は賛成です。", ("熊本一郎", "熊本市", "096-000-0000", ""))
    assert [(h.kind, h.text) for h in hits] == [("submitter", "熊本一郎")]


def test_the_my_number_check_digit():
    assert my_number_valid("123456789018")  # 11 digits 12345678901, check digit 8
    assert not my_number_valid("123456789012")
    assert not my_number_valid("12345678901")
    assert not my_number_valid("12345678901a")


BODY = "委託先の監督が心配です。連絡は096-123-4567か taro@example.jp へ。住所は熊本市中央区手取本町1-1です。"


@pytest.fixture
def closed(assessment, people, org):
    consultation = Consultation.objects.create(
        version=assessment.versions.get(),
        organization=org,
        title="住基 全項目評価書(案)への意見募集",
        opens_on=date(2025, 1, 6),
        closes_on=date(2025, 2, 4),
        contact="区政課",
        created_by=people["author"],
    )
    Comment.objects.create(
        consultation=consultation, receipt="2025-0001", name="山田太郎", address="熊本市", phone="096", body=BODY
    )
    Comment.objects.create(
        consultation=consultation, receipt="2025-0002", name="匿名", address="", phone="", body="賛成"
    )
    return consultation


@pytest.mark.django_db
def test_the_check_lists_the_hits_per_comment_before_publishing(client, closed, people):
    client.force_login(people["author"])
    html = client.get(reverse("consultation_publish", args=[closed.pk])).content.decode()
    assert "個人情報と思われる記載(3件、1件の意見)" in html
    expected = (
        ("電話番号", "096-123-4567"),
        ("メールアドレス", "taro@example.jp"),
        ("住所", "熊本市中央区手取本町1-1"),
    )
    for label, phrase in expected:
        assert f"{label}:「{phrase}」を伏せる" in html
    assert "2025-0002" not in html


@pytest.mark.django_db
def test_publishing_waits_for_masking_or_acknowledgement(client, closed, people):
    client.force_login(people["author"])
    url = reverse("consultation_publish", args=[closed.pk])
    response = client.post(url)
    html = response.content.decode()
    assert response.status_code == 409
    assert "公表する意見の本文に、個人情報と思われる記載が3件(1件の意見)あります。" in html
    assert "「確認しました」にチェックしてから公表してください。" in html
    closed.refresh_from_db()
    assert closed.results_published_at is None


@pytest.mark.django_db
def test_one_click_masks_the_hits_and_is_audited(client, closed, people):
    client.force_login(people["author"])
    comment = closed.comments.get(receipt="2025-0001")
    chosen = [f"{comment.pk}|096-123-4567", f"{comment.pk}|熊本市中央区手取本町1-1", f"{comment.pk}|本文にない語"]
    response = client.post(reverse("consultation_mask", args=[closed.pk]), {"mask": chosen})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.masks == ["096-123-4567", "熊本市中央区手取本町1-1"]
    assert "096-123-4567" not in comment.masked_body()
    assert "＊＊＊" in comment.masked_body()
    event = AuditEvent.objects.get(action="consultation.mask")
    assert event.details["before"] == {"masks": []}
    assert event.details["after"] == {"masks": ["096-123-4567", "熊本市中央区手取本町1-1"]}
    html = client.get(reverse("consultation_publish", args=[closed.pk])).content.decode()
    assert "個人情報と思われる記載(1件、1件の意見)" in html
    assert "taro@example.jp" in html


@pytest.mark.django_db
def test_acknowledged_hits_are_published_and_the_audit_says_so(client, closed, people):
    client.force_login(people["author"])
    response = client.post(reverse("consultation_publish", args=[closed.pk]), {"acknowledged": "1"})
    assert response.status_code == 302
    closed.refresh_from_db()
    assert closed.results_published_at is not None
    event = AuditEvent.objects.get(action="consultation.publish")
    assert event.details == {"personal_data_warnings": 3, "acknowledged": True}


@pytest.mark.django_db
def test_after_masking_everything_publishing_needs_no_acknowledgement(client, closed, people):
    comment = closed.comments.get(receipt="2025-0001")
    hits = actions.personal_data_warnings(closed)[0].hits
    actions.mask_phrases(closed, {comment.pk: [h.text for h in hits]}, user=people["author"])
    assert actions.personal_data_warnings(closed) == []
    client.force_login(people["author"])
    html = client.get(reverse("consultation_publish", args=[closed.pk])).content.decode()
    assert "と思われる記載は見つかりませんでした" in html
    assert 'name="acknowledged"' not in html
    assert client.post(reverse("consultation_publish", args=[closed.pk])).status_code == 302
    public = client.get(reverse("iken_results", args=[closed.pk])).content.decode()
    assert "096-123-4567" not in public
    assert "taro@example.jp" not in public
    assert "＊＊＊" in public


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["approver", "viewer"])
def test_only_editors_check_and_mask(client, closed, people, role):
    client.force_login(people[role])
    assert client.get(reverse("consultation_publish", args=[closed.pk])).status_code == 403
    comment = closed.comments.get(receipt="2025-0001")
    response = client.post(reverse("consultation_mask", args=[closed.pk]), {"mask": [f"{comment.pk}|096-123-4567"]})
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.masks == []
