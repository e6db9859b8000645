"""Reminders: each built-in provider, the registry, the digest e-mail in Django's test outbox,
idempotency (a second run sends nothing), --dry-run, users without an address, and the
notifications page (current items, e-mailed or not, read/unread, the header count, access)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from conftest import assign_reviewer
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.urls import reverse

from workbench.assessments.models import Status
from workbench.consultation.models import Consultation
from workbench.contractors.models import Contract, ContractStatus
from workbench.reminders import providers, registry
from workbench.reminders.models import Notification
from workbench.reminders.registry import Reminder
from workbench.reviews.models import Remark

pytestmark = pytest.mark.django_db

PUBLISHED = date(2021, 3, 31)


class FailingBackend(BaseEmailBackend):
    """The relay is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP relay unreachable")


REASSESSMENT_DUE = date(2026, 3, 31)  # 公表日 + 5年 (pia.rules.deadlines)


@pytest.fixture
def published(assessment, people):
    """The 住基 評価書 as 公表中の版 since 令和3年3月31日, its editors with e-mail addresses."""
    revision = assessment.revisions.get()
    revision.status = Status.PUBLISHED
    revision.published_on = PUBLISHED
    revision.published_version = assessment.versions.get(number=1)
    revision.save()
    for role, user in people.items():
        user.email = f"{role}@city.example.lg.jp"
        user.save()
    return assessment


def _keys(reminders):
    return {r.key for r in reminders}


@pytest.mark.parametrize(
    ("days_left", "window"),
    [(61, None), (60, "60"), (31, "60"), (30, "30"), (8, "30"), (7, "7"), (0, "7"), (-1, "overdue")],
)
def test_the_reassessment_deadline_is_reminded_at_60_30_and_7_days(published, people, days_left, window):
    today = REASSESSMENT_DUE - timedelta(days=days_left)
    found = [r for r in providers.deadlines(today) if r.key.startswith("deadline.reassessment")]
    if window is None:
        assert found == []
        return
    (reminder,) = found
    assert reminder.key == f"deadline.reassessment:{published.pk}:{window}"
    assert reminder.due == REASSESSMENT_DUE
    assert set(reminder.user_ids) == {people["admin"].pk, people["author"].pk}
    assert reminder.url == reverse("assessment_detail", args=[published.pk])
    assert "令和8年3月31日" in reminder.title
    expected = f"あと{days_left}日" if days_left >= 0 else "1日過ぎています"
    assert expected in reminder.title


def test_the_yearly_review_deadline_is_reminded(published):
    found = [r for r in providers.deadlines(date(2022, 3, 20)) if r.key.startswith("deadline.review")]
    assert [r.due for r in found] == [date(2022, 3, 31)]
    assert "見直し" in found[0].title


def test_an_unpublished_assessment_has_no_deadline(assessment):
    assert providers.deadlines(date(2026, 3, 1)) == []


def _consultation(assessment, people, opens, closes, **extra):
    return Consultation.objects.create(
        version=assessment.versions.get(number=1),
        organization=assessment.organization,
        title="住基 全項目評価書(案)への意見募集",
        opens_on=opens,
        closes_on=closes,
        contact="総務課",
        created_by=people["admin"],
        **extra,
    )


def test_a_consultation_ending_within_7_days(assessment, people):
    today = date(2026, 12, 8)
    ending = _consultation(assessment, people, today - timedelta(20), today + timedelta(3))
    _consultation(assessment, people, today - timedelta(20), today + timedelta(8))  # not yet
    _consultation(assessment, people, today - timedelta(40), today - timedelta(1))  # over
    _consultation(assessment, people, today - timedelta(40), today + timedelta(1), past_record=True)
    (reminder,) = providers.consultations(today)
    assert reminder.key == f"consultation:{ending.pk}:closes"
    assert "あと3日で終わります" in reminder.title
    assert set(reminder.user_ids) == {people[r].pk for r in ("admin", "author", "approver")}


def test_review_rounds_wait_on_the_reviewer_and_unanswered_remarks_on_the_editors(assessment, people):
    round_ = assign_reviewer(assessment.versions.get(number=1), people["reviewer"])
    (only,) = providers.reviews(date(2026, 12, 8))
    assert only.key == f"review:{round_.pk}:reviewer"
    assert only.user_ids == (people["reviewer"].pk,)
    Remark.objects.create(round=round_, text="委託先の監督方法を具体的に。", author=people["reviewer"])
    found = {r.key: r for r in providers.reviews(date(2026, 12, 8))}
    answers = found[f"review:{round_.pk}:answers"]
    assert "回答していない指摘が1件" in answers.title
    assert set(answers.user_ids) == {people["admin"].pk, people["author"].pk}


