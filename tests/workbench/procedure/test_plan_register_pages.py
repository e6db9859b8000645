"""The 計画管理書 page of an organisation and its XLSX/PDF: who sees it (every role × another
organisation × anonymous), the rows built from the 評価書 and their 公表版, and the clash of
評価書番号 shown as a finding."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from urllib.parse import unquote

import openpyxl
import pypdfium2 as pdfium
import pytest
from conftest import example
from django.urls import reverse

from workbench.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

WHO = ["admin", "author", "approver", "viewer", "reviewer", "outsider", "anonymous"]
SEES = {"admin", "author", "approver", "viewer"}


def _as(client, people, outsider, who):
    if who == "outsider":
        client.force_login(outsider)
    elif who != "anonymous":
        client.force_login(people[who])
    return client


def _urls(org):
    return [
        reverse("plan_register", args=[org.pk]),
        reverse("plan_register_download", args=[org.pk, "xlsx"]),
        reverse("plan_register_download", args=[org.pk, "pdf"]),
    ]


@pytest.mark.parametrize("who", WHO)
def test_who_sees_the_register_and_its_downloads(client, org, people, outsider, assessment, who):
    _as(client, people, outsider, who)
    for url in _urls(org):
        response = client.get(url)
        if who == "anonymous":
            assert response.status_code == 302
            assert "/login/" in response["Location"]
        else:
            assert response.status_code == (200 if who in SEES else 404), (who, url)


def test_the_index_leads_to_the_only_organisation(client, org, people):
    client.force_login(people["viewer"])
    response = client.get(reverse("plan_register_index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("plan_register", args=[org.pk])


def test_an_unknown_format_is_a_404(client, org, people):
    client.force_login(people["viewer"])
    assert client.get(reverse("plan_register_download", args=[org.pk, "docx"])).status_code == 404


def test_the_page_lists_each_assessment_with_its_number_and_level(client, org, people, assessment):
    client.force_login(people["viewer"])
    response = client.get(reverse("plan_register", args=[org.pk]))
    text = response.content.decode()
    assert "特定個人情報保護評価計画管理書(熊本市)" in text
    assert "住民基本台帳に関する事務 全項目評価書" in text
    assert "全項目評価書" in text
    assert "熊本市長" in text
    assert "評価書案を作成中" in text  # never published: its first 評価 is planned
    assert "重複" not in text


def test_a_clash_of_numbers_is_shown_and_printed(client, org, people, assessment):
    from workbench.assessments.actions import create_assessment, create_jimu

    kokuho = create_jimu(org, "国民健康保険に関する事務", user=people["author"])
    document = example("boshi-hoken-basic.yaml")
    document.values["cover.number"] = "1"
    create_assessment(kokuho, "basic", "国保 基礎項目評価書", document, user=people["author"])
    client.force_login(people["viewer"])
    text = client.get(reverse("plan_register", args=[org.pk])).content.decode()
    clash = "評価書番号「1」が「住民基本台帳に関する事務 全項目評価書」と「母子保健に関する事務 基礎項目評価書」で重複"
    assert clash in text
    pdf = client.get(reverse("plan_register_download", args=[org.pk, "pdf"])).content
    printed = "".join(p.get_textpage().get_text_range() for p in pdfium.PdfDocument(pdf)).replace("\r\n", "")
    assert "重複しています" in printed


def test_the_basic_report_of_the_same_jimu_is_no_clash(client, org, people, assessment, jimu):
    from workbench.assessments.actions import create_assessment

    create_assessment(
        jimu, "basic", "住基 基礎項目評価書", example("jumin-kihon-daicho-basic.yaml"), user=people["author"]
    )
    client.force_login(people["viewer"])
    text = client.get(reverse("plan_register", args=[org.pk])).content.decode()
    assert "住民基本台帳に関する事務 基礎項目評価書" in text
    assert "重複" not in text


def test_downloads_are_audited_and_hold_the_rows(client, org, people, assessment):
    client.force_login(people["approver"])
    response = client.get(reverse("plan_register_download", args=[org.pk, "xlsx"]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert unquote(response["Content-Disposition"]).endswith("熊本市_特定個人情報保護評価計画管理書.xlsx")
    sheet = openpyxl.load_workbook(BytesIO(response.content))["計画管理書"]
    values = [c.value for row in sheet.iter_rows() for c in row if c.value]
    assert "住民基本台帳に関する事務 全項目評価書" in values
    assert "熊本市長" in values
    event = AuditEvent.objects.filter(action="plan.download").get()
    assert event.details == {"kind": "xlsx"}
    assert event.organization == org


def test_the_demo_register_shows_its_published_edition_and_the_open_revision(client, monkeypatch):
    from workbench.organizations.models import Organization
    from workbench.procedure.demo import load_demo
    from workbench.procedure.register import build_register

    monkeypatch.setenv("DEMO_PASSWORD", "demo-pass-123")
    load_demo()
    organization = Organization.objects.get(name="熊本市")
    built = build_register(organization, date(2026, 12, 8))
    (juki,) = [e for e in built.register.entries if e.number == "1" and "全項目" in e.level]
    assert [e.kind for e in juki.events] == ["実施"]
    assert juki.events[0].published_on == date(2021, 3, 31)
    planned = [p.what for p in juki.planned]
    assert "改訂案を作成中" in planned
    assert any("再実施" in p for p in planned)
    assert built.findings == []


def test_reviews_recorded_by_another_app_fill_the_register_and_move_the_deadline(monkeypatch, org, assessment):
    from pia.plan import PlanReview
    from workbench.assessments.models import Status
    from workbench.procedure import register as plan_register

    revision = assessment.revisions.get()
    revision.status = Status.PUBLISHED
    revision.published_on = date(2021, 3, 31)
    revision.published_version = assessment.versions.get(number=1)
    revision.save()
    monkeypatch.setattr(plan_register, "_review_sources", [])

    def controls(ids):
        return {assessment.pk: [PlanReview(date(2026, 3, 10), "変更なし")]} if assessment.pk in ids else {}

    plan_register.register_review_source(controls)
    plan_register.register_review_source(controls)  # once only
    built = plan_register.build_register(org, date(2026, 12, 8))
    (entry,) = built.register.entries
    assert [r.conclusion for r in entry.reviews] == ["変更なし"]
    review = next(p for p in entry.planned if p.what == "評価書の見直し")
    assert review.due == date(2027, 3, 10)  # a year after the last 見直し, not after the 公表日
