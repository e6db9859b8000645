"""意見募集 (パブリックコメント): period in JST, the public form (入力 → 確認 → 受付), receipts
committed before they are shown, masking in every public output, and role checks."""

from __future__ import annotations

import re
from datetime import date

import pytest
from conftest import open_for_comment
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse

from pia.rules.comment_period import default_comment_period, min_comment_days
from workbench.assessments.models import Status
from workbench.audit.models import AuditEvent
from workbench.consultation import actions, ratelimit
from workbench.consultation.models import Comment, RateCounter
from workbench.procedure import consultations as procedure_consultations
from workbench.procedure.actions import transition

pytestmark = pytest.mark.django_db

OPENS, CLOSES = date(2026, 12, 1), date(2026, 12, 30)  # 30 days, both ends included
PURPOSE = "住民基本台帳に関する事務の特定個人情報保護評価の再実施につき、広く市民の皆様の意見を求めます。"
GOOD = {
    "name": "熊本 花子",
    "address": "熊本市中央区手取本町1-1",
    "phone": "080-5555-6666",
    "email": "hanako@example.jp",
    "item": "I",
    "body": "委託先の監督について、090-1111-2222 の件も含めて説明を充実してください。",
    "website": "",
}


@pytest.fixture
def consultation(assessment, people, freeze_clock):
    freeze_clock("2026-11-20T12:00:00+09:00")
    version = assessment.versions.get()
    return open_for_comment(
        version,
        people,
        opens_on=OPENS,
        closes_on=CLOSES,
        contact="熊本市 情報政策課 096-328-2111",
        purpose=PURPOSE,
    )


def send(client, consultation, **changes):
    data = {**GOOD, **changes, "step": "send"}
    return client.post(reverse("iken_detail", args=[consultation.pk]), data)


# --- period -------------------------------------------------------------------------------


def test_default_period_follows_the_rules_data(consultation):
    assert min_comment_days(OPENS) == 30
    assert consultation.days == 30
    assert default_comment_period(date(2026, 11, 2)) == (date(2026, 11, 2), date(2026, 12, 1))
    # 30 days from 12月1日 would end on 12月30日, in the 年末年始: the default runs to the next business day
    assert default_comment_period(OPENS) == (OPENS, date(2027, 1, 4))


def test_a_shorter_period_needs_a_reason(assessment, people, freeze_clock):
    freeze_clock("2026-11-20T12:00:00+09:00")
    version = assessment.versions.get()
    kwargs = {"opens_on": OPENS, "closes_on": date(2026, 12, 29), "contact": "窓口", "purpose": PURPOSE}
    with pytest.raises(actions.ConsultationError, match="原則30日以上"):
        open_for_comment(version, people, **kwargs)
    short = open_for_comment(version, people, short_reason="法改正の施行日が迫るため", **kwargs)
    assert short.days == 29
    assert short.short_reason == "法改正の施行日が迫るため"


def test_open_page_refuses_a_short_period_without_reason(client, assessment, people, freeze_clock):
    freeze_clock("2026-11-20T12:00:00+09:00")
    transition(assessment.versions.get(), Status.INTERNAL_REVIEW, user=people["author"])
    client.force_login(people["approver"])
    url = reverse("consultation_open", args=[assessment.pk, 1])
    data = {"opens_on": "2026-12-01", "closes_on": "2026-12-10", "contact": "窓口", "purpose": PURPOSE}
    response = client.post(url, data)
    assert response.status_code == 422
    assert "特段の理由" in response.content.decode()
    response = client.post(url, {**data, "short_reason": "緊急"})
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("moment", "is_open"),
    [
        ("2026-12-01T00:00:00+09:00", True),  # first day, JST midnight (still 30 Nov in UTC)
        ("2026-11-30T15:00:00+00:00", True),  # the same instant written in UTC
        ("2026-12-30T23:59:59+09:00", True),  # last day
        ("2026-12-31T00:00:00+09:00", False),  # the day after (still 30 Dec in UTC)
    ],
)
def test_period_boundaries_in_jst(client, consultation, freeze_clock, moment, is_open):
    freeze_clock(moment)
    html = client.get(reverse("iken_detail", args=[consultation.pk])).content.decode()
    assert ('name="body"' in html) is is_open
    response = send(client, consultation)
    assert response.status_code == (200 if is_open else 403)
    assert Comment.objects.count() == (1 if is_open else 0)
    if not is_open:
        assert "受付期間外" in response.content.decode()


