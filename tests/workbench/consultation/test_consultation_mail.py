"""The receipt mail of a public comment: sent after the commit when mail is configured and the
submitter gave an address; a failure is logged (受付番号 only) and never costs the receipt."""

from __future__ import annotations

import logging
import os
import re
import smtplib
import subprocess
import sys
from datetime import date

import pytest
from conftest import open_for_comment
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse

from workbench.audit.models import AuditEvent
from workbench.consultation.models import Comment

pytestmark = pytest.mark.django_db

GOOD = {
    "name": "熊本 花子",
    "address": "熊本市中央区手取本町1-1",
    "phone": "080-5555-6666",
    "email": "hanako@example.jp",
    "item": "I",
    "body": "委託先の監督について説明を充実してください。\n二段落目です。",
    "website": "",
}
SENT = "確認メールを送信しました。"
FAILED = "確認メールを送信できませんでした。受付番号を控えてください。"


class FailingBackend(BaseEmailBackend):
    """An SMTP relay that refuses (or times out): every send raises."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("relay.lgwan.example timed out")


@pytest.fixture
def during(assessment, people, freeze_clock):
    freeze_clock("2026-11-20T12:00:00+09:00")
    consultation = open_for_comment(
        assessment.versions.get(),
        people,
        opens_on=date(2026, 12, 1),
        closes_on=date(2026, 12, 30),
        contact="熊本市 政策局 情報政策課\n電話 096-328-2111",
        purpose="意見を求めます。",
        title="住基 全項目評価書(案)",
    )
    freeze_clock("2026-12-10T09:00:00+09:00")
    return consultation


@pytest.fixture
def configured(settings):
    settings.PIA_EMAIL_HOST = "relay.lgwan.example"
    settings.PIA_EMAIL_FROM = "iken@city.example.lg.jp"
    settings.DEFAULT_FROM_EMAIL = "iken@city.example.lg.jp"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings


def send(client, consultation, **changes):
    return client.post(reverse("iken_detail", args=[consultation.pk]), {**GOOD, **changes, "step": "send"})


def test_receipt_mail_is_sent_after_the_commit(client, during, configured):
    response = send(client, during)
    comment = Comment.objects.get()
    html = response.content.decode()
    assert response.status_code == 200
    assert comment.receipt in html
    assert SENT in html
    assert FAILED not in html
    (message,) = mail.outbox
    assert message.subject == f"【受付番号 {comment.receipt}】意見を受け付けました(住基 全項目評価書(案))"
    assert message.to == ["hanako@example.jp"]
    assert message.from_email == "iken@city.example.lg.jp"
    text = message.body
    assert "案件名:住基 全項目評価書(案)" in text
    assert f"受付番号:{comment.receipt}" in text
    assert re.search(
        r"受付日時:令和\d+年\d+月\d+日 \d\d時\d\d分\(日本時間\)/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+09:00", text
    )
    assert "該当箇所:Ⅰ 基本情報" in text
    assert GOOD["body"] in text
    assert "熊本市 政策局 情報政策課\n電話 096-328-2111" in text
    assert "自動で送信しています" in text
    event = AuditEvent.objects.get(action="consultation.receipt_mail")
    assert event.details["sent"] is True
    assert event.details["receipt"] == comment.receipt
    assert "hanako" not in str(event.details)
    assert GOOD["name"] not in str(event.details)


def test_a_failing_relay_keeps_the_receipt_and_says_so(client, during, configured, caplog):
    configured.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    with caplog.at_level(logging.WARNING, logger="workbench.consultation.mail"):
        response = send(client, during)
    comment = Comment.objects.get()  # committed before the mail was tried
    html = response.content.decode()
    assert response.status_code == 200
    assert comment.receipt in html
    assert FAILED in html
    assert SENT not in html
    assert mail.outbox == []
    (line,) = [r.getMessage() for r in caplog.records if r.name == "workbench.consultation.mail"]
    assert comment.receipt in line
    assert "SMTPServerDisconnected" in line
    for secret in (GOOD["email"], GOOD["name"], "lgwan"):
        assert secret not in line
    event = AuditEvent.objects.get(action="consultation.receipt_mail")
    assert event.details["sent"] is False
    assert "hanako" not in str(event.details)


def test_no_mail_without_an_address(client, during, configured):
    html = send(client, during, email="").content.decode()
    assert Comment.objects.count() == 1
    assert mail.outbox == []
    assert SENT not in html
    assert FAILED not in html
    assert "受付番号" in html
    assert not AuditEvent.objects.filter(action="consultation.receipt_mail").exists()


def test_no_mail_when_mail_is_not_configured(client, during, settings):
    settings.PIA_EMAIL_HOST = ""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    html = send(client, during).content.decode()
    assert Comment.objects.count() == 1
    assert mail.outbox == []
    assert SENT not in html
    assert FAILED not in html
    assert not AuditEvent.objects.filter(action="consultation.receipt_mail").exists()


def _settings_in_a_subprocess(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    code = (
        "from django.conf import settings as s; "
        "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS, s.EMAIL_TIMEOUT, s.DEFAULT_FROM_EMAIL)"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith("PIA_EMAIL_")}
    base["DJANGO_SETTINGS_MODULE"] = "workbench.settings"
    return subprocess.run([sys.executable, "-c", code], env={**base, **env}, capture_output=True, text=True)


def test_mail_settings_from_the_environment():
    unset = _settings_in_a_subprocess({})
    assert unset.returncode == 0
    assert "dummy.EmailBackend" in unset.stdout
    relay = _settings_in_a_subprocess(
        {
            "PIA_EMAIL_HOST": "relay.lgwan.example",
            "PIA_EMAIL_PORT": "587",
            "PIA_EMAIL_TLS": "1",
            "PIA_EMAIL_FROM": "a@b.jp",
        }
    )
    assert relay.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "relay.lgwan.example",
        "587",
        "True",
        "10",
        "a@b.jp",
    ]
    missing_from = _settings_in_a_subprocess({"PIA_EMAIL_HOST": "relay.lgwan.example"})
    assert missing_from.returncode != 0
    assert "PIA_EMAIL_FROM" in missing_from.stderr
