"""Demo consultations: one open on the seed's v2 from today, one closed with published results."""

from __future__ import annotations

import pytest
from django.urls import reverse

from workbench import clock
from workbench.consultation.documents import summary_content
from workbench.consultation.models import Comment, Consultation
from workbench.procedure.demo import load_demo
from workbench.procedure.demo.consultations import CLOSED_TITLE, OPEN_TITLE, PURPOSE

pytestmark = pytest.mark.django_db


def test_demo_consultations_are_loaded_once(client, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-pass-123")
    load_demo()
    assert Consultation.objects.filter(title=OPEN_TITLE).exists()
    counts = (Consultation.objects.count(), Comment.objects.count())
    assert load_demo().created == []
    assert (Consultation.objects.count(), Comment.objects.count()) == counts
    current = Consultation.objects.get(title=OPEN_TITLE)
    assert current.version.number == 2
    assert current.opens_on == clock.today()
    assert current.days >= 30
    assert current.is_open()
    assert current.version.revision.status == "consultation"  # the 改訂案 is out for comments
    assert current.version.revision.base is not None  # … revising the 公表版
    assert current.purpose == PURPOSE
    assert current.badge == "【素案】概要版"
    assert current.header_note == "お持ち帰り用"
    assert PURPOSE.count("\n\n") == 2  # the seed's three paragraphs
    lines = [line for row in summary_content(current).schedule for line in row.content]  # the seed's wording
    assert any("熊本市情報公開・個人情報保護審議会内の特定個人情報保護評価専門部会" in line for line in lines)
    assert "熊本市のホームページ上で公開" in lines
    past = Consultation.objects.get(title=CLOSED_TITLE)
    assert not past.is_open()
    assert past.results_published_at is not None
    html = client.get(reverse("iken_results", args=[past.pk])).content.decode()
    assert "＊＊＊" in html
    assert "熊本一郎" not in html
    assert "デモ提出者" not in html
    listing = client.get(reverse("iken_list")).content.decode()
    assert OPEN_TITLE in listing
    assert CLOSED_TITLE in listing
    response = client.post(
        reverse("iken_detail", args=[current.pk]),
        {"name": "a", "address": "b", "phone": "096-000-0000", "item": "", "body": "c", "step": "send"},
    )
    stored = Comment.objects.get(consultation=current, body="c")
    assert stored.receipt.startswith(f"{clock.today().year}-")
    assert stored.receipt in response.content.decode()