def test_not_yet_started_is_not_public(client, consultation, freeze_clock):
    freeze_clock("2026-11-30T23:59:59+09:00")
    assert client.get(reverse("iken_detail", args=[consultation.pk])).status_code == 404
    assert consultation.title not in client.get(reverse("iken_list")).content.decode()


def test_period_is_shown_in_wareki(client, consultation, freeze_clock):
    freeze_clock("2026-12-05T10:00:00+09:00")
    html = client.get(reverse("iken_detail", args=[consultation.pk])).content.decode()
    assert "令和8年12月1日から令和8年12月30日まで(日本時間)" in html
    listing = client.get(reverse("iken_list")).content.decode()
    assert "募集中の案件" in listing
    assert consultation.title in listing


# --- the public form --------------------------------------------------------------------


@pytest.fixture
def during(consultation, freeze_clock):
    freeze_clock("2026-12-10T09:00:00+09:00")
    return consultation


def test_public_pages_are_japanese_accessible_and_script_free(client, during):
    for url in (reverse("iken_list"), reverse("iken_detail", args=[during.pk])):
        html = client.get(url).content.decode()
        assert '<html lang="ja">' in html
        assert "<script" not in html
        assert "<h1>" in html
    html = client.get(reverse("iken_detail", args=[during.pk])).content.decode()
    for name in ("name", "address", "phone", "email", "item", "body"):
        assert f'for="id_{name}"' in html
    assert "全般" in html
    assert "Ⅰ 基本情報" in html


def test_validation_errors_name_the_field(client, during):
    response = client.post(reverse("iken_detail", args=[during.pk]), {"step": "confirm", "item": "", "email": "x@"})
    html = response.content.decode()
    assert response.status_code == 422
    assert "入力内容に誤りがあります" in html
    assert 'role="alert"' in html
    for message in (
        "「氏名/団体名」を入力してください。",
        "「住所」を入力してください。",
        "「意見」を入力してください。",
    ):
        assert message in html
    assert "「メールアドレス」の形式が正しくありません" in html
    bad = client.post(reverse("iken_detail", args=[during.pk]), {**GOOD, "phone": "でんわ", "item": "nope"})
    text = bad.content.decode()
    assert "「電話番号」は数字とハイフンで入力してください" in text
    assert "「該当箇所」は一覧から選んでください" in text
    assert Comment.objects.count() == 0


def test_confirm_then_send_gives_a_receipt_after_commit(client, during):
    confirm = client.post(reverse("iken_detail", args=[during.pk]), {**GOOD, "step": "confirm"})
    html = confirm.content.decode()
    assert "入力内容の確認" in html
    assert "まだ送信されていません" in html
    assert "Ⅰ 基本情報" in html
    assert Comment.objects.count() == 0
    first = send(client, during).content.decode()
    second = send(client, during, name="別の人").content.decode()
    stored, other = Comment.objects.order_by("pk")
    assert re.fullmatch(r"2026-\d{4,}", stored.receipt)
    assert stored.receipt != other.receipt
    assert f"受付番号:<strong>{stored.receipt}</strong>" in first
    assert other.receipt in second
    assert stored.name == GOOD["name"]
    assert stored.item == "I"
    event = AuditEvent.objects.get(action="consultation.comment", object_id=str(stored.pk))
    assert GOOD["name"] not in str(event.details)
    assert event.actor is None


