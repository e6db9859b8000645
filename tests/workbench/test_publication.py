"""Public pages of published 評価書: only 公表 versions, PDFs rendered with public=True."""

from __future__ import annotations

import pytest
from django.urls import reverse

from workbench.assessments import actions
from workbench.assessments.models import Status
from workbench.publication import views

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(assessment):
    return actions.seed_status(assessment.versions.get(), Status.PUBLISHED)


def test_lists_published_versions_with_publication_date(client, published, blank_assessment, org):
    html = client.get(reverse("publication_org", args=[org.pk])).content.decode()
    assert '<html lang="ja">' in html and "<script" not in html
    assert published.assessment.title in html and "第1版" in html
    assert blank_assessment.title not in html  # not published
    raw = published.content["values"]["cover.publication_date"]
    assert raw and "令和" in html
    assert org.name in client.get(reverse("publication_index")).content.decode()


def test_download_is_the_public_edition(client, published, org, monkeypatch):
    seen = {}

    def fake(document, *, previous=None, public=False, draft=False):
        seen["public"] = public
        return "model"

    monkeypatch.setattr(views, "print_model", fake)
    monkeypatch.setattr(views, "pdf_bytes", lambda model: b"%PDF-public")
    response = client.get(reverse("publication_download", args=[org.pk, published.pk]))
    assert response.status_code == 200 and response.content == b"%PDF-public" and seen == {"public": True}


def test_real_public_pdf(client, published, org):
    response = client.get(reverse("publication_download", args=[org.pk, published.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_unpublished_or_other_organisation_versions_are_404(client, assessment, other_assessment, org, other_org):
    version = assessment.versions.get()
    assert client.get(reverse("publication_download", args=[org.pk, version.pk])).status_code == 404
    actions.seed_status(version, Status.PUBLISHED)
    assert client.get(reverse("publication_download", args=[other_org.pk, version.pk])).status_code == 404
    assert client.get(reverse("publication_org", args=[999999])).status_code == 404
