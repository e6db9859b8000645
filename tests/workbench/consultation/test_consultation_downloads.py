"""The consultation's PDFs come from pia.render, are cached on disk and are public."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import example, open_for_comment
from django.urls import reverse

from workbench.assessments import actions as assessment_actions
from workbench.assessments.models import Status
from workbench.consultation import documents
from workbench.procedure import actions as procedure_actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation(assessment, people, freeze_clock):
    freeze_clock("2026-11-30T10:00:00+09:00")
    v1 = procedure_actions.seed_status(assessment.versions.get(), Status.PUBLISHED)  # the 公表版
    v2 = assessment_actions.save_version(
        assessment, example("jumin-kihon-daicho-v1.yaml"), v1.number, user=people["author"]
    )
    consultation = open_for_comment(
        v2,
        people,
        opens_on=date(2026, 12, 1),
        closes_on=date(2026, 12, 30),
        contact="窓口",
        purpose="評価書(案)に対する意見を求めます。",
    )
    freeze_clock("2026-12-02T10:00:00+09:00")
    return consultation


def test_draft_and_summary_pdfs_are_rendered_once_then_cached(client, consultation, monkeypatch):
    calls = []
    real = dict(documents.BUILDERS)
    for kind, build in real.items():
        monkeypatch.setitem(documents.BUILDERS, kind, lambda c, build=build, kind=kind: calls.append(kind) or build(c))
    for kind in ("draft", "summary"):
        for _ in range(2):
            response = client.get(reverse("iken_download", args=[consultation.pk, kind]))
            assert response.status_code == 200
            assert response.content.startswith(b"%PDF")
            assert response["Content-Type"] == "application/pdf"
    assert calls == ["draft", "summary"]
    assert documents.cache_path(consultation, "draft").exists()


def test_unknown_kind_is_404(client, consultation):
    assert client.get(reverse("iken_download", args=[consultation.pk, "secret"])).status_code == 404


def test_draft_is_rendered_public_with_the_previous_version(consultation, monkeypatch):
    seen = {}

    def fake_model(assessment, document, *, previous=None, public=False, draft=False):
        seen.update(previous=previous, public=public, number=document, assessment=assessment)
        return "model"

    monkeypatch.setattr(documents, "print_model_for", fake_model)  # the print with the figures
    monkeypatch.setattr(documents, "pdf_bytes", lambda model: b"%PDF-fake")
    assert documents.BUILDERS["draft"](consultation) == b"%PDF-fake"
    assert seen["public"] is True
    assert seen["previous"] is not None
    assert seen["assessment"] == consultation.version.assessment
