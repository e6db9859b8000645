"""提出用一式 (ZIP): full PDF/XLSX, 変更箇所, 赤字, consultation and review results, manifest."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from datetime import date, timedelta

import pypdfium2 as pdfium
import pytest
from django.urls import reverse
from django.utils import timezone

from pia.render import RenderError, pdf_bytes, print_model
from workbench.assessments import actions
from workbench.assessments.models import Status
from workbench.audit.models import AuditEvent
from workbench.consultation.models import Comment, Consultation
from workbench.procedure import actions as procedure_actions
from workbench.procedure import package
from workbench.reviews.models import Kind, Remark, ReviewRound

pytestmark = pytest.mark.django_db

NON_PUBLIC = "操作者用ICカードとパスワードによる認証"  # III.file.3.risk2.1a (非公表) in the example


def _url(version):
    return reverse("submission_package", kwargs={"pk": version.assessment_id, "number": version.number})


def _zip(response) -> zipfile.ZipFile:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.content))


def _text(pdf: bytes) -> str:
    return re.sub(r"\s+", "", "".join(p.get_textpage().get_text_range() for p in pdfium.PdfDocument(pdf)))


def _changed(version, name: str = "住民基本台帳に関する事務(改)"):
    document = version.document()
    document.values["cover.name"] = name
    return document


@pytest.fixture
def second(assessment, people):
    """The 改訂案 (save 2, one change against the 公表版 save 1) in 承認申請."""
    published = procedure_actions.seed_status(assessment.versions.get(), Status.PUBLISHED)
    version = actions.save_version(assessment, _changed(published), 1, "名称の変更", user=people["author"])
    return procedure_actions.seed_status(version, Status.APPROVAL_REQUEST)


def _consultation(version, people, org, title: str = "住基 全項目評価書(案)への意見募集") -> Consultation:
    return Consultation.objects.create(
        version=version,
        organization=org,
        title=title,
        opens_on=date(2025, 1, 6),
        closes_on=date(2025, 2, 4),
        contact="区政課",
        created_by=people["author"],
        results_published_at=timezone.now(),
    )


@pytest.fixture
def results(second, people, org):
    """This round's consultation (on the 改訂案) with published results and a masked comment."""
    version = second
    consultation = Consultation.objects.create(
        version=version,
        organization=org,
        title="住基 全項目評価書(案)への意見募集",
        opens_on=date(2025, 1, 6),
        closes_on=date(2025, 2, 4),
        contact="区政課",
        created_by=people["author"],
        results_published_at=timezone.now(),
    )
    Comment.objects.create(
        consultation=consultation,
        receipt="2025-0001",
        name="山田太郎",
        address="熊本市中央区",
        phone="096-000-0000",
        body="山田の家の近くのサーバ室が心配です。",
        answer="入退室を管理しています。",
        draft_changed=True,
        masks=["山田"],
    )
    return consultation


@pytest.fixture
def review(second, people, org):
    version = second
    round_ = ReviewRound.objects.create(
        version=version,
        organization=org,
        kind=Kind.THIRD_PARTY,
        started_by=people["author"],
        result="指摘事項に対応済みであり、適切と認める。",
        closed_by=people["admin"],
        closed_at=timezone.now(),
    )
    text = "委託先の監督方法を具体的に。"
    Remark.objects.create(round=round_, path="III", text=text, author=people["reviewer"], answer="追記しました。")
    return round_


def test_package_holds_every_file_with_a_matching_manifest(client, people, second, results, review):
    client.force_login(people["approver"])
    archive = _zip(client.get(_url(second)))
    assert archive.namelist() == [
        "01_評価書_改訂案.pdf",
        "02_評価書_改訂案.xlsx",
        "03_変更箇所_公表中の版(令和3年3月31日)から改訂案.xlsx",
        "04_評価書_赤字_公表中の版(令和3年3月31日)から改訂案.pdf",
        "05_意見の概要と市の考え方_第2回保存.pdf",
        "06_意見募集の結果_第2回保存.csv",
        "07_第三者点検の結果_第2回保存.pdf",
        "manifest.json",
        "目録.txt",
    ]
    assert all(info.flag_bits & 0x800 for info in archive.infolist() if info.filename != "manifest.json")
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["organization"] == "熊本市"
    assert manifest["assessment"]["version"] == 2
    assert manifest["assessment"]["revision"] == "改訂案"
    assert manifest["assessment"]["form_label"] == "全項目評価書"
    assert manifest["assessment"]["status"] == "承認申請"
    assert manifest["created_at_wareki"].startswith("令和")
    assert manifest["created_at"].endswith("+09:00")
    assert len(manifest["files"]) == 7
    assert manifest["notes"] == []
    for row in manifest["files"]:
        data = archive.read(row["name"])
        assert row["size"] == len(data)
        assert row["sha256"] == hashlib.sha256(data).hexdigest()
        assert row["description"]
    assert archive.read("01_評価書_改訂案.pdf").startswith(b"%PDF")
    assert archive.read("02_評価書_改訂案.xlsx").startswith(b"PK")
    index = archive.read("目録.txt").decode("utf-8-sig")
    assert "評価書名:住基 全項目評価書" in index
    assert "07_第三者点検の結果_第2回保存.pdf" in index
    assert "版:改訂案(第2回保存)(状態:承認申請)" in index


