"""Saves and editions are different things (issue 12): the 公表版 and its 改訂案, procedure steps bound
to saves, the gate before 第三者点検/submission/publication with its one-click fixes, and the traps
(a past consultation, a save during a consultation, 重要な変更 after it)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from conftest import open_for_comment
from django.urls import reverse

from workbench import clock
from workbench.assessments import actions
from workbench.assessments.models import Revision, Status
from workbench.audit.models import AuditEvent
from workbench.consultation import actions as consultation_actions
from workbench.consultation.models import Consultation, ConsultationState
from workbench.procedure import actions as procedure_actions
from workbench.procedure import consultations as procedure_consultations

pytestmark = pytest.mark.django_db
PURPOSE = "評価書(案)に対する意見を求めます。"
ITAKU = "II.file[#honnin].4.itaku"


def renamed(version, name: str):
    document = version.document()
    document.values["cover.name"] = name
    return document


def status(version) -> str:
    return Revision.objects.get(pk=version.revision_id).status


@pytest.fixture
def draft(assessment, people):
    """The 公表版 (save 1) and its 改訂案 (save 2, renamed) in 内部確認."""
    published = procedure_actions.seed_status(assessment.versions.get(), Status.PUBLISHED)
    saved = actions.save_version(assessment, renamed(published, "住基 全項目評価書(改訂)"), 1, user=people["author"])
    procedure_actions.transition(saved, Status.INTERNAL_REVIEW, user=people["author"])
    saved.refresh_from_db()
    return saved


@pytest.fixture
def consulting(draft, people, freeze_clock):
    """A 意見募集 on save 2, running from 2026-12-01 to 2026-12-30 (now: 12月10日)."""
    freeze_clock("2026-11-25T10:00:00+09:00")
    consultation = open_for_comment(
        draft, people, opens_on=date(2026, 12, 1), closes_on=date(2026, 12, 30), contact="窓口", purpose=PURPOSE
    )
    freeze_clock("2026-12-10T10:00:00+09:00")
    return consultation


# --- a save during the consultation -----------------------------------------------------------


def test_saving_during_a_consultation_keeps_it_running_and_bound(client, consulting, people):
    draft = consulting.version
    assert status(draft) == Status.CONSULTATION
    later = actions.save_version(draft.assessment, renamed(draft, "募集中に直した名称"), 2, user=people["author"])
    assert status(later) == Status.CONSULTATION
    assert later.revision == draft.revision
    Consultation.objects.get(pk=consulting.pk)  # still there, still on save 2
    client.force_login(people["viewer"])
    page = client.get(reverse("assessment_detail", args=[draft.assessment_id])).content.decode()
    assert f'href="/consultations/{consulting.pk}/"' in page
    assert "募集中" in page
    assert "市民が意見を述べているのは第2回保存の内容です。その後の保存は意見募集の内容を変えません。" in page
    editor = client.get(reverse("editor", args=[draft.assessment_id])).content.decode()
    assert "市民が意見を述べているのは第2回保存の内容で、ここで保存しても意見募集の内容は変わりません。" in editor
    public = client.get(reverse("iken_detail", args=[consulting.pk]))
    assert public.status_code == 200


def test_publishing_while_a_consultation_is_open_is_refused(consulting, people, finish_procedure):
    draft = consulting.version
    revision = draft.revision
    revision.status, revision.submitted_version, revision.submitted_on = Status.SUBMITTED, draft, clock.today()
    revision.save()
    with pytest.raises(procedure_actions.TransitionRefused) as refused:
        procedure_actions.transition(draft, Status.PUBLISHED, on=date(2027, 1, 10), user=people["admin"])
    assert "この評価書の意見募集がまだ受付中です(令和8年12月30日まで)。期間が終わるまで提出・公表はできません。" in str(
        refused.value
    )
    assert status(draft) == Status.SUBMITTED
    assert draft.assessment.versions.count() == 2


# --- 重要な変更 after the consultation opened -------------------------------------------------


def _with_important_change(version):
    """A 重要な変更 (an item with ※): Ⅰ②事務の内容 gains a sentence after the consultation opened."""
    document = version.document()
    document.values["I.1.2"] += "\nマイナンバーカードの交付の一部を委託する。"
    return document


def test_important_changes_after_the_consultation_need_a_decision(client, consulting, people, freeze_clock):
    draft = consulting.version
    changed = actions.save_version(draft.assessment, _with_important_change(draft), 2, user=people["author"])
    freeze_clock("2027-01-05T10:00:00+09:00")  # the period is over, no comments
    with pytest.raises(procedure_actions.TransitionRefused) as refused:
        procedure_actions.transition(changed, Status.THIRD_PARTY_REVIEW, user=people["approver"])
    assert "意見募集の対象(意見募集を行った第2回保存)の後に、重要な変更が" in str(refused.value)
    assert "新たに意見募集を行うか、このまま進める理由を記録してください。" in str(refused.value)
    client.force_login(people["approver"])
    page = client.get(reverse("assessment_detail", args=[draft.assessment_id])).content.decode()
    assert "意見募集「住基 全項目評価書(改訂案)」をやり直さずに進める理由" in page
    url = reverse("consultation_proceed", args=[consulting.pk])
    response = client.post(url, {"version": changed.number, "reason": ""}, follow=True)
    assert "「意見募集をやり直さずに進める理由」を入力してください。" in response.content.decode()
    reason = "追加した委託は既存の委託の一部を分けたもので、意見募集の資料で説明済みのため。"
    response = client.post(url, {"version": changed.number, "reason": reason}, follow=True)
    assert "意見募集をやり直さずに進める理由を記録しました(第3回保存の時点)。" in response.content.decode()
    procedure_actions.transition(changed, Status.THIRD_PARTY_REVIEW, user=people["approver"])
    event = AuditEvent.objects.get(action="consultation.proceed")
    assert event.details["after"] == {"reason": reason, "version": changed.pk}
    assert event.actor == people["approver"]


def test_only_managers_record_the_decision(consulting, people):
    with pytest.raises(Exception, match="権限がありません"):
        consultation_actions.record_proceed_reason(consulting, consulting.version, "理由", user=people["author"])


# --- past consultations -----------------------------------------------------------------------


def test_a_period_in_the_past_is_refused_unless_registered_as_past(client, draft, people, freeze_clock):
    freeze_clock("2026-12-10T10:00:00+09:00")
    kwargs = {"contact": "窓口", "purpose": PURPOSE}
    with pytest.raises(consultation_actions.ConsultationError) as refused:
        procedure_consultations.open_consultation(
            draft, opens_on=date(2026, 12, 1), closes_on=date(2026, 12, 30), **kwargs, user=people["approver"]
        )
    assert str(refused.value).startswith("「開始日」(令和8年12月1日)が過去の日付です。")
    assert "「過去に実施した意見募集として記録する」を選んでください(公開ページには表示されません)。" in str(
        refused.value
    )
    with pytest.raises(consultation_actions.ConsultationError, match="終了日が昨日"):
        procedure_consultations.open_consultation(
            draft,
            opens_on=date(2026, 11, 1),
            closes_on=date(2026, 12, 10),
            past_record=True,
            **kwargs,
            user=people["approver"],
        )
    past = procedure_consultations.open_consultation(
        draft,
        opens_on=date(2026, 11, 1),
        closes_on=date(2026, 11, 30),
        past_record=True,
        **kwargs,
        user=people["approver"],
    )
    assert past.state() == ConsultationState.PAST
    assert not past.is_open()
    assert AuditEvent.objects.get(action="consultation.open").details["past_record"] is True
    assert client.get(reverse("iken_detail", args=[past.pk])).status_code == 404
    assert past.title not in client.get(reverse("iken_list")).content.decode()


def test_the_open_page_offers_the_past_record_choice(client, draft, people, freeze_clock):
    freeze_clock("2026-12-10T10:00:00+09:00")
    client.force_login(people["approver"])
    url = reverse("consultation_open", args=[draft.assessment_id, draft.number])
    data = {"opens_on": "2026-11-01", "closes_on": "2026-11-30", "contact": "窓口", "purpose": PURPOSE}
    response = client.post(url, data)
    assert response.status_code == 422
    assert "が過去の日付です" in response.content.decode()
    response = client.post(url, {**data, "past_record": "on"})
    assert response.status_code == 302
    assert Consultation.objects.get().past_record


def test_an_unchecked_draft_cannot_go_out_for_comments(blank_assessment, people, freeze_clock):
    """Issue 13 finding 3: one gate whichever button is pressed (status, role, findings)."""
    freeze_clock("2026-11-20T10:00:00+09:00")
    version = blank_assessment.versions.get()
    with pytest.raises(consultation_actions.ConsultationError) as refused:
        procedure_consultations.open_consultation(
            version,
            opens_on=date(2026, 12, 1),
            closes_on=date(2026, 12, 30),
            contact="窓口",
            purpose=PURPOSE,
            user=people["approver"],
        )
    assert "要修正の指摘が" in str(refused.value)
    assert "意見募集を始められません" in str(refused.value)
    assert not Consultation.objects.exists()


# --- the gate's one-click fixes ---------------------------------------------------------------


def test_the_records_fix_writes_this_round_s_values_and_keeps_the_old_in_the_audit(
    client, draft, people, finish_procedure
):
    finish_procedure(draft)
    client.force_login(people["author"])
    url = reverse("assessment_fix", args=[draft.assessment_id, draft.number, "records"])
    response = client.post(url, follow=True)
    assert "手続の記録(意見募集・第三者点検・承認)の値に更新しました(第3回保存として保存しました)。" in (
        response.content.decode()
    )
    fixed = draft.assessment.versions.get(number=3)
    assert fixed.content["values"]["VI.2.2"] == {"start": "2020-01-06", "end": "2020-02-04"}
    assert fixed.revision == draft.revision
    assert status(fixed) == Status.INTERNAL_REVIEW
    event = AuditEvent.objects.filter(action="version.save").latest("id")
    assert event.details["fix"] == "records"
    assert event.details["before"]["VI.3.1"] == "2021-02-15"
    assert event.details["after"]["VI.3.1"] == fixed.content["values"]["VI.3.1"]
    response = client.post(reverse("assessment_fix", args=[draft.assessment_id, 3, "records"]), follow=True)
    assert "直すところはありません(すでに記録・差分のとおりです)。" in response.content.decode()
    assert draft.assessment.versions.count() == 3


def test_the_change_rows_fix_adds_the_rows_against_the_published_edition(client, draft, people):
    client.force_login(people["author"])
    response = client.post(reverse("assessment_fix", args=[draft.assessment_id, 2, "change-rows"]), follow=True)
    assert "公表中の版との差分から変更箇所を1行追加しました" in response.content.decode()
    rows = draft.assessment.versions.get(number=3).content["values"]["bessoe3"]
    assert rows[-1]["bessoe3.item"] == "(表紙) 評価書名"
    client.force_login(people["viewer"])
    assert client.post(reverse("assessment_fix", args=[draft.assessment_id, 3, "change-rows"])).status_code == 302
    assert draft.assessment.versions.count() == 3  # viewers change nothing (the action refuses)


def test_an_unknown_fix_is_a_message(client, draft, people):
    client.force_login(people["author"])
    response = client.post(reverse("assessment_fix", args=[draft.assessment_id, 2, "everything"]), follow=True)
    assert "この修正はありません。" in response.content.decode()


# --- publication: the 公表日 and the deadlines -------------------------------------------------


def test_publishing_sets_the_publication_date_and_the_dashboard_follows(client, draft, people, finish_procedure):
    finish_procedure(draft)
    version = procedure_actions.apply_fix(draft, "records", user=people["author"])
    version = procedure_actions.apply_fix(version, "change-rows", user=people["author"])
    revision = version.revision
    revision.status, revision.submitted_version, revision.submitted_on = Status.SUBMITTED, version, clock.today()
    revision.save()
    client.force_login(people["viewer"])
    assert "期限超過" in client.get(reverse("dashboard")).content.decode()  # 令和3年3月31日 + 5 years
    on = clock.today() + timedelta(days=3)
    published = procedure_actions.transition(version, Status.PUBLISHED, on=on, user=people["admin"])
    assert published.content["values"]["cover.publication_date"] == on.isoformat()
    page = client.get(reverse("dashboard")).content.decode()
    assert "期限超過" not in page
    assert f"公表中の版({published.revision.label[6:]}" in page


@pytest.mark.parametrize("key", ["pdf-changes", "docx-changes", "html-changes", "changes-xlsx", "summary-pdf"])
def test_every_change_output_is_measured_against_the_published_edition(client, draft, people, key):
    """After further saves of the 改訂案, the 赤字 and 変更箇所 still show every change against the
    公表版 (issue 12, finding 1), and the file says so."""
    from urllib.parse import unquote

    third = actions.save_version(draft.assessment, renamed(draft, "三回目の名称"), 2, user=people["author"])
    document = third.document()
    document.values["cover.agency"] = "熊本市長(四回目)"
    fourth = actions.save_version(draft.assessment, document, 3, user=people["author"])
    client.force_login(people["viewer"])
    response = client.get(reverse("download", args=[draft.assessment_id, fourth.number, key]))
    assert response.status_code == 200
    assert "公表中の版(令和3年3月31日)から改訂案" in unquote(response["Content-Disposition"])
    if key == "html-changes":
        html = response.content.decode()
        assert "<ins>三回目の名称</ins>" in html
        assert "<ins>熊本市長(四回目)</ins>" in html


# --- the migration of saves made before revisions existed --------------------------------------


@pytest.mark.django_db(transaction=True)
def test_existing_saves_are_grouped_into_revisions_by_the_migration():
    """A published save closes its revision; the saves after it form the 改訂案 (its status that
    of its latest save); an approved save is the revision's submission; two publications leave
    the earlier one superseded."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()  # every app: the ones that depend on assessments too
    executor.migrate([("assessments", "0001_initial")])
    try:
        apps = MigrationExecutor(connection).loader.project_state([("assessments", "0001_initial")]).apps
        _old_saves(apps)
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(latest)
    from workbench.assessments.models import Assessment

    assessment = Assessment.objects.get(title="移行前の評価書")
    first, second, third = assessment.revisions.order_by("number")
    assert [v.number for v in first.saves.order_by("number")] == [1, 2]
    assert first.status == Status.PUBLISHED
    assert first.published_version.number == 2
    assert first.published_on == date(2021, 3, 31)
    assert first.superseded_at is not None
    assert second.base == first
    assert second.status == Status.PUBLISHED
    assert second.published_on == date(2024, 4, 1)
    assert second.submitted_version.number == 3
    assert second.is_current
    assert third.base == second
    assert third.status == Status.CONSULTATION
    assert not third.is_published
    assert [v.number for v in third.saves.order_by("number")] == [4, 5]
    assert assessment.status == Status.CONSULTATION
    assert third.label == "改訂案(保存2回)"
    assert second.label == "公表中の版(令和6年4月1日公表)"