def _confirmed(client, consultation, **changes) -> dict[str, str]:
    """The hidden fields of the confirmation page, as the 送信する button posts them."""
    html = client.post(reverse("iken_detail", args=[consultation.pk]), {**GOOD, **changes, "step": "confirm"})
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html.content.decode()))
    hidden.pop("csrfmiddlewaretoken", None)
    return {**hidden, "step": "send"}


def test_sending_the_same_confirmation_page_twice_stores_one_comment(client, during, mailoutbox):
    """A double click, a reload or a retry after a lost connection must not file the 意見 twice."""
    page = _confirmed(client, during)
    assert re.fullmatch(r"[0-9a-f-]{36}", page["submission"])
    url = reverse("iken_detail", args=[during.pk])
    first, again = client.post(url, page).content.decode(), client.post(url, page).content.decode()
    stored = Comment.objects.get()
    assert f"受付番号:<strong>{stored.receipt}</strong>" in first
    assert stored.receipt in again
    assert "すでに受け付けています" in again
    assert "すでに受け付けています" not in first
    assert AuditEvent.objects.filter(action="consultation.comment").count() == 1
    other = client.post(url, _confirmed(client, during)).content.decode()  # a new confirmation page
    assert Comment.objects.count() == 2
    assert "すでに" not in other


def test_a_changed_submission_id_is_refused_with_a_message(client, during):
    page = {**_confirmed(client, during), "submission": "not-a-uuid"}
    response = client.post(reverse("iken_detail", args=[during.pk]), page)
    assert response.status_code == 422
    assert "送信の情報が正しくありません" in response.content.decode()
    assert Comment.objects.count() == 0


def test_editing_keeps_the_submission_id(client, during):
    page = _confirmed(client, during)
    html = client.post(reverse("iken_detail", args=[during.pk]), {**page, "step": "edit"}).content.decode()
    assert f'name="submission" value="{page["submission"]}"' in html


def test_edit_step_returns_to_the_form_with_the_input(client, during):
    html = client.post(reverse("iken_detail", args=[during.pk]), {**GOOD, "step": "edit"}).content.decode()
    assert 'value="熊本 花子"' in html
    assert Comment.objects.count() == 0


