"""One-time links to set a password: the invitation of a new account and the reset a 管理者 sends.

Django's ``PasswordResetTokenGenerator`` makes and checks the token (it is bound to the password
hash and the last login, so a link works once: setting the password or logging in spends it). Its
time comes from the workbench's clock (tests freeze it) and its lifetime is
``PASSWORD_RESET_TIMEOUT`` (``PIA_PASSWORD_LINK_HOURS``). The mail goes through Django's e-mail
framework, in Japanese, to the address of the account only: the link is never shown on a page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from workbench import clock
from workbench.dates import wareki

DUMMY_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
SITE = "特定個人情報保護評価ワークベンチ"


class ClockTokenGenerator(PasswordResetTokenGenerator):
    """Django's generator on the workbench's clock (naive UTC, as Django compares it)."""

    def _now(self) -> datetime:
        return clock.now().replace(tzinfo=None)


token_generator = ClockTokenGenerator()


class MailNotConfigured(RuntimeError):
    """No mail can be sent (``PIA_EMAIL_HOST`` is not set)."""


@dataclass(frozen=True)
class Purpose:
    subject: str
    opening: str
    closing: str


INVITE = Purpose(
    subject=f"【{SITE}】利用者登録のご案内",
    opening="{organization}の管理者({actor})が、あなたを{site}の利用者として登録しました。",
    closing="ユーザー名は「{username}」です。次のリンクを開いて、パスワードを設定してください。",
)
RESET = Purpose(
    subject=f"【{SITE}】パスワード再設定のご案内",
    opening="{organization}の管理者({actor})が、あなたのパスワードの再設定を受け付けました。",
    closing="ユーザー名「{username}」の新しいパスワードを、次のリンクを開いて設定してください。",
)


def mail_configured() -> bool:
    return settings.EMAIL_BACKEND != DUMMY_BACKEND


def link_lifetime() -> timedelta:
    return timedelta(seconds=int(settings.PASSWORD_RESET_TIMEOUT))


def link_for(user) -> str:
    """The absolute one-time link of ``user`` (``PIA_SITE_URL`` + the confirmation page)."""
    path = reverse(
        "password_link",
        kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": token_generator.make_token(user)},
    )
    return settings.PIA_SITE_URL.rstrip("/") + path


def body(purpose: Purpose, user, *, organization: str, actor: str, link: str) -> str:
    name = user.get_full_name() or user.get_username()
    values = {"organization": organization, "actor": actor, "site": SITE, "username": user.get_username()}
    until = wareki(clock.now() + link_lifetime())
    return "\n".join(
        [
            f"{name} 様",
            "",
            purpose.opening.format(**values),
            purpose.closing.format(**values),
            "",
            link,
            "",
            f"このリンクは{until}まで有効で、1回だけ使えます。期限が過ぎたときは、管理者にもう一度送ってもらってください。",
            "パスワードは12文字以上で、利用者名を含まないものにしてください。",
            "このメールに心当たりがない場合は、リンクを開かずに、団体の管理者にお知らせください。",
            "",
            f"―― {SITE}(このメールには返信できません)",
        ]
    )


def send_link(purpose: Purpose, user, *, organization: str, actor: str) -> None:
    """Mail the link to the account's own address; :class:`MailNotConfigured` without a relay.
    ``OSError`` (the relay refused or is down) is left to the caller."""
    if not mail_configured():
        raise MailNotConfigured("メールの送信が設定されていません。")
    text = body(purpose, user, organization=organization, actor=actor, link=link_for(user))
    EmailMessage(purpose.subject, text, to=[user.email]).send()
