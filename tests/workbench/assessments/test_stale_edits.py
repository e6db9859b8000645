"""Two colleagues, one record: a stale form never overwrites a save made meanwhile. The second
user gets a 409 page with both texts and their input kept; saving again from that page is a
deliberate choice. Every edit keeps ``details={"before": …, "after": …}`` in the audit log."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from workbench.audit.models import AuditEvent
from workbench.consultation import actions as consultation_actions
from workbench.consultation.models import Comment, Consultation
from workbench.reviews import actions as review_actions
from workbench.reviews.models import Remark

pytestmark = pytest.mark.django_db

CONFLICT = "編集中に他の利用者がこの内容を保存しました。あなたの入力はまだ保存していません。"


def _seen(html: str, index: int = 0) -> str:
    return re.findall(r'name="seen" value="([0-9a-f]+)"', html)[index]


def _two(people) -> tuple[Client, Client]:
    first, second = Client(), Client()
    first.force_login(people["author"])
    second.force_login(people["admin"])
    return first, second


@pytest.fixture
def comment(assessment, people, org):
    consultation = Consultation.objects.create(
        version=assessment.versions.get(),
        organization=org,
        title="住基 全項目評価書(案)への意見募集",
        opens_on=date(2025, 1, 6),
        closes_on=date(2025, 2, 4),
        contact="区政課",
        purpose="意見を求めます。",
        created_by=people["author"],
    )
    return Comment.objects.create(
        consultation=consultation,
        receipt="2025-0001",
        name="山田太郎",
        address="熊本市",
        phone="096",
        body="意見です。",
    )


def _answer(answer: str, seen: str) -> dict[str, str]:
    return {"tag": "", "answer": answer, "masks": "", "seen": seen}


def test_a_stale_answer_to_a_comment_does_not_overwrite_the_colleagues(people, comment):
    first, second = _two(people)
    url = reverse("consultation_comment", args=[comment.consultation_id, comment.pk])
    seen_first, seen_second = _seen(first.get(url).content.decode()), _seen(second.get(url).content.decode())
    assert first.post(url, _answer("先に保存した市の考え方。", seen_first)).status_code == 302
    response = second.post(url, _answer("後から書いた市の考え方。", seen_second))
    html = response.content.decode()
    assert response.status_code == 409
    assert CONFLICT in html
    assert "先に保存した市の考え方。" in html
    assert "後から書いた市の考え方。</textarea>" in html
    comment.refresh_from_db()
    assert comment.answer == "先に保存した市の考え方。"
    assert second.post(url, _answer("後から書いた市の考え方。", _seen(html))).status_code == 302  # a decision
    comment.refresh_from_db()
    assert comment.answer == "後から書いた市の考え方。"
    events = AuditEvent.objects.filter(action="consultation.answer").order_by("id")
    assert [e.details["before"].get("answer") for e in events] == ["", "先に保存した市の考え方。"]
    assert [e.details["after"].get("answer") for e in events] == [
        "先に保存した市の考え方。",
        "後から書いた市の考え方。",
    ]


def test_the_action_refuses_a_stale_fingerprint(people, comment):
    from workbench.concurrency import StaleEditError, fingerprint

    seen = fingerprint(consultation_actions.comment_values(comment))
    consultation_actions.update_comment(
        comment, tag="", answer="一", draft_changed=False, masks=[], user=people["author"]
    )
    with pytest.raises(StaleEditError) as stale:
        consultation_actions.update_comment(
            comment, tag="", answer="二", draft_changed=True, masks=[], seen=seen, user=people["admin"]
        )
    assert stale.value.current["answer"] == "一"
    assert stale.value.attempted["answer"] == "二"
    assert Comment.objects.get(pk=comment.pk).answer == "一"


def _summary(purpose: str, seen: str) -> dict[str, str]:
    return {"purpose": purpose, "badge": "【素案】概要版", "header_note": "お持ち帰り用", "seen": seen}


def test_a_stale_summary_form_does_not_overwrite_the_colleagues(people, comment):
    consultation = comment.consultation
    first, second = _two(people)
    url = reverse("consultation_summary", args=[consultation.pk])
    seen_first, seen_second = _seen(first.get(url).content.decode()), _seen(second.get(url).content.decode())
    assert first.post(url, _summary("先に保存した目的。", seen_first)).status_code == 302
    response = second.post(url, _summary("後から書いた目的。", seen_second))
    html = response.content.decode()
    assert response.status_code == 409
    assert CONFLICT in html
    assert "先に保存した目的。" in html
    assert "後から書いた目的。</textarea>" in html
    consultation.refresh_from_db()
    assert consultation.purpose == "先に保存した目的。"
    event = AuditEvent.objects.get(action="consultation.summary")
    assert event.details["before"] == {"purpose": "意見を求めます。"}
    assert event.details["after"] == {"purpose": "先に保存した目的。"}
    assert event.details["changed"] == ["purpose"]


@pytest.fixture
def remark(assessment, people):
    round_ = review_actions.start_round(assessment.versions.get(), user=people["author"])
    return review_actions.add_remark(round_, "III", "委託先の監督方法を具体的に。", user=people["reviewer"])


def test_a_stale_answer_to_a_remark_does_not_overwrite_the_colleagues(people, remark):
    first, second = _two(people)
    url = reverse("review_round", args=[remark.round_id])
    answer = reverse("review_answer", args=[remark.round_id, remark.pk])
    seen_first, seen_second = _seen(first.get(url).content.decode()), _seen(second.get(url).content.decode())
    assert (
        first.post(answer, {"answer": "監督の方法を追記しました。", "resolved": "1", "seen": seen_first}).status_code
        == 302
    )
    response = second.post(answer, {"answer": "確認中です。", "seen": seen_second})
    html = response.content.decode()
    assert response.status_code == 409
    assert CONFLICT in html
    assert "監督の方法を追記しました。" in html
    assert "確認中です。</textarea>" in html
    remark = Remark.objects.get(pk=remark.pk)
    assert remark.answer == "監督の方法を追記しました。"
    assert remark.resolved
    event = AuditEvent.objects.get(action="review.answer")
    assert event.details["before"] == {"answer": "", "resolved": False}
    assert event.details["after"] == {"answer": "監督の方法を追記しました。", "resolved": True}
    assert second.post(answer, {"answer": "確認中です。", "seen": _seen(html)}).status_code == 302
    assert Remark.objects.get(pk=remark.pk).answer == "確認中です。"