def test_a_failing_save_shows_an_error_and_stores_nothing(client, during, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(actions, "record", broken)  # fails after the comment row was written
    response = send(client, during)
    html = response.content.decode()
    assert response.status_code == 503
    assert "受け付けられていません" in html
    assert "受付番号" not in html
    assert Comment.objects.count() == 0


def test_honeypot_refuses_and_stores_nothing(client, during):
    response = send(client, during, website="http://spam.example")
    assert response.status_code == 400
    assert Comment.objects.count() == 0


def test_rate_limit_per_client(client, during, settings):
    settings.PIA_COMMENT_RATE_PER_MINUTE = 2
    assert send(client, during).status_code == 200
    assert send(client, during).status_code == 200
    response = send(client, during)
    assert response.status_code == 429
    assert "1分ほど待って" in response.content.decode()
    assert Comment.objects.count() == 2
    other = Client(REMOTE_ADDR="192.0.2.9")
    assert send(other, during).status_code == 200


def test_rate_limit_is_one_counter_in_the_database(db):
    """Every server process counts in the same row, so the limit holds across gunicorn workers."""
    minute = 29_000_000 * 60.0
    assert [ratelimit.hit("198.51.100.1", minute + s) for s in (0, 10, 59)] == [1, 2, 3]
    assert ratelimit.hit("198.51.100.2", minute) == 1
    assert ratelimit.hit("198.51.100.1", minute + 60) == 1  # a new minute starts again
    later = minute + 5 * 60
    assert ratelimit.hit("198.51.100.1", later) == 1
    assert set(RateCounter.objects.values_list("minute", flat=True)) == {int(later // 60)}  # old windows dropped


def test_rate_limit_from_the_environment(db, monkeypatch):
    monkeypatch.setenv("PIA_COMMENT_RATE_PER_MINUTE", "1")
    assert not ratelimit.limited("198.51.100.3", 60.0)
    assert ratelimit.limited("198.51.100.3", 61.0)
    monkeypatch.delenv("PIA_COMMENT_RATE_PER_MINUTE", raising=False)
    assert ratelimit.limit_per_minute() == ratelimit.DEFAULT_PER_MINUTE


def test_csrf_is_enforced(during):
    strict = Client(enforce_csrf_checks=True)
    assert send(strict, during).status_code == 403
    assert Comment.objects.count() == 0


# --- staff side, masking and results ----------------------------------------------------


@pytest.fixture
def answered(client, during, people, freeze_clock):
    send(client, during)
    send(client, during, item="", body="全般について、担当の山田一郎さんの説明は分かりやすかった。")
    first, second = Comment.objects.order_by("receipt")
    client.force_login(people["author"])
    url = reverse("consultation_comment", args=[during.pk, first.pk])
    response = client.post(
        url, {"tag": "IV", "answer": "監督の方法を追記しました。", "draft_changed": "on", "masks": "090-1111-2222"}
    )
    assert response.status_code == 302
    actions.update_comment(
        second,
        tag="",
        answer="ご意見ありがとうございます。",
        draft_changed=False,
        masks=["山田一郎"],
        user=people["author"],
    )
    client.logout()
    freeze_clock("2026-12-31T09:00:00+09:00")
    actions.publish_results(during, user=people["author"])
    return during


SECRETS = (GOOD["name"], GOOD["address"], GOOD["phone"], GOOD["email"], "090-1111-2222", "山田一郎")


def test_results_are_grouped_by_item_masked_and_anonymous(client, answered):
    html = client.get(reverse("iken_results", args=[answered.pk])).content.decode()
    assert "意見の概要と市の考え方" in html
    assert "<script" not in html
    assert html.index("全般") < html.index("Ⅳ その他のリスク対策")  # grouped by the staff's tag, form order
    assert "＊＊＊ の件も含めて" in html
    assert "担当の＊＊＊さん" in html
    assert "監督の方法を追記しました。" in html
    for secret in SECRETS:
        assert secret not in html
    listing = client.get(reverse("iken_list")).content.decode()
    assert "募集を終了した案件" in listing
    assert reverse("iken_results", args=[answered.pk]) in listing
    for secret in SECRETS:
        assert secret not in listing
        assert secret not in client.get(reverse("iken_detail", args=[answered.pk])).content.decode()


def test_results_are_not_public_before_publication(client, during, people):
    assert client.get(reverse("iken_results", args=[during.pk])).status_code == 404


def test_cannot_publish_during_the_period(during, people):
    with pytest.raises(actions.ConsultationError):
        actions.publish_results(during, user=people["author"])


def test_mask_must_be_a_phrase_of_the_comment(client, during, people):
    send(client, during)
    comment = Comment.objects.get()
    client.force_login(people["author"])
    url = reverse("consultation_comment", args=[during.pk, comment.pk])
    response = client.post(url, {"tag": "", "answer": "", "masks": "本文にない語句"})
    assert response.status_code == 422
    assert "本文にありません" in response.content.decode()


def test_personal_data_only_for_admin_author_approver(client, answered, people, reviewing):
    comment = Comment.objects.order_by("receipt").first()
    for role, sees in (("admin", True), ("author", True), ("approver", True), ("viewer", False), ("reviewer", False)):
        client.force_login(people[role])
        pages = [
            client.get(reverse("consultation_staff", args=[answered.pk])).content.decode(),
            client.get(reverse("consultation_comment", args=[answered.pk, comment.pk])).content.decode(),
            client.get(reverse("consultation_export", args=[answered.pk])).content.decode(),
        ]
        for page in pages:
            assert (GOOD["name"] in page) is sees, role
        assert "090-1111-2222" not in pages[2]  # the CSV carries the masked text only
        assert "＊＊＊" in pages[2]


def test_csv_export_has_the_answers(client, answered, people):
    client.force_login(people["author"])
    response = client.get(reverse("consultation_export", args=[answered.pk]))
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert text.splitlines()[0].startswith(
        "受付番号,受付日時,該当箇所,意見(伏字後),市の考え方,案の修正,提出方法,氏名/団体名"
    )
    receipt = answered.comments.order_by("pk").first().receipt
    assert receipt in text
    assert "監督の方法を追記しました。" in text
    assert ",有," in text


def test_viewers_cannot_answer(client, during, people):
    send(client, during)
    comment = Comment.objects.get()
    client.force_login(people["viewer"])
    url = reverse("consultation_comment", args=[during.pk, comment.pk])
    client.post(url, {"tag": "I", "answer": "勝手な回答", "masks": ""})
    comment.refresh_from_db()
    assert comment.answer == ""
    client.force_login(people["viewer"])
    assert client.post(reverse("consultation_publish", args=[during.pk])).status_code == 403


def test_other_organisation_and_anonymous_get_nothing(client, answered, outsider):
    comment = Comment.objects.first()
    urls = [
        reverse("consultation_staff", args=[answered.pk]),
        reverse("consultation_comment", args=[answered.pk, comment.pk]),
        reverse("consultation_export", args=[answered.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 302  # to the login page
    client.force_login(outsider)
    for url in urls:
        assert client.get(url).status_code == 404
    assert client.post(reverse("consultation_purge", args=[answered.pk])).status_code == 404
    assert answered.title not in client.get(reverse("consultation_list")).content.decode()


@pytest.mark.parametrize("role", ["author", "viewer"])
def test_only_managers_open_consultations(client, assessment, people, freeze_clock, role):
    """Opening a 意見募集 is the step 意見聴取を開始する: 管理者 and 承認者 only, as on the 評価書 page."""
    freeze_clock("2026-11-20T12:00:00+09:00")
    client.force_login(people[role])
    url = reverse("consultation_open", args=[assessment.pk, 1])
    page = client.get(url).content.decode()
    assert "意見募集を始める権限がありません(実施できる役割:管理者、承認者)。" in page
    client.post(url, {"opens_on": "2026-12-01", "closes_on": "2026-12-30", "contact": "窓口", "purpose": PURPOSE})
    assert not assessment.versions.get().consultations.exists()
    with pytest.raises(Exception, match="権限がありません"):
        procedure_consultations.open_consultation(
            assessment.versions.get(), opens_on=OPENS, closes_on=CLOSES, contact="x", purpose="y", user=people[role]
        )


def test_purge_after_retention_is_audited(client, answered, people, freeze_clock, settings):
    settings.PIA_COMMENT_RETENTION_DAYS = 30
    client.force_login(people["admin"])
    client.post(reverse("consultation_purge", args=[answered.pk]))
    assert Comment.objects.filter(name=GOOD["name"]).exists()  # too early
    with pytest.raises(Exception, match="権限がありません"):
        actions.purge_personal_data(answered, user=people["author"])
    freeze_clock("2027-01-30T09:00:00+09:00")  # closes 12/30 + 30 days retention → from 1/30
    response = client.post(reverse("consultation_purge", args=[answered.pk]))
    assert response.status_code == 302
    assert not Comment.objects.filter(name=GOOD["name"]).exists()
    assert Comment.objects.filter(purged=True, address="", phone="", email="").count() == 2
    event = AuditEvent.objects.get(action="consultation.purge")
    assert event.details == {"comments": 2}
    assert event.actor == people["admin"]
    assert "＊＊＊" in client.get(reverse("iken_results", args=[answered.pk])).content.decode()


def test_staff_list_links_to_open_a_consultation(client, assessment, people):
    transition(assessment.versions.get(), Status.INTERNAL_REVIEW, user=people["author"])
    client.force_login(people["approver"])
    html = client.get(reverse("consultation_list")).content.decode()
    assert reverse("consultation_open", args=[assessment.pk, 1]) in html
    form = client.get(reverse("consultation_open", args=[assessment.pk, 1])).content.decode()
    assert "原則30日以上" in form


def test_login_page_links_to_the_public_list(client):
    html = client.get(reverse("login")).content.decode()
    assert reverse("iken_list") in html
    assert "意見募集" in html
    assert reverse("publication_index") in html


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "client"),
    [
        ([], "203.0.113.7", "198.51.100.1", "203.0.113.7"),  # no proxy configured: the header is ignored
        (["10.0.0.5"], "10.0.0.5", "198.51.100.1", "198.51.100.1"),
        (["10.0.0.0/24"], "10.0.0.9", "198.51.100.66, 198.51.100.1, 10.0.0.8", "198.51.100.1"),  # rightmost untrusted
        (["10.0.0.5"], "203.0.113.7", "198.51.100.1", "203.0.113.7"),  # not from the proxy: a forged header
        (["10.0.0.5"], "10.0.0.5", "", "10.0.0.5"),
    ],
)
def test_the_rate_limit_sees_the_citizen_behind_a_trusted_proxy(settings, rf, proxies, remote, forwarded, client):
    settings.PIA_TRUSTED_PROXIES = proxies
    request = rf.post("/iken/1/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert ratelimit.client_address(request) == client


def test_a_wrong_proxy_setting_stops_the_start_with_a_japanese_message(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "PIA_TRUSTED_PROXIES": "10.0.0.5,proxy.example", "PIA_VAR_DIR": str(tmp_path)}
    code = "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='workbench.settings'; django.setup()"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "PIA_TRUSTED_PROXIES の「proxy.example」" in result.stderr


@pytest.mark.parametrize(
    ("name", "body_type", "label"),
    [
        ("熊本市", "local", "市の考え方"),
        ("熊本県", "local", "県の考え方"),
        ("東京都", "local", "都の考え方"),
        ("北海道", "local", "道の考え方"),
        ("美里町", "local", "町の考え方"),
        ("熊本県後期高齢者医療広域連合", "local", "考え方"),
        ("デジタル庁", "national", "考え方"),
    ],
)
def test_the_answers_are_headed_in_the_body_s_own_words(name, body_type, label):
    from workbench.organizations.models import Organization

    organization = Organization(name=name, body_type=body_type)
    assert organization.answer_label == label
    assert organization.results_title == f"意見の概要と{label}"


def test_a_prefecture_s_results_say_ken(client, answered, people, freeze_clock):
    organization = answered.organization
    organization.name = "熊本県"
    organization.save()
    freeze_clock("2027-01-05T09:00:00+09:00")
    actions.publish_results(answered, user=people["admin"])
    html = client.get(reverse("iken_results", args=[answered.pk])).content.decode()
    assert "<h1>意見の概要と県の考え方</h1>" in html
    assert "市の考え方" not in html


# --- comments received on paper -----------------------------------------------------------

PAPER = {**{k: v for k, v in GOOD.items() if k != "email"}, "channel": "mail", "received_on": "2026-12-30"}


def test_staff_register_a_posted_comment_with_its_postmark(client, consultation, people, freeze_clock):
    freeze_clock("2027-01-06T10:00:00+09:00")  # the letter arrives after the last day, postmarked on it
    client.force_login(people["author"])
    url = reverse("consultation_paper", args=[consultation.pk])
    response = client.post(url, PAPER)
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.channel, comment.received_on, comment.entered_by) == ("mail", date(2026, 12, 30), people["author"])
    assert re.fullmatch(r"2027-\d{4,}", comment.receipt)
    event = AuditEvent.objects.get(action="consultation.comment")
    assert event.actor == people["author"]
    assert event.details["channel"] == "mail"
    staff = client.get(reverse("consultation_staff", args=[consultation.pk])).content.decode()
    assert "郵送、令和8年12月30日" in staff
    csv_text = client.get(reverse("consultation_export", args=[consultation.pk])).content.decode("utf-8-sig")
    assert "2026-12-30" in csv_text
    assert ",郵送," in csv_text


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"received_on": "2026-12-31"}, "「受付日」(令和8年12月31日)が意見募集の期間"),
        ({"received_on": "2026-11-30"}, "の外です"),
        ({"channel": "web"}, "「提出方法」は一覧から選んでください"),
        ({"body": ""}, "「意見」を入力してください"),
        ({"received_on": ""}, "「受付日」を入力してください"),
    ],
)
def test_a_paper_comment_with_bad_input_is_refused_with_a_message(client, consultation, people, changes, message):
    client.force_login(people["author"])
    response = client.post(reverse("consultation_paper", args=[consultation.pk]), {**PAPER, **changes})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert Comment.objects.count() == 0