def test_a_planned_contract_past_its_expected_date_is_a_follow_up(org, people):
    today = date(2026, 4, 10)
    late = Contract.objects.create(organization=org, name="センター委託", expected_on=date(2026, 3, 31))
    Contract.objects.create(organization=org, name="まだ先の委託", expected_on=today)
    Contract.objects.create(
        organization=org, name="締結済み", status=ContractStatus.SIGNED, expected_on=date(2026, 1, 1)
    )
    (reminder,) = providers.contracts(today)
    assert reminder.key == f"contract:{late.pk}:expected"
    assert "センター委託" in reminder.title
    assert "令和8年3月31日" in reminder.title
    assert reminder.url == reverse("contract_detail", args=[late.pk])


def test_an_app_adds_its_items_through_the_registry(monkeypatch, org, people):
    monkeypatch.setattr(registry, "_providers", list(registry.providers()))

    def inspections(today):
        yield Reminder(
            "inspection:1:2026-12", org.pk, (people["viewer"].pk,), "inspection", "立入検査(12月分)", today, "/"
        )

    registry.register_provider(inspections)
    registry.register_provider(inspections)  # once only
    registry.register_kind("inspection", "立入検査")
    found = [r for r in registry.collect(date(2026, 12, 8)) if r.kind == "inspection"]
    assert len(found) == 1
    assert found[0].kind_label == "立入検査"


def test_the_command_mails_one_digest_per_user_and_a_second_run_sends_nothing(published, people, capsys):
    today = REASSESSMENT_DUE - timedelta(days=25)
    call_command("send_reminders", "--date", today.isoformat())
    to = sorted(m.to[0] for m in mail.outbox)
    assert to == ["admin@city.example.lg.jp", "author@city.example.lg.jp"]
    message = next(m for m in mail.outbox if m.to == ["author@city.example.lg.jp"])
    assert "お知らせ" in message.subject
    assert "令和8年3月6日" in message.subject
    assert message.body.startswith("author 様")
    assert "■ 評価の期限" in message.body
    assert "住基 全項目評価書:一定期間経過による再実施の期限(令和8年3月31日)まであと25日です" in message.body
    assert "評価書の見直しの期限(令和4年3月31日)を1436日過ぎています" in message.body  # no 見直し recorded
    assert f"http://127.0.0.1:8000/assessments/{published.pk}/" in message.body
    rows = Notification.objects.filter(user=people["author"])
    assert rows.count() == 2
    assert all(r.emailed_at is not None for r in rows)
    capsys.readouterr()
    call_command("send_reminders", "--date", today.isoformat())
    assert len(mail.outbox) == 2  # nothing new
    assert "新しいお知らせはありません" in capsys.readouterr().out
    assert Notification.objects.count() == 4


def test_the_next_window_is_a_new_reminder(published):
    call_command("send_reminders", "--date", (REASSESSMENT_DUE - timedelta(days=25)).isoformat())
    call_command("send_reminders", "--date", (REASSESSMENT_DUE - timedelta(days=7)).isoformat())
    assert len(mail.outbox) == 4
    assert "あと7日です" in mail.outbox[-1].body


def test_dry_run_sends_and_records_nothing(published, capsys):
    call_command("send_reminders", "--date", "2026-03-06", "--dry-run")
    assert mail.outbox == []
    assert Notification.objects.count() == 0
    out = capsys.readouterr().out
    assert "送信予定(--dry-run、何も送っていません): admin 2件" in out


def test_a_user_without_an_address_gets_the_notification_in_the_app_only(published, people):
    people["author"].email = ""
    people["author"].save()
    call_command("send_reminders", "--date", "2026-03-06")
    assert [m.to for m in mail.outbox] == [["admin@city.example.lg.jp"]]
    assert not Notification.objects.filter(user=people["author"], emailed_at__isnull=False).exists()
    assert Notification.objects.filter(user=people["author"]).count() == 2


def test_a_failed_mail_records_nothing_and_is_sent_next_time(published, settings):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    with pytest.raises(Exception, match="送信できなかったお知らせがあります"):
        call_command("send_reminders", "--date", "2026-03-06")
    assert Notification.objects.count() == 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_reminders", "--date", "2026-03-06")
    assert len(mail.outbox) == 2


def test_an_invalid_date_is_refused_in_japanese():
    with pytest.raises(Exception, match="YYYY-MM-DD"):
        call_command("send_reminders", "--date", "令和8年")


# --- the notifications page ---------------------------------------------------------------------


