"""取り込み through its pages: upload, the review of unplaced text, registration as 公表版."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import make_user
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from intake_sources import STRAY, example_pdf, image_only_pdf, text_with_stray_note

from workbench.assessments import actions as assessment_actions
from workbench.assessments.models import Assessment, Status
from workbench.audit.models import AuditEvent
from workbench.intake import actions
from workbench.intake.models import Decision, Fragment, Intake, IntakeState

pytestmark = pytest.mark.django_db


def _post_file(client, org, name: str, data: bytes, **fields):
    upload = SimpleUploadedFile(name, data)
    return client.post(
        reverse("intake_list"), {"organization": org.pk, "file": upload, "form": "auto", "edition": "", **fields}
    )


@pytest.fixture
def uploaded(org, people):
    """The basic example's text with a stray note, uploaded by the author."""
    return actions.upload(org, "住基_基礎項目評価書.txt", text_with_stray_note(), user=people["author"])


def test_an_uploaded_pdf_is_kept_with_its_report_for_review(org, people, login):
    data = example_pdf()
    response = _post_file(login(people["author"]), org, "住基_基礎.pdf", data)
    intake = Intake.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("intake_review", args=[intake.pk])
    assert intake.state == IntakeState.REVIEWING
    assert intake.source_format == "pdf"
    assert bytes(intake.source) == data
    report = intake.import_report()
    assert report.form == "basic"
    assert report.items_filled > 0
    assert AuditEvent.objects.filter(action="intake.upload", object_id=str(intake.pk)).exists()
    page = login(people["author"]).get(response["Location"]).content.decode()
    assert "取り込みの報告" in page
    assert f"記入した項目</dt><dd>{report.items_filled}" in page


def test_text_the_import_could_not_place_is_listed_next_to_the_item_it_followed(uploaded, people, login):
    fragment = uploaded.fragments.get(text__contains="担当課メモ")
    assert fragment.text.strip() == STRAY
    assert fragment.is_open
    page = login(people["author"]).get(reverse("intake_review", args=[uploaded.pk])).content.decode()
    assert STRAY in page
    assert f'id="fragment-{fragment.position}"' in page
    assert "項目に追記する" in page
    assert "破棄する" in page


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("scan.pdf", image_only_pdf()),
        ("broken.pdf", b"%PDF-1.7\n this is not a pdf"),
        ("notes.xlsx", b"PK\x03\x04 zip?"),
    ],
    ids=["scanned-pdf", "corrupt-pdf", "corrupt-xlsx"],
)
def test_a_file_that_cannot_be_imported_is_refused_with_its_name_and_creates_nothing(org, people, login, name, data):
    response = _post_file(login(people["author"]), org, name, data)
    page = response.content.decode()
    assert response.status_code == 422
    assert f"「{name}」を取り込めません" in page
    assert not Intake.objects.exists()
    assert not AuditEvent.objects.filter(action="intake.upload").exists()


def test_an_empty_or_missing_file_is_refused_naming_the_field(org, people, login):
    client = login(people["author"])
    missing = client.post(reverse("intake_list"), {"organization": org.pk, "form": "auto"})
    empty = _post_file(client, org, "empty.pdf", b"")
    assert missing.status_code == empty.status_code == 422
    assert "取り込むファイルを選んでください。" in missing.content.decode()
    assert "ファイルが空です" in empty.content.decode()
    assert not Intake.objects.exists()


def test_a_file_over_the_limit_is_refused_before_it_is_read(org, people, login, monkeypatch):
    monkeypatch.setattr(actions, "MAX_UPLOAD_BYTES", 1024)
    response = _post_file(login(people["author"]), org, "big.pdf", example_pdf())
    assert response.status_code == 422
    assert "ファイルが大きすぎます" in response.content.decode()
    assert not Intake.objects.exists()