@pytest.mark.parametrize("role", ["viewer", "reviewer"])
def test_only_staff_who_see_personal_data_register_paper_comments(client, consultation, people, role, reviewing):
    client.force_login(people[role])
    assert client.post(reverse("consultation_paper", args=[consultation.pk]), PAPER).status_code == 403
    assert Comment.objects.count() == 0


def test_no_paper_comment_after_the_results_are_published(client, consultation, people, freeze_clock):
    freeze_clock("2027-01-06T10:00:00+09:00")
    actions.publish_results(consultation, user=people["admin"])
    client.force_login(people["author"])
    response = client.post(reverse("consultation_paper", args=[consultation.pk]), PAPER)
    assert response.status_code == 422
    assert "結果を公表した後は" in response.content.decode()


# --- extending the period -------------------------------------------------------------------


def test_the_period_can_be_extended_with_a_reason_shown_to_the_public(client, during, people):
    client.force_login(people["author"])
    url = reverse("consultation_extend", args=[during.pk])
    response = client.post(url, {"closes_on": "2027-01-12", "reason": "年末年始を挟むため"})
    assert response.status_code == 302
    during.refresh_from_db()
    assert (during.closes_on, during.extended_from) == (date(2027, 1, 12), CLOSES)
    event = AuditEvent.objects.get(action="consultation.extend")
    assert event.details == {"from": "2026-12-30", "to": "2027-01-12", "reason": "年末年始を挟むため"}
    page = client.get(reverse("iken_detail", args=[during.pk])).content.decode()
    assert "令和9年1月12日まで" in page
    assert "当初の終了日:令和8年12月30日" in page
    assert "年末年始を挟むため" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"closes_on": "2026-12-30", "reason": "x"}, "今の終了日(令和8年12月30日)より後の日"),
        ({"closes_on": "2027-01-12", "reason": ""}, "「延長の理由」を入力してください"),
        ({"closes_on": "", "reason": "x"}, "「新しい終了日」を入力してください"),
    ],
)
def test_a_bad_extension_changes_nothing_and_says_why(client, during, people, data, message):
    client.force_login(people["author"])
    response = client.post(reverse("consultation_extend", args=[during.pk]), data, follow=True)
    assert message in response.content.decode()
    during.refresh_from_db()
    assert during.closes_on == CLOSES
    assert during.extended_from is None


def test_an_ended_period_is_not_extended(consultation, people, freeze_clock):
    from django.core.exceptions import PermissionDenied

    freeze_clock("2027-01-06T10:00:00+09:00")
    with pytest.raises(actions.ConsultationError, match="終了した意見募集"):
        actions.extend_period(consultation, closes_on=date(2027, 1, 20), reason="x", user=people["author"])
    with pytest.raises(PermissionDenied):
        actions.extend_period(consultation, closes_on=date(2027, 1, 20), reason="x", user=people["viewer"])