def _old_saves(apps) -> None:
    """Saves as the workbench kept them before: a status on every save."""
    from django.utils import timezone

    organization = apps.get_model("organizations", "Organization").objects.create(name="移行市", body_type="local")
    user = apps.get_model("auth", "User").objects.create(username="migrator")
    jimu = apps.get_model("assessments", "Jimu").objects.create(organization=organization, name="移行する事務")
    assessment = apps.get_model("assessments", "Assessment").objects.create(
        jimu=jimu,
        title="移行前の評価書",
        form="full",
        edition="平成30年5月",
        status="public_comment",  # the former id (migration 0003)
    )
    version = apps.get_model("assessments", "Version")
    rows = [
        ("draft", {"cover.publication_date": "2021-03-31"}, False),
        ("published", {"cover.publication_date": "2021-03-31"}, False),
        ("published", {"cover.publication_date": "令和6年4月1日"}, True),
        ("draft", {}, False),
        ("public_comment", {}, False),
    ]
    parent = None
    for number, (status, values, approved) in enumerate(rows, start=1):
        content = {"form": "full", "edition": "平成30年5月", "body_type": "local", "values": values}
        parent = version.objects.create(
            assessment=assessment,
            number=number,
            content=content,
            author=user,
            parent=parent,
            status=status,
            approved_by=user if approved else None,
            approved_at=timezone.now() if approved else None,
        )


def test_each_fix_is_offered_once_and_named_to_those_who_cannot_make_it(client, draft, people, finish_procedure):
    finish_procedure(draft)
    revision = draft.revision
    revision.status = Status.APPROVAL_REQUEST
    revision.save()
    url = reverse("assessment_detail", args=[draft.assessment_id])
    client.force_login(people["author"])
    page = client.get(url).content.decode()
    assert page.count(">手続の記録の値に更新する</button>") == 1  # three Ⅵ items outdated, one button
    assert page.count(">公表中の版との差分から変更箇所を追加する</button>") == 1
    client.force_login(people["approver"])
    page = client.get(url).content.decode()
    assert reverse("assessment_fix", args=[draft.assessment_id, draft.number, "records"]) not in page
    assert "作成者・管理者が「手続の記録の値に更新する」で直せます(新しい保存になります)。" in page
