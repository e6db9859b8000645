"""What the comment form asks, set per 意見募集 (contact.py): 氏名 and 住所 required and 電話番号 and
メールアドレス optional by default, the reason shown above the form, anonymous comments refused
(a clear message) or accepted (recorded as 匿名); set when opening and until the period starts.
Every later step (confirmation, receipt mail, staff list, CSV/XLSX, purge) works with what is missing."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import openpyxl
import pytest
from conftest import open_for_comment
from django.urls import reverse

from workbench.audit.models import AuditEvent
from workbench.consultation import actions, contact
from workbench.consultation.models import DEFAULT_CONTACT_REASON, Ask, Comment, Consultation

pytestmark = pytest.mark.django_db

OPENS, CLOSES = date(2026, 12, 1), date(2026, 12, 30)
FULL = {
    "name": "熊本 花子",
    "address": "熊本市中央区手取本町1-1",
    "phone": "080-5555-6666",
    "email": "hanako@example.jp",
    "item": "",
    "body": "委託先の監督について説明を充実してください。",
    "website": "",
}


@pytest.fixture
def planned(assessment, people, freeze_clock):
    """Registered on 11月20日, open from 12月1日 (settings still editable)."""
    freeze_clock("2026-11-20T12:00:00+09:00")
    return open_for_comment(
        assessment.versions.get(), people, opens_on=OPENS, closes_on=CLOSES, contact="情報政策課", purpose="目的。"
    )


def _during(freeze_clock) -> None:
    freeze_clock("2026-12-10T09:00:00+09:00")


def _set(consultation: Consultation, **values) -> Consultation:
    Consultation.objects.filter(pk=consultation.pk).update(**values)
    consultation.refresh_from_db()
    return consultation


def _post(client, consultation, step: str, **data):
    return client.post(reverse("iken_detail", args=[consultation.pk]), {**data, "step": step})


def test_the_defaults_ask_name_and_address_and_leave_phone_and_email_optional(client, planned, freeze_clock):
    assert contact.settings_values(planned) == contact.DEFAULTS
    assert [(f.name, f.required) for f in contact.asked_fields(planned)] == [
        ("name", True),
        ("address", True),
        ("phone", False),
        ("email", False),
    ]
    _during(freeze_clock)
    html = client.get(reverse("iken_detail", args=[planned.pk])).content.decode()
    assert DEFAULT_CONTACT_REASON in html
    assert '電話番号<span class="req">(任意)</span>' in html
    assert '住所<span class="req">(必須)</span>' in html
    assert "氏名(団体の場合は団体名)の記入がない意見は受け付けられません。" in html
    response = _post(client, planned, "send", **{**FULL, "phone": "", "email": ""})
    stored = Comment.objects.get()
    assert (stored.phone, stored.email, stored.anonymous) == ("", "", False)
    assert f"受付番号:<strong>{stored.receipt}</strong>" in response.content.decode()


@pytest.mark.parametrize(
    ("setup", "left_out", "message"),
    [
        ({"ask_phone": Ask.REQUIRED}, "phone", "「電話番号」を入力してください。"),
        ({"ask_email": Ask.REQUIRED}, "email", "「メールアドレス」を入力してください。"),
        ({}, "address", "「住所」を入力してください。"),
        ({}, "name", "「氏名/団体名」を入力してください。この意見募集では、匿名の意見は受け付けていません。"),
    ],
)
def test_a_required_detail_left_out_is_refused_naming_the_field(
    client, planned, freeze_clock, setup, left_out, message
):
    _set(planned, **setup)
    _during(freeze_clock)
    response = _post(client, planned, "confirm", **{**FULL, left_out: ""})
    assert response.status_code == 422
    html = response.content.decode()
    assert message in html
    assert f'href="#id_{left_out}"' in html  # the error summary links to the field
    assert Comment.objects.count() == 0


def test_a_detail_not_asked_is_not_on_the_form_nor_stored(client, planned, freeze_clock):
    _set(planned, ask_phone=Ask.NOT_ASKED, ask_email=Ask.NOT_ASKED, contact_reason="確認のためです。")
    _during(freeze_clock)
    html = client.get(reverse("iken_detail", args=[planned.pk])).content.decode()
    assert 'name="phone"' not in html
    assert 'name="email"' not in html
    assert "確認のためです。" in html
    assert "氏名/団体名・住所は公表しません。" in html
    confirm = _post(client, planned, "confirm", **FULL).content.decode()
    assert FULL["phone"] not in confirm
    assert "<dt>電話番号</dt>" not in confirm
    _post(client, planned, "send", **FULL)
    assert (Comment.objects.get().phone, Comment.objects.get().email) == ("", "")


def test_anonymous_comments_where_accepted_are_recorded_as_such(client, planned, freeze_clock, people):
    _set(planned, anonymous=True)
    _during(freeze_clock)
    html = client.get(reverse("iken_detail", args=[planned.pk])).content.decode()
    assert "匿名でも意見を提出できます" in html
    assert '氏名/団体名<span class="req">(任意)</span>' in html
    anonymous = {**FULL, "name": "", "address": "", "phone": "", "email": ""}
    confirm = _post(client, planned, "confirm", **anonymous).content.decode()
    assert "<dt>氏名/団体名</dt><dd>(匿名で提出します)</dd>" in confirm
    assert "<dt>住所</dt><dd>(記入なし)</dd>" in confirm
    receipt = _post(client, planned, "send", **anonymous)
    comment = Comment.objects.get()
    assert comment.anonymous
    assert comment.name == ""
    assert comment.receipt in receipt.content.decode()
    client.force_login(people["author"])
    staff = client.get(reverse("consultation_staff", args=[planned.pk])).content.decode()
    assert re.search(rf"{comment.receipt}</a></td><td>匿名</td>", staff)
    detail = client.get(reverse("consultation_comment", args=[planned.pk, comment.pk])).content.decode()
    assert "<dt>氏名/団体名</dt><dd>匿名</dd>" in detail
    rows = list(csv.reader(io.StringIO(client.get(reverse("consultation_export", args=[planned.pk])).content.decode())))
    assert rows[1][-4:] == ["匿名", "", "", ""]
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("consultation_export_xlsx", args=[planned.pk])).content)
    )
    assert "匿名" in [cell.value for cell in next(workbook.active.iter_rows(min_row=2, max_row=2))]


def test_each_anonymous_comment_counts_as_one_submitter(client, planned, freeze_clock):
    from workbench.consultation.results import submitter_count

    _set(planned, anonymous=True)
    _during(freeze_clock)
    blank = {**FULL, "name": "", "address": "", "phone": "", "email": ""}
    for body in ("一つ目の意見", "二つ目の意見"):
        _post(client, planned, "send", **{**blank, "body": body})
    for body in ("三つ目の意見", "四つ目の意見"):  # one named person, twice
        _post(client, planned, "send", **{**FULL, "body": body})
    assert submitter_count(list(planned.comments.all())) == 3


def test_the_receipt_mail_goes_without_a_phone_number(client, planned, freeze_clock, settings, mailoutbox):
    settings.PIA_EMAIL_HOST = "relay.lgwan.example"
    _during(freeze_clock)
    response = _post(client, planned, "send", **{**FULL, "phone": ""})
    assert "確認メールを送信しました。" in response.content.decode()
    assert len(mailoutbox) == 1
    assert Comment.objects.get().receipt in mailoutbox[0].subject


def test_purge_and_the_publication_check_work_with_details_left_out(client, planned, freeze_clock, people, settings):
    _set(planned, anonymous=True)
    _during(freeze_clock)
    _post(client, planned, "send", **{**FULL, "name": "", "address": "", "phone": "", "email": ""})
    _post(client, planned, "send", **{**FULL, "phone": "", "body": "電話 096-111-2222 まで"})
    warnings = actions.personal_data_warnings(planned)
    assert [w.hits[0].label for w in warnings] == ["電話番号"]  # found in the text; blanks match nothing
    settings.PIA_COMMENT_RETENTION_DAYS = 1
    freeze_clock("2027-01-05T09:00:00+09:00")
    assert actions.purge_personal_data(planned, user=people["admin"]) == 2
    assert Comment.objects.filter(purged=True, address="", phone="", email="").count() == 2


# --- the settings: when opening, and until the period starts ----------------------------------

SETTINGS_POST = {
    "ask_name": "required",
    "ask_address": "optional",
    "ask_phone": "none",
    "ask_email": "optional",
    "anonymous": "0",
    "contact_reason": "内容を確認させていただく場合があるためです。",
}


def test_editors_change_the_settings_before_the_period_starts_audited(client, planned, people):
    client.force_login(people["author"])
    url = reverse("consultation_contact", args=[planned.pk])
    page = client.get(url).content.decode()
    assert 'name="ask_phone"' in page
    assert DEFAULT_CONTACT_REASON in page
    response = client.post(url, SETTINGS_POST)
    assert response.status_code == 302
    planned.refresh_from_db()
    assert (planned.ask_address, planned.ask_phone) == (Ask.OPTIONAL, Ask.NOT_ASKED)
    assert planned.contact_reason == SETTINGS_POST["contact_reason"]
    event = AuditEvent.objects.get(action="consultation.contact_settings")
    assert event.actor == people["author"]
    assert event.details["changed"] == ["ask_address", "ask_phone", "contact_reason"]
    assert event.details["before"]["ask_phone"] == "optional"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ask_name": "optional"}, "匿名の意見を受け付けない場合は、「氏名/団体名の入力」を「必須」にしてください"),
        ({"ask_phone": "maybe"}, "「電話番号の入力」は一覧から選んでください。"),
        ({"contact_reason": "あ" * 1001}, "「連絡先をお伺いする理由」は1000文字以内で入力してください。"),
    ],
)
def test_settings_that_cannot_be_are_refused_naming_the_setting(client, planned, people, changes, message):
    client.force_login(people["author"])
    response = client.post(reverse("consultation_contact", args=[planned.pk]), {**SETTINGS_POST, **changes})
    assert response.status_code == 422
    assert message in response.content.decode()
    planned.refresh_from_db()
    assert contact.settings_values(planned) == contact.DEFAULTS


def test_anonymous_accepted_lets_the_name_be_optional(client, planned, people):
    client.force_login(people["author"])
    post = {**SETTINGS_POST, "ask_name": "optional", "anonymous": "1"}
    assert client.post(reverse("consultation_contact", args=[planned.pk]), post).status_code == 302
    planned.refresh_from_db()
    assert planned.anonymous
    assert [f.required for f in contact.asked_fields(planned)] == [False, False, False]


def test_once_open_the_settings_are_shown_but_not_changed(client, planned, people, freeze_clock):
    _during(freeze_clock)
    client.force_login(people["author"])
    url = reverse("consultation_contact", args=[planned.pk])
    page = client.get(url).content.decode()
    assert "意見募集が始まっているため、設定は変更できません。" in page
    assert "<dt>電話番号の入力</dt><dd>任意</dd>" in page
    assert client.post(url, SETTINGS_POST).status_code == 403
    with pytest.raises(contact.ContactSettingsError, match="始まった後は"):
        contact.update_contact_settings(planned, **SETTINGS_POST, user=people["author"])
    planned.refresh_from_db()
    assert planned.ask_phone == Ask.OPTIONAL


@pytest.mark.parametrize("role", ["viewer", "approver"])
def test_only_editors_change_the_settings(client, planned, people, role):
    client.force_login(people[role])
    assert client.post(reverse("consultation_contact", args=[planned.pk]), SETTINGS_POST).status_code == 403


def test_a_colleague_s_save_meanwhile_is_not_overwritten(client, planned, people):
    client.force_login(people["author"])
    url = reverse("consultation_contact", args=[planned.pk])
    seen = re.search(r'name="seen" value="(\w+)"', client.get(url).content.decode())[1]
    contact.update_contact_settings(planned, **{**contact.DEFAULTS, "ask_phone": "required"}, user=people["admin"])
    response = client.post(url, {**SETTINGS_POST, "seen": seen})
    assert response.status_code == 409
    assert "保存の競合" in response.content.decode()
    planned.refresh_from_db()
    assert planned.ask_phone == Ask.REQUIRED


def test_the_settings_are_given_when_opening(client, assessment, people, freeze_clock):
    from workbench.assessments.models import Status
    from workbench.procedure.actions import transition

    freeze_clock("2026-11-20T12:00:00+09:00")
    transition(assessment.versions.get(), Status.INTERNAL_REVIEW, user=people["author"])
    client.force_login(people["approver"])
    url = reverse("consultation_open", args=[assessment.pk, 1])
    page = client.get(url).content.decode()
    assert 'name="ask_name"' in page
    assert DEFAULT_CONTACT_REASON in page
    data = {"opens_on": "2026-12-01", "closes_on": "2026-12-30", "contact": "窓口", "purpose": "目的。"}
    refused = client.post(url, {**data, **SETTINGS_POST, "ask_name": "none"})
    assert refused.status_code == 422
    assert "「氏名/団体名の入力」を「必須」にしてください" in refused.content.decode()
    assert client.post(url, {**data, **SETTINGS_POST, "anonymous": "1"}).status_code == 302
    stored = Consultation.objects.get()
    assert (stored.ask_address, stored.ask_phone, stored.anonymous) == (Ask.OPTIONAL, Ask.NOT_ASKED, True)


def test_staff_enter_a_letter_without_a_phone_number(client, planned, people, freeze_clock):
    _set(planned, ask_phone=Ask.NOT_ASKED)
    _during(freeze_clock)
    client.force_login(people["author"])
    url = reverse("consultation_paper", args=[planned.pk])
    assert 'name="phone"' in client.get(url).content.decode()  # a letter may give it all the same
    post = {**FULL, "phone": "", "channel": "mail", "received_on": "2026-12-09"}
    assert client.post(url, post).status_code == 302
    assert Comment.objects.get().phone == ""
    missing_name = client.post(url, {**post, "name": ""})
    assert "この意見募集では、匿名の意見は受け付けていません。" in missing_name.content.decode()


def test_a_new_consultation_starts_from_the_previous_one_s_settings(planned):
    from workbench.consultation.forms import ContactSettingsForm

    assert ContactSettingsForm.initial_values() == {**contact.DEFAULTS, "anonymous": "0"}
    _set(planned, anonymous=True, ask_phone=Ask.NOT_ASKED, contact_reason="前回の理由")
    initial = ContactSettingsForm.initial_values(planned)
    assert (initial["anonymous"], initial["ask_phone"], initial["contact_reason"]) == ("1", "none", "前回の理由")
