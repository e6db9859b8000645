"""A 評価書 written in an older edition of its form moves to the latest one as a save of its 改訂案;
the 公表版 stays as published and every change output reads it in the newer edition."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import example
from django.urls import reverse

from pia.document import Document
from workbench.assessments import actions
from workbench.audit.models import AuditEvent
from workbench.procedure.actions import record_publication

pytestmark = pytest.mark.django_db

OLD = "平成26年4月"


@pytest.fixture
def old_publication(jimu, people):
    """The 住基 全項目評価書 as published on the 平成26年4月 様式4, before the workbench knew it."""
    source = example("jumin-kihon-daicho-v1.yaml")
    document = Document(source.form, OLD, source.body_type, source.values)
    assessment = actions.create_assessment(jimu, "full", "住基 全項目評価書", document, user=people["author"])
    record_publication(assessment.versions.get(), published_on=date(2015, 3, 31), user=people["admin"])
    return assessment


def test_the_page_says_the_edition_is_old_and_offers_the_move(old_publication, people, login):
    page = login(people["author"]).get(reverse("assessment_detail", args=[old_publication.pk])).content.decode()
    assert "[平成26年4月 様式4] で書かれています" in page
    assert "[平成30年5月 様式4]に移行する</button>" in page


def test_moving_saves_the_document_in_the_latest_edition_and_lists_what_was_read_differently(
    old_publication, people, login
):
    client = login(people["author"])
    response = client.post(reverse("edition_move", args=[old_publication.pk]), {"base": 1}, follow=True)
    page = response.content.decode()
    latest = old_publication.versions.latest("number")
    assert latest.number == 2
    assert latest.content["edition"] == "平成30年5月"
    assert latest.revision.kind_label == "改訂案"
    assert latest.revision.base == old_publication.current_publication()
    assert "第2回保存として最新の様式に移行しました" in page
    assert "移行する</button>" not in page
    old_publication.refresh_from_db()
    assert old_publication.edition == "平成30年5月"
    assert old_publication.current_publication().published_version.content["edition"] == OLD
    event = AuditEvent.objects.filter(action="version.save", version_number=2).get()
    assert event.details["upgrade"]
    compare = client.get(reverse("compare", args=[old_publication.pk]))
    assert compare.status_code == 200


def test_moving_twice_or_from_a_stale_page_changes_nothing(old_publication, people):
    actions.move_to_latest_edition(old_publication, 1, user=people["author"])
    with pytest.raises(actions.EditionRefused, match="すでに最新の様式"):
        actions.move_to_latest_edition(old_publication, 2, user=people["author"])
    assert old_publication.versions.count() == 2


def test_a_viewer_cannot_move_the_edition(old_publication, people, login):
    client = login(people["viewer"])
    page = client.get(reverse("assessment_detail", args=[old_publication.pk])).content.decode()
    assert "移行する</button>" not in page
    assert client.post(reverse("edition_move", args=[old_publication.pk]), {"base": 1}).status_code == 403
    assert old_publication.versions.count() == 1
