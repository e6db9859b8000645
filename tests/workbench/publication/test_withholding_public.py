"""No 非公表 text in anything the workbench hands out (issue 13, finding 1): every anonymous URL
(意見募集 list, page, draft and 概要版 PDFs, results; 公表 list and PDFs) and the staff downloads
of the 概要版 (PDF and Word of the consultation, the 評価書 page's 概要版, the (別添3) rows), for
a revision whose every withheld value is a unique marker (the old version's ``QZXOLD…`` changed
to the new version's ``QZXNEW…``, one file removed, the (別添3) table filled from the diff)."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

import pypdfium2 as pdfium
import pytest
from conftest import example
from django.urls import reverse
from django.utils import timezone

from pia.changes.fill import fill_change_table
from pia.forms import get_form
from pia.render.sample import with_markers
from workbench.assessments import actions as assessment_actions
from workbench.assessments.models import Status
from workbench.consultation.models import Comment, Consultation
from workbench.procedure import actions as procedure_actions

pytestmark = pytest.mark.django_db

MARK = "QZX"


def _text(response) -> str:
    data = response.content if hasattr(response, "content") else b"".join(response.streaming_content)
    if data.startswith(b"%PDF"):
        return re.sub(r"\s+", "", "".join(p.get_textpage().get_text_range() for p in pdfium.PdfDocument(data)))
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = "".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".xml"))
        return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", xml))
    return data.decode("utf-8")


@pytest.fixture
def revision(assessment, people, freeze_clock):
    """Saves 2 (the 公表版, markers OLD) and 3 (its 改訂案, markers NEW, one file fewer, (別添3)
    filled); save 3 is then published and was out for comments, with one comment whose results are public."""
    freeze_clock("2026-12-02T10:00:00+09:00")
    template = get_form("full")
    old = with_markers(example("jumin-kihon-daicho-v1.yaml"), template, f"{MARK}OLD")
    new = with_markers(example("jumin-kihon-daicho-v2.yaml"), template, f"{MARK}NEW")
    assert len(new.values["files"]) > 1
    new.values["files"] = new.values["files"][1:]  # a removed file: its withheld texts struck through
    new = fill_change_table(old, new, date(2026, 12, 1))[0]
    v2 = assessment_actions.save_version(assessment, old, 1, user=people["author"])
    procedure_actions.seed_status(v2, Status.PUBLISHED)  # the 公表版 the change outputs compare with
    v3 = assessment_actions.save_version(assessment, new, v2.number, user=people["author"])
    consultation = Consultation.objects.create(
        version=v3,
        organization=assessment.organization,
        title="住基の意見募集",
        opens_on=date(2026, 12, 1),
        closes_on=date(2026, 12, 30),
        contact="総務課",
        purpose="目的の文。",
        created_by=people["admin"],
        results_published_at=timezone.now(),
    )
    Comment.objects.create(consultation=consultation, item="II", body="意見の本文", answer="市の考え方")
    procedure_actions.seed_status(v3, Status.PUBLISHED)
    return consultation


def _anonymous_urls(consultation) -> list[str]:
    version = consultation.version
    org = consultation.organization.pk
    pk = consultation.pk
    return [
        reverse("iken_list"),
        reverse("iken_detail", args=[pk]),
        reverse("iken_download", args=[pk, "draft"]),
        reverse("iken_download", args=[pk, "summary"]),
        reverse("iken_results", args=[pk]),
        reverse("iken_results_pdf", args=[pk]),
        reverse("publication_index"),
        reverse("publication_org", args=[org]),
        reverse("publication_download", args=[org, version.pk]),
    ]


def test_no_anonymous_url_carries_a_withheld_value(client, revision):
    seen = {}
    for url in _anonymous_urls(revision):
        response = client.get(url)
        assert response.status_code == 200, url
        seen[url] = MARK in _text(response)
    assert seen == dict.fromkeys(seen, False)


def test_the_staff_summary_downloads_withhold_too(client, revision, people):
    client.force_login(people["author"])
    version = revision.version
    urls = [
        reverse("consultation_summary_download", args=[revision.pk, "pdf"]),
        reverse("consultation_summary_download", args=[revision.pk, "docx"]),
        reverse("download", args=[version.assessment.pk, version.number, "summary-pdf"]),
        reverse("download", args=[version.assessment.pk, version.number, "changes-xlsx"]),
    ]
    texts = {url: _text(client.get(url)) for url in urls}
    assert {url: MARK in text for url, text in texts.items()} == dict.fromkeys(urls, False)
    assert all("(非公表)" in text for text in texts.values())  # the changed withheld items are named


def test_the_staff_edition_has_the_markers(client, revision, people):
    """The control: the submitted edition (staff only) prints them, so the extraction finds them."""
    client.force_login(people["author"])
    version = revision.version
    text = _text(client.get(reverse("download", args=[version.assessment.pk, version.number, "pdf-changes"])))
    assert f"{MARK}NEW" in text
    assert f"{MARK}OLD" in text