def test_assigning_a_fragment_appends_it_to_the_item_and_keeps_what_the_item_said(uploaded, people, login):
    fragment = uploaded.fragments.get(text__contains="担当課メモ")
    document = uploaded.imported_document()
    target = "cover.tokki"
    before = document.values.get(target) or ""
    client = login(people["author"])
    response = client.post(
        reverse("intake_decide", args=[uploaded.pk, fragment.position]), {"decision": "assign", "target": target}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#fragment-{fragment.position}")
    uploaded.refresh_from_db()
    fragment.refresh_from_db()
    value = uploaded.imported_document().values[target]
    assert value.startswith(before)
    assert value.endswith(STRAY)
    assert fragment.decision == Decision.ASSIGNED
    assert fragment.target == target
    again = client.post(
        reverse("intake_decide", args=[uploaded.pk, fragment.position]), {"decision": "discard"}, follow=True
    )
    assert "すでに「項目に追記」にしています" in again.content.decode()
    assert uploaded.imported_document().values[target] == value  # a second decision changes nothing


def test_a_fragment_cannot_be_put_on_an_item_that_is_not_text(uploaded, people):
    fragment = uploaded.fragments.get(text__contains="担当課メモ")
    choice = next(i.id for i in _template(uploaded).walk() if i.kind.value == "choice")
    with pytest.raises(Exception, match="文章の項目ではない"):
        actions.assign(uploaded, fragment.position, choice, user=people["author"])
    fragment.refresh_from_db()
    assert fragment.is_open


def _template(intake):
    from pia.forms import get_form

    document = intake.imported_document()
    return get_form(document.form, document.edition)


def test_registration_waits_until_every_fragment_is_decided(uploaded, people, login):
    client = login(people["admin"])
    response = client.post(
        reverse("intake_register", args=[uploaded.pk]), {"published_on": "令和3年3月31日", "destination": "new"}
    )
    assert response.status_code == 422
    assert "未確認のまま残っています" in response.content.decode()
    assert not Assessment.objects.exists()


def test_a_registered_import_is_the_current_publication_and_the_next_save_revises_it(uploaded, people, login):
    client = login(people["admin"])
    client.post(reverse("intake_discard_open", args=[uploaded.pk]))
    assert not uploaded.fragments.filter(decision=Decision.OPEN).exists()
    response = client.post(
        reverse("intake_register", args=[uploaded.pk]),
        {"published_on": "令和3年3月31日", "destination": "new", "jimu_name": ""},
    )
    uploaded.refresh_from_db()
    assessment = uploaded.assessment
    assert response.status_code == 302
    assert response["Location"] == reverse("assessment_detail", args=[assessment.pk])
    assert uploaded.state == IntakeState.REGISTERED
    publication = assessment.current_publication()
    assert publication.published_on == date(2021, 3, 31)
    assert publication.published_version == uploaded.version
    assert uploaded.version.content["values"]["cover.publication_date"] == "2021-03-31"
    assert assessment.jimu.name
    assert assessment.status == Status.PUBLISHED
    document = uploaded.version.document()
    document.values["cover.tokki"] = "改訂の記載"
    saved = assessment_actions.save_version(assessment, document, uploaded.version.number, user=people["author"])
    assert saved.revision.base == publication
    assert saved.revision.kind_label == "改訂案"
    assert AuditEvent.objects.filter(action="intake.register", object_id=str(uploaded.pk)).exists()
    again = client.post(reverse("intake_cancel", args=[uploaded.pk]), follow=True)
    assert "登録済のため、変更できません" in again.content.decode()


def test_an_import_can_become_the_publication_of_an_untouched_assessment(uploaded, blank_assessment, people):
    actions.discard(uploaded, None, user=people["admin"])
    done = actions.register(uploaded, published_on=date(2021, 3, 31), assessment=blank_assessment, user=people["admin"])
    assert done.assessment == blank_assessment
    assert blank_assessment.current_publication().published_version == done.version
    assert blank_assessment.revisions.count() == 1


def test_an_import_never_turns_a_colleagues_draft_into_a_publication(uploaded, blank_assessment, people):
    document = blank_assessment.latest_version().document()
    document.values["cover.tokki"] = "同僚の下書き"
    assessment_actions.save_version(blank_assessment, document, 1, user=people["author"])
    actions.discard(uploaded, None, user=people["admin"])
    with pytest.raises(actions.IntakeRefused, match="作成中の評価書案"):
        actions.register(uploaded, published_on=date(2021, 3, 31), assessment=blank_assessment, user=people["admin"])
    uploaded.refresh_from_db()
    assert uploaded.reviewing
    assert blank_assessment.current_publication() is None


def test_only_members_see_an_upload_and_only_publishers_register_it(uploaded, people, outsider, login):
    assert login(outsider).get(reverse("intake_review", args=[uploaded.pk])).status_code == 404
    assert uploaded.source_name not in login(outsider).get(reverse("intake_list")).content.decode()
    viewer_page = login(people["viewer"]).get(reverse("intake_list")).content.decode()
    assert "管理者または作成者です" in viewer_page
    assert 'type="file"' not in viewer_page
    actions.discard(uploaded, None, user=people["author"])
    author_page = login(people["author"]).get(reverse("intake_review", args=[uploaded.pk])).content.decode()
    assert "公表版として登録する</button>" not in author_page
    assert "団体の管理者" in author_page
    refused = login(people["author"]).post(
        reverse("intake_register", args=[uploaded.pk]), {"published_on": "2021-03-31", "destination": "new"}
    )
    assert refused.status_code == 403
    assert Intake.objects.get().reviewing


def test_the_same_file_uploaded_twice_is_pointed_out(uploaded, org, people, login):
    again = actions.upload(org, "再送.txt", bytes(uploaded.source), user=people["author"])
    page = login(people["author"]).get(reverse("intake_review", args=[again.pk])).content.decode()
    assert "同じファイルを" in page


def test_the_preview_and_the_original_file_download_as_attachments(uploaded, people, login):
    client = login(people["author"])
    preview = client.get(reverse("intake_preview", args=[uploaded.pk]))
    original = client.get(reverse("intake_source", args=[uploaded.pk]))
    assert preview["Content-Type"] == "application/pdf"
    assert preview.content.startswith(b"%PDF")
    assert original.content == bytes(uploaded.source)
    assert AuditEvent.objects.filter(action="download", object_id=str(uploaded.pk)).count() == 2


def test_a_fragment_of_another_chapter_can_go_to_any_text_item(uploaded, people, login):
    fragment = uploaded.fragments.get(text__contains="担当課メモ")
    page = (
        login(people["author"]).get(reverse("intake_fragment", args=[uploaded.pk, fragment.position])).content.decode()
    )
    assert page.count("<option") > 5
    assert "確認画面へ戻る" in page


def test_fragment_rows_outlive_nothing_when_the_upload_is_cancelled(uploaded, people):
    actions.cancel(uploaded, user=people["author"])
    uploaded.refresh_from_db()
    assert uploaded.state == IntakeState.CANCELLED
    assert Fragment.objects.filter(intake=uploaded).exists()
    with pytest.raises(actions.IntakeRefused):
        actions.discard(uploaded, None, user=people["author"])


def test_an_approver_who_is_not_an_editor_cannot_create_through_registration(uploaded, org, people):
    approver = make_user("approver-only", org, "approver")
    actions.discard(uploaded, None, user=people["author"])
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.register(uploaded, published_on=date(2021, 3, 31), user=approver)
    uploaded.refresh_from_db()
    assert uploaded.reviewing
    assert not Assessment.objects.exists()
