"""The workflow waits for the procedure records: 意見募集 registered and finished (period over,
every comment answered), 第三者点検 closed, and for 行政機関等 the commission's approval, whose
date fills the cover's 承認日 of what is checked, rendered and published."""

from __future__ import annotations

import io
from datetime import date, datetime

import pypdfium2 as pdfium
import pytest
from conftest import example, make_user
from django.utils import timezone

from workbench.assessments import actions
from workbench.assessments.actions import create_assessment, create_jimu
from workbench.assessments.models import Revision, Status, Version
from workbench.consultation.models import Comment, Consultation
from workbench.organizations.models import Organization
from workbench.procedure import actions as procedure_actions
from workbench.procedure import state
from workbench.reviews.models import Kind, ReviewRound

pytestmark = pytest.mark.django_db
APPROVAL_DATE = "cover.ppc_approval_date"  # 様式4's cover 承認日 (filled_from: approval.approved_on)


def consultation(version, people, opens: str = "2026-11-01", closes: str = "2026-11-30") -> Consultation:
    return Consultation.objects.create(
        version=version,
        organization=version.assessment.organization,
        title="意見募集",
        opens_on=date.fromisoformat(opens),
        closes_on=date.fromisoformat(closes),
        contact="総務課",
        created_by=people["admin"],
    )


def walk(version, people, *targets: str) -> None:
    roles = {
        Status.INTERNAL_REVIEW: "author",
        Status.CONSULTATION: "approver",
        Status.THIRD_PARTY_REVIEW: "approver",
        Status.APPROVAL_REQUEST: "admin",
        Status.SUBMITTED: "approver",
        Status.PUBLISHED: "admin",
    }
    for target in targets:
        procedure_actions.transition(version, target, user=people[roles[target]])


def _status(version) -> str:
    return Revision.objects.get(pk=version.revision_id).status


def _changed(version, text: str = "意見を反映した名称"):
    document = version.document()
    document.values["cover.name"] = text
    return document


def refused(people, version, target: str, role: str = "admin") -> str:
    with pytest.raises(procedure_actions.TransitionRefused) as error:
        procedure_actions.transition(version, target, user=people[role])
    return str(error.value)


def test_consultation_needs_a_registered_consultation(assessment, people):
    version = assessment.versions.get()
    walk(version, people, Status.INTERNAL_REVIEW)
    assert "意見募集が登録されていません" in refused(people, version, Status.CONSULTATION)
    consultation(version, people)
    walk(version, people, Status.CONSULTATION)
    assert _status(version) == Status.CONSULTATION


def test_leaving_consultation_waits_for_the_period_and_the_answers(assessment, people, freeze_clock):
    version = assessment.versions.get()
    walk(version, people, Status.INTERNAL_REVIEW)
    held = consultation(version, people, closes="2026-11-30")
    walk(version, people, Status.CONSULTATION)
    Comment.objects.create(consultation=held, receipt="2026-0001", name="市民", address="市内", phone="0", body="意見")

    freeze_clock("2026-11-30T23:59:00+09:00")  # the last day, JST
    message = refused(people, version, Status.THIRD_PARTY_REVIEW)
    assert "意見募集の期間中です(令和8年11月30日まで)" in message
    assert "未記入の意見が1件" in message

    freeze_clock("2026-12-01T00:00:00+09:00")
    message = refused(people, version, Status.THIRD_PARTY_REVIEW)
    assert "期間中" not in message
    assert "未記入の意見が1件" in message
    Comment.objects.filter(consultation=held).update(answer="ご意見として承ります。")
    walk(version, people, Status.THIRD_PARTY_REVIEW)
    assert _status(version) == Status.THIRD_PARTY_REVIEW


def test_leaving_third_party_review_waits_for_a_closed_round(assessment, people, finish_procedure):
    version = assessment.versions.get()
    finish_procedure(version, review=False)
    walk(version, people, Status.INTERNAL_REVIEW, Status.CONSULTATION, Status.THIRD_PARTY_REVIEW)
    assert "第三者点検が行われていません" in refused(people, version, Status.APPROVAL_REQUEST)
    round_ = ReviewRound.objects.create(
        version=version, organization=version.assessment.organization, kind=Kind.THIRD_PARTY, started_by=people["admin"]
    )
    assert "第三者点検が終了していません" in refused(people, version, Status.APPROVAL_REQUEST)
    round_.result, round_.closed_at, round_.closed_by = "適合", timezone.now(), people["admin"]
    round_.save()
    walk(version, people, Status.APPROVAL_REQUEST)