def test_the_page_shows_current_items_before_and_after_the_mail(client, published, people, freeze_clock):
    freeze_clock("2026-03-06T09:00:00+09:00")
    client.force_login(people["author"])
    text = client.get(reverse("notifications")).content.decode()
    assert "一定期間経過による再実施の期限(令和8年3月31日)まであと25日です" in text
    assert "未送信" in text
    assert "未読" not in text.split("<main")[0]  # nothing recorded yet: no count in the header
    call_command("send_reminders", "--date", "2026-03-06")
    text = client.get(reverse("notifications")).content.decode()
    assert "メール送信済み" in text
    assert "未読2件" in text


def test_marking_read_clears_the_header_count(client, published, people, freeze_clock):
    freeze_clock("2026-03-06T09:00:00+09:00")
    call_command("send_reminders", "--date", "2026-03-06")
    row = Notification.objects.get(user=people["author"], key__startswith="deadline.reassessment")
    client.force_login(people["author"])
    response = client.post(reverse("notification_read", args=[row.pk]))
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.read_at is not None
    text = client.get(reverse("notifications")).content.decode()
    assert "未読1件" in text  # the 見直し is still unread
    assert "既読" in text


def test_a_current_item_is_marked_read_without_a_mail(client, published, people, freeze_clock):
    freeze_clock("2026-03-06T09:00:00+09:00")
    client.force_login(people["admin"])
    key = f"deadline.reassessment:{published.pk}:30"
    response = client.post(reverse("notification_read_current"), {"key": key, "due": "2026-03-31"})
    assert response.status_code == 302
    row = Notification.objects.get(user=people["admin"], key=key)
    assert row.read_at is not None
    assert row.emailed_at is None
    assert client.post(reverse("notification_read_current"), {"key": "nope", "due": "2026-03-31"}).status_code == 404