def test_consultation_results_are_masked_and_anonymous(client, people, second, results):
    client.force_login(people["author"])
    archive = _zip(client.get(_url(second)))
    csv_text = archive.read("06_意見募集の結果_第2回保存.csv").decode("utf-8-sig")
    pdf_text = _text(archive.read("05_意見の概要と市の考え方_第2回保存.pdf"))
    for text in (csv_text, pdf_text):
        assert "＊＊＊の家の近くのサーバ室が心配です。" in text
        assert "入退室を管理しています。" in text
        assert "山田" not in text
        assert "熊本市中央区" not in text
        assert "096-000-0000" not in text
    assert "意見の概要と市の考え方" in pdf_text
    assert "住基全項目評価書(案)への意見募集" in pdf_text
    assert "令和7年1月6日" in pdf_text
    assert "1人(団体を含む)・1件" in pdf_text


def test_review_result_remarks_and_answers(client, people, second, review):
    client.force_login(people["admin"])
    text = _text(_zip(client.get(_url(second))).read("05_第三者点検の結果_第2回保存.pdf"))
    assert "第三者点検の結果" in text
    assert "指摘事項に対応済みであり、適切と認める。" in text
    assert "委託先の監督方法を具体的に。" in text
    assert "追記しました。" in text
    assert "未対応" in text
    assert "点検中" not in text


def test_the_pdf_is_the_full_edition_with_non_public_items(client, people, assessment):
    version = procedure_actions.seed_status(assessment.versions.get(), Status.PUBLISHED)
    client.force_login(people["viewer"])
    archive = _zip(client.get(_url(version)))
    first = "01_評価書_公表中の版(令和3年3月31日)"
    assert archive.namelist()[:2] == [f"{first}.pdf", "02_評価書_公表中の版(令和3年3月31日).xlsx"]
    assert NON_PUBLIC in _text(archive.read(f"{first}.pdf"))
    assert NON_PUBLIC not in _text(pdf_bytes(print_model(version.document(), public=True)))  # the public one
    notes = json.loads(archive.read("manifest.json"))["notes"]
    assert len(notes) == 3
    assert "最初の評価書" in notes[0]


def test_a_draft_version_is_refused(client, people, assessment):
    version = assessment.versions.get()
    client.force_login(people["admin"])
    response = client.get(_url(version), follow=True)
    assert response.redirect_chain[-1][0] == reverse("assessment_detail", args=[assessment.pk])
    assert "提出用一式を作成できる保存ではありません" in response.content.decode()
    assert not AuditEvent.objects.filter(details__kind="submission-zip").exists()


@pytest.mark.parametrize("status", [Status.DRAFT, Status.INTERNAL_REVIEW, Status.THIRD_PARTY_REVIEW])
def test_only_approval_request_submitted_and_published(people, assessment, status):
    version = procedure_actions.seed_status(assessment.versions.get(), status)
    with pytest.raises(procedure_actions.PackageRefused):
        procedure_actions.submission_package(version, user=people["admin"])


def test_another_organisations_user_gets_404(client, outsider, second):
    client.force_login(outsider)
    assert client.get(_url(second)).status_code == 404


def test_the_reviewer_is_not_staff(client, people, second, reviewing):
    client.force_login(people["reviewer"])
    assert client.get(_url(second)).status_code == 403


def test_the_download_is_audited(client, people, second):
    client.force_login(people["approver"])
    response = client.get(_url(second))
    event = AuditEvent.objects.get(action="download", details__kind="submission-zip")
    assert event.actor == people["approver"]
    assert event.version_number == 2
    assert event.details["sha256"] == hashlib.sha256(response.content).hexdigest()
    assert "01_評価書_改訂案.pdf" in event.details["files"]


def test_a_rendering_failure_is_a_japanese_message(client, people, second, monkeypatch):
    def broken(*args, **kwargs):
        raise RenderError("PDF を作成できませんでした(typst: テスト)")

    monkeypatch.setattr(package, "pdf_bytes", broken)
    client.force_login(people["author"])
    response = client.get(_url(second), follow=True)
    assert response.status_code == 200
    assert "提出用一式を作成できませんでした" in response.content.decode()
    assert not AuditEvent.objects.filter(details__kind="submission-zip").exists()


def test_the_detail_page_links_the_package_for_submittable_versions(client, people, assessment, second):
    client.force_login(people["viewer"])
    html = client.get(reverse("assessment_detail", args=[assessment.pk])).content.decode()
    assert "提出用一式(ZIP)" in html
    assert _url(second) in html
    assert reverse("submission_package", kwargs={"pk": assessment.pk, "number": 1}) not in html  # 作成中
    client.force_login(people["reviewer"])
    assert "提出用一式(ZIP)" not in client.get(reverse("assessment_detail", args=[assessment.pk])).content.decode()


def test_a_later_consultation_is_not_included(people, second, results):
    later = actions.save_version(second.assessment, _changed(second, "三回目の名称"), 2, user=people["author"])
    results.version = later  # results on a later save than the one packaged are not this save's
    results.save()
    built = package.build_package(second, timezone.now() - timedelta(days=1))
    assert not any("意見募集" in e.name for e in built.entries)


def test_the_previous_round_s_records_are_not_included(people, org, second):
    """The 公表版's own 意見募集 and 点検 were about the earlier text: not this 改訂案's (issue 12)."""
    published = second.revision.base.published_version
    _consultation(published, people, org, title="前回の意見募集")
    ReviewRound.objects.create(
        version=published,
        organization=org,
        kind=Kind.THIRD_PARTY,
        started_by=people["author"],
        result="前回の点検",
        closed_by=people["admin"],
        closed_at=timezone.now(),
    )
    built = package.build_package(second, timezone.now())
    assert not any("意見" in e.name or "点検" in e.name for e in built.entries)