def test_a_version_revised_after_the_comments_and_review_uses_those_records(assessment, people, finish_procedure):
    first = assessment.versions.get()
    finish_procedure(first)
    second = actions.save_version(assessment, _changed(first), base_number=1, note="意見を反映", user=people["author"])
    walk(second, people, *[Status.INTERNAL_REVIEW, Status.CONSULTATION, Status.THIRD_PARTY_REVIEW])
    walk(second, people, Status.APPROVAL_REQUEST)
    assert _status(second) == Status.APPROVAL_REQUEST


def test_returning_to_draft_is_never_held(assessment, people):
    version = assessment.versions.get()
    walk(version, people, Status.INTERNAL_REVIEW)
    consultation(version, people)
    walk(version, people, Status.CONSULTATION)
    procedure_actions.transition(version, Status.DRAFT, user=people["approver"])
    assert _status(version) == Status.DRAFT


def test_the_detail_page_says_what_the_step_waits_for(assessment, people, login):
    """意見聴取を開始する is the registration of the 意見募集 (one gate, issue 13 finding 3)."""
    version = assessment.versions.get()
    walk(version, people, Status.INTERNAL_REVIEW)
    html = login(people["approver"]).get(f"/assessments/{assessment.pk}/").content.decode()
    assert "意見募集が登録されていません" in html
    assert f'href="/consultations/new/{assessment.pk}/1/">意見聴取を開始する(意見募集の期間・問合せ先を登録)' in html


def test_the_records_fill_the_procedure_section_where_it_is_blank(assessment, people, finish_procedure, login):
    version = assessment.versions.get()
    content = dict(version.content)
    content["values"] = {k: v for k, v in content["values"].items() if k not in ("VI.2.2", "VI.3.1", "VI.3.3")}
    Version.objects.filter(pk=version.pk).update(content=content)
    version.refresh_from_db()
    finish_procedure(version)
    filled = state.effective_document(version).values
    assert filled["VI.2.2"] == {"start": "2020-01-06", "end": "2020-02-04"}
    assert filled["VI.3.3"] == "適合"
    assert filled["VI.3.1"] == timezone.localdate().isoformat()
    html = login(people["viewer"]).get(f"/assessments/{assessment.pk}/").content.decode()
    assert "記録から補って" in html
    assert "②実施日・期間" in html


def test_a_typed_value_wins_over_the_records(assessment, people, finish_procedure):
    version = assessment.versions.get()
    finish_procedure(version)
    assert state.effective_document(version).values["VI.3.3"] == version.content["values"]["VI.3.3"]
    assert state.fill_from_records(version)[1] == []  # nothing filled


# --- 行政機関等: the commission's approval ---------------------------------------------------


@pytest.fixture
def national(people):
    agency = Organization.objects.create(name="デモ省", body_type="national")
    staff = {role: make_user(f"n-{role}", agency, role) for role in ("admin", "author", "approver")}
    document = example("jumin-kihon-daicho-v2.yaml")
    document.body_type = "national"
    for path in (APPROVAL_DATE, "VI.3.1", "VI.3.2", "VI.3.3"):  # 第三者点検 is for local bodies
        document.values.pop(path, None)
    jimu = create_jimu(agency, "デモ事務", user=staff["author"])
    assessment = create_assessment(jimu, "full", "デモ 全項目評価書", document, user=staff["author"])
    version = assessment.versions.get()
    consultation(version, people, opens="2020-12-01", closes="2021-01-05")  # as Ⅵ2② says
    for target, role in [
        (Status.INTERNAL_REVIEW, "author"),
        (Status.CONSULTATION, "approver"),
        (Status.APPROVAL_REQUEST, "approver"),
    ]:
        procedure_actions.transition(version, target, user=staff[role])
    return version, staff


def approve(version, staff, approved_on: date) -> ReviewRound:
    return ReviewRound.objects.create(
        version=version,
        organization=version.assessment.organization,
        kind=Kind.APPROVAL,
        started_by=staff["admin"],
        applied_on=date(2021, 1, 12),
        approved_on=approved_on,
        result="個人情報保護委員会の審査を受け、承認された。",
        closed_by=staff["admin"],
        closed_at=timezone.now(),
    )


