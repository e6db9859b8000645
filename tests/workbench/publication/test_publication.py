"""Public pages of published 評価書: only 公表 versions, PDFs rendered with public=True."""

from __future__ import annotations

import pytest
from django.urls import reverse

from workbench.assessments import actions
from workbench.assessments.models import Status
from workbench.procedure import actions as procedure_actions
from workbench.publication import views

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(assessment):
    return procedure_actions.seed_status(assessment.versions.get(), Status.PUBLISHED)


def test_lists_published_versions_with_publication_date(client, published, blank_assessment, org):
    html = client.get(reverse("publication_org", args=[org.pk])).content.decode()
    assert '<html lang="ja">' in html
    assert "<script" not in html
    assert published.assessment.title in html
    assert '<strong class="mark">現行</strong>' in html
    assert blank_assessment.title not in html  # not published
    raw = published.content["values"]["cover.publication_date"]
    assert raw
    assert "令和" in html
    assert org.name in client.get(reverse("publication_index")).content.decode()


def test_download_is_the_public_edition(client, published, org, monkeypatch):
    seen = {}

    def fake(assessment, document, *, previous=None, public=False, draft=False):
        seen["public"] = public
        return "model"

    monkeypatch.setattr(views, "print_model_for", fake)  # the print with the 評価書's figures
    monkeypatch.setattr(views, "pdf_bytes", lambda model: b"%PDF-public")
    response = client.get(reverse("publication_download", args=[org.pk, published.pk]))
    assert response.status_code == 200
    assert response.content == b"%PDF-public"
    assert seen == {"public": True}


def test_real_public_pdf(client, published, org):
    response = client.get(reverse("publication_download", args=[org.pk, published.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_unpublished_or_other_organisation_versions_are_404(client, assessment, other_assessment, org, other_org):
    version = assessment.versions.get()
    assert client.get(reverse("publication_download", args=[org.pk, version.pk])).status_code == 404
    procedure_actions.seed_status(version, Status.PUBLISHED)
    assert client.get(reverse("publication_download", args=[other_org.pk, version.pk])).status_code == 404
    assert client.get(reverse("publication_org", args=[999999])).status_code == 404


def test_a_new_publication_supersedes_the_former_one(client, published, people, org, finish_procedure):
    """Both editions are listed; only the new one is 現行, each with its own 公表日 (issue 12)."""
    from datetime import timedelta

    from workbench import clock

    document = published.document()
    document.values["cover.name"] = "住基 全項目評価書(再評価)"
    draft = actions.save_version(published.assessment, document, base_number=1, user=people["author"])
    on = clock.today() + timedelta(days=1)
    revision = draft.revision
    revision.status, revision.submitted_version, revision.submitted_on = Status.SUBMITTED, draft, clock.today()
    revision.save()
    finish_procedure(draft)
    draft = procedure_actions.apply_fix(draft, "records", user=people["author"])
    draft = procedure_actions.apply_fix(draft, "change-rows", user=people["author"])
    revision.refresh_from_db()
    revision.submitted_version = draft
    revision.save()
    new = procedure_actions.transition(draft, Status.PUBLISHED, on=on, user=people["admin"])
    html = client.get(reverse("publication_org", args=[org.pk])).content.decode()
    assert html.count('<strong class="mark">現行</strong>') == 1
    assert "過去の公表版" in html
    assert "令和3年3月31日" in html
    published.revision.refresh_from_db()
    assert published.revision.superseded_at is not None
    assert new.revision.is_current
    assert client.get(reverse("publication_download", args=[org.pk, published.pk])).status_code == 200