def test_another_users_notification_is_a_404_and_anonymous_goes_to_login(client, published, people, freeze_clock):
    freeze_clock("2026-03-06T09:00:00+09:00")
    call_command("send_reminders", "--date", "2026-03-06")
    row = Notification.objects.filter(user=people["author"]).first()
    client.force_login(people["viewer"])
    assert client.post(reverse("notification_read", args=[row.pk])).status_code == 404
    text = client.get(reverse("notifications")).content.decode()
    assert "現在のお知らせはありません" in text
    client.logout()
    response = client.get(reverse("notifications"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_demo_shows_its_reminders_without_sending_mail(client, monkeypatch, freeze_clock):
    from django.contrib.auth import get_user_model

    from workbench.procedure.demo import load_demo

    monkeypatch.setenv("DEMO_PASSWORD", "demo-pass-123")
    freeze_clock("2026-12-08T09:00:00+09:00")
    load_demo()
    assert mail.outbox == []
    assert Notification.objects.count() == 0
    editor = get_user_model().objects.get(username="sakusei")  # 熊本市's 作成者, not the other body's 管理者
    client.force_login(editor)
    text = client.get(reverse("notifications")).content.decode()
    assert "一定期間経過による再実施の期限(令和8年3月31日)を" in text
    assert "は締結予定日(令和8年3月31日)を過ぎても「予定」のままです" in text
    assert "未送信" in text
    call_command("send_reminders", "--date", "2026-12-08")  # what `make run` users can try
    assert sorted(m.to[0] for m in mail.outbox) == [
        "kanri@demo.example.jp",
        "sakusei@demo.example.jp",
        "tenken@demo.example.jp",
    ]
    load_demo()  # idempotent: the addresses are kept, nothing is sent
    assert len(mail.outbox) == 3


def test_a_recorded_review_moves_the_review_reminder(monkeypatch, published):
    from pia.plan import PlanReview
    from workbench.procedure import register as plan_register

    monkeypatch.setattr(plan_register, "_review_sources", [lambda ids: {published.pk: [PlanReview(date(2025, 4, 1))]}])
    found = [r for r in providers.deadlines(date(2026, 3, 6)) if r.key.startswith("deadline.review")]
    assert [r.due for r in found] == [date(2026, 4, 1)]
    assert found[0].key.endswith(":30")


def test_mark_all_read_covers_mailed_and_current_items(client, published, people, freeze_clock):
    freeze_clock("2026-03-06T09:00:00+09:00")
    call_command("send_reminders", "--date", "2026-03-06")
    review_round = assign_reviewer(published.versions.get(number=1), people["reviewer"])
    Remark.objects.create(
        round=review_round, text="確認してください。", author=people["reviewer"]
    )  # a current item, not mailed
    client.force_login(people["author"])
    response = client.post(reverse("notification_read_all"))
    assert response.status_code == 302
    rows = Notification.objects.filter(user=people["author"])
    assert rows.count() == 3
    assert all(r.read_at is not None for r in rows)
    assert "未読" not in client.get(reverse("notifications")).content.decode().split("<main")[0]
    assert Notification.objects.filter(user=people["admin"], read_at__isnull=True).count() == 2  # not theirs


def test_a_missed_month_of_a_promised_check_is_in_the_owners_digest(published, people, freeze_clock):
    """The seed case's last steps: the 月に一度 現場確認 as a monthly control, a month without a
    check, and the reminder e-mail that names it (issue 16)."""
    from workbench.controls import actions as control_actions
    from workbench.controls.actions import ControlFields

    freeze_clock("2026-12-07T10:00:00+09:00")
    promise = "仕様書どおりの履行となっているか月に一度、現場確認を行う。"
    path = "III.file[#honnin].4.other[#card-center-risks].risks[#risk-1].measure"
    fields = ControlFields(path, promise, "現場確認(月1回)", people["author"], "monthly", date(2026, 9, 7))
    control = control_actions.create_control(published, fields, user=people["author"])
    control_actions.record_check(control, checked_on=date(2026, 10, 10), result="ok", user=people["author"])
    control_actions.record_check(
        control, checked_on=date(2026, 11, 9), result="ng", note="施錠なし", user=people["author"]
    )
    assert [r.kind for r in providers.controls(date(2026, 12, 7))] == ["control"]  # 11月 checked: not overdue yet
    call_command("send_reminders", "--date", "2027-01-05")  # December passed without a check
    message = next(m for m in mail.outbox if m.to == ["author@city.example.lg.jp"])
    assert "■ 約束した措置の確認" in message.body
    assert "「現場確認(月1回)」" in message.body
    assert "期限を過ぎています" in message.body
    assert "令和8年12月31日" in message.body
    assert "不適合" in message.body  # the 不適合 of 11月 has no later 適合 check
    mail.outbox.clear()
    call_command("send_reminders", "--date", "2027-01-05")
    assert mail.outbox == []  # sent once


def test_a_waiting_resubcontract_application_reminds_who_acts_next(assessment, people, freeze_clock):
    """受付 or in 審査: the 作成者 and 管理者 who examine it; every item recorded: the 承認者 and
    管理者 who decide; decided: nobody."""
    from workbench.contractors import actions as register
    from workbench.contractors import resubcontracts as workflow
    from workbench.contractors.actions import ContractFields, ContractorFields
    from workbench.contractors.models import CheckState, ContractLink

    freeze_clock("2026-04-15T10:00:00+09:00")
    register.import_from_assessment(assessment, user=people["author"])
    link = ContractLink.objects.get(element_path="II.file[#honnin].4.itaku[#card-center]")
    contractor = register.create_contractor(
        link.contract.organization, ContractorFields("株式会社センター運営", ""), user=people["author"]
    )
    fields = ContractFields(name=link.contract.name, contractor=contractor, starts_on=date(2026, 4, 1))
    contract = register.set_status(
        register.edit_contract(link.contract, fields, user=people["author"]),
        ContractStatus.SIGNED,
        user=people["author"],
    )
    link.refresh_from_db()
    application = workflow.Upload("application", "再委託申請書.pdf", b"%PDF-1.7\n%%EOF\n")
    resub = workflow.register_resubcontract(
        contract,
        workflow.ResubcontractFields(
            subcontractor_name="株式会社肥後コールセンター",
            subcontractor_number="",
            subcontractor_address="",
            work="予約受付",
            personal_data="氏名",
            received_on=date(2026, 4, 10),
            starts_on=None,
            ends_on=None,
            link=link,
        ),
        [application],
        user=people["author"],
    )
    (examine,) = providers.resubcontracts(date(2026, 4, 15))
    assert examine.key == f"resubcontract:{resub.pk}:examine"
    assert set(examine.user_ids) == {people["admin"].pk, people["author"].pk}
    assert "令和8年4月10日の受付から審査が終わっていません" in examine.title
    reviewing = workflow.start_review(resub, user=people["author"])
    for item in reviewing.checklist.all():
        workflow.check_item(item, CheckState.CONFIRMED, user=people["author"])
    (decide,) = providers.resubcontracts(date(2026, 4, 16))
    assert decide.key == f"resubcontract:{resub.pk}:decide"
    assert set(decide.user_ids) == {people["admin"].pk, people["approver"].pk}
    assert "許諾・不許諾の決定を待っています" in decide.title
    workflow.decide(reviewing, "approved", user=people["approver"])
    assert providers.resubcontracts(date(2026, 4, 17)) == []