def test_national_submission_waits_for_the_recorded_approval(national):
    version, staff = national
    with pytest.raises(procedure_actions.TransitionRefused) as error:
        procedure_actions.transition(version, Status.SUBMITTED, user=staff["approver"])
    assert "承認日が記録されていません" in str(error.value)
    approve(version, staff, date(2021, 3, 1))
    procedure_actions.transition(version, Status.SUBMITTED, user=staff["approver"])
    published = procedure_actions.transition(version, Status.PUBLISHED, user=staff["admin"])
    assert _status(version) == Status.PUBLISHED
    assert published.revision.published_version == published


def test_the_recorded_approval_date_fills_the_cover(national, client):
    version, staff = national
    assert state.effective_document(version).values.get(APPROVAL_DATE) is None
    approve(version, staff, date(2021, 3, 1))
    assert state.effective_document(version).values[APPROVAL_DATE] == "2021-03-01"
    assert APPROVAL_DATE not in version.content["values"]  # the stored version is unchanged
    client.force_login(staff["admin"])
    response = client.get(f"/assessments/{version.assessment.pk}/versions/1/download/pdf/")
    assert response.status_code == 200
    cover = pdfium.PdfDocument(io.BytesIO(response.content))[0].get_textpage().get_text_range()
    assert "令和3年3月1日" in cover


def test_an_approval_on_another_version_does_not_count(national):
    version, staff = national
    approve(version, staff, date(2021, 3, 1))
    newer = actions.save_version(version.assessment, _changed(version), base_number=1, user=staff["author"])
    assert APPROVAL_DATE not in state.recorded_values(newer)
    assert "VI.4.1" not in state.recorded_values(newer)


def test_a_different_typed_approval_date_holds_the_step(national):
    version, staff = national
    approve(version, staff, date(2021, 3, 1))
    content = dict(version.content)
    content["values"] = {**content["values"], APPROVAL_DATE: "2021-02-27"}
    Version.objects.filter(pk=version.pk).update(content=content)  # as if typed before approval
    version.refresh_from_db()
    with pytest.raises(procedure_actions.TransitionRefused) as error:
        procedure_actions.transition(version, Status.SUBMITTED, user=staff["approver"])
    assert "表紙の承認日(2021-02-27)が、記録された承認日(令和3年3月1日)と異なります" in str(error.value)


def test_the_detail_page_links_the_version_s_consultation_and_review(assessment, people, login):
    version = assessment.versions.get()
    page = login(people["author"]).get(f"/assessments/{assessment.pk}/").content.decode()
    assert "第1回保存で第三者点検・承認を始める" in page
    held = consultation(version, people)
    round_ = ReviewRound.objects.create(
        version=version, organization=version.assessment.organization, kind=Kind.THIRD_PARTY, started_by=people["admin"]
    )
    page = login(people["author"]).get(f"/assessments/{assessment.pk}/").content.decode()
    assert f'href="/consultations/{held.pk}/"' in page
    assert f'href="/reviews/{round_.pk}/"' in page
    assert "第1回保存で第三者点検・承認を始める" not in page  # one round at a time
    assert "この改訂での手続と対象の保存" in page
    assert "令和" in page  # saved times in 和暦 beside ISO


def test_the_wareki_filter_writes_both_calendars():
    from workbench.dates import wareki

    assert wareki(date(2025, 12, 1)) == "令和7年12月1日(2025-12-01)"
    assert wareki(datetime.fromisoformat("2026-11-26T08:35:00+00:00")) == "令和8年11月26日(2026-11-26) 17:35"
    assert wareki(None) == ""


def test_the_portfolio_says_where_the_procedure_stands(assessment, people, login, freeze_clock):
    version = assessment.versions.get()
    walk(version, people, Status.INTERNAL_REVIEW)
    held = consultation(version, people, closes="2026-11-30")
    walk(version, people, Status.CONSULTATION)
    Comment.objects.create(consultation=held, receipt="2026-0001", name="市民", address="市内", phone="0", body="意見")
    freeze_clock("2026-11-20T09:00:00+09:00")
    page = login(people["viewer"]).get("/").content.decode()
    assert "意見募集 募集中(令和8年11月30日まで)・意見1件(未回答1件)" in page
    freeze_clock("2026-12-01T09:00:00+09:00")
    Comment.objects.update(answer="回答")
    walk(version, people, Status.THIRD_PARTY_REVIEW)
    round_ = ReviewRound.objects.create(
        version=version, organization=version.assessment.organization, kind=Kind.THIRD_PARTY, started_by=people["admin"]
    )
    round_.remarks.create(path="", text="指摘", author=people["reviewer"])
    assert "第三者点検 実施中・指摘1件(未対応1件)" in login(people["viewer"]).get("/").content.decode()
