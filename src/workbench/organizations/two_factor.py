"""Optional TOTP two-factor login for staff (django-otp, ADR 0024).

A person enrols an authenticator app (the QR code is drawn here as SVG by segno: no external
service sees the secret) and from then on enters its 6-digit 確認コード after the password
(``two_factor_gate``). An organisation may make it compulsory for its people
(``Organization.require_two_factor``). A person who lost the phone is helped by a 管理者 of their
organisation, who removes the device (audited); the person enrols again at the next login."""

from __future__ import annotations

from base64 import b32encode

import segno
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from workbench.acting import action
from workbench.audit.actions import record
from workbench.organizations.account_audit import record_for_account
from workbench.organizations.actions import require_admin
from workbench.organizations.models import Membership, Organization

DEVICE_NAME = "認証アプリ"
TOKEN_DIGITS = 6


class TwoFactorError(ValueError):
    """A refused two-factor step, with a Japanese message for the page."""


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def required_for(user) -> bool:
    """Whether an organisation of ``user`` requires two-factor login."""
    return Organization.objects.filter(memberships__user=user, require_two_factor=True).exists()


def enrolled_users(users) -> set[int]:
    """Which of these users have an authenticator app enrolled (one query)."""
    return set(TOTPDevice.objects.filter(user__in=users, confirmed=True).values_list("user_id", flat=True))


def new_key() -> str:
    """A fresh secret (hex, 20 bytes as django-otp's own default)."""
    return str(random_hex(20))


def key_text(key: str) -> str:
    """The secret as authenticator apps take it typed by hand: Base32 in groups of four."""
    text = b32encode(bytes.fromhex(key)).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def config_url(user, key: str) -> str:
    """The ``otpauth://`` address of the secret (issuer ``OTP_TOTP_ISSUER``, the user name)."""
    return str(TOTPDevice(user=user, key=key).config_url)


def qr_data_uri(url: str) -> str:
    """The QR code of ``url`` as an SVG data URI (CSP allows ``img-src data:``)."""
    return str(segno.make(url, error="m").svg_data_uri(scale=5, border=2))


def clean_token(text: str) -> str:
    """The digits of a typed 確認コード (full-width digits and spaces allowed); TwoFactorError otherwise."""
    digits = "".join(ch for ch in text.translate(FULL_WIDTH) if not ch.isspace() and ch not in "-‐")
    if len(digits) != TOKEN_DIGITS or not digits.isascii() or not digits.isdigit():
        raise TwoFactorError("「確認コード」には、認証アプリに表示されている6桁の数字を入力してください。")
    return digits


FULL_WIDTH = str.maketrans("０１２３４５６７８９　", "0123456789 ")


@action
def enrol(user, key: str, token: str, *, actor: User) -> TOTPDevice:
    """Confirm the app showing ``token`` for ``key`` and make it the user's device (replacing an
    unconfirmed or previous one)."""
    digits = clean_token(token)
    totp = TOTP(bytes.fromhex(key), digits=TOKEN_DIGITS)
    if not totp.verify(int(digits), tolerance=1):
        raise TwoFactorError(
            "「確認コード」が違います。認証アプリに今表示されている6桁の数字を入力してください"
            "(時刻がずれていると合わないことがあります)。"
        )
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, key=key, name=DEVICE_NAME, confirmed=True, last_t=totp.t())
        record_for_account("otp.enrol", user, actor=actor, obj=user, details={"user": user.get_username()})
    return device


WRONG = "「確認コード」が違います。認証アプリに今表示されている6桁の数字を入力してください。"


@action
def verify(user, token: str) -> TOTPDevice:
    """Check the 確認コード at login: the device, or TwoFactorError. Each try is audited; each
    wrong code doubles the wait before the next (django-otp's throttle)."""
    device = confirmed_device(user)
    if device is None:
        raise TwoFactorError("認証アプリが登録されていません。")
    allowed, info = device.verify_is_allowed()
    if not allowed:
        raise TwoFactorError(_wait_message(info))
    try:
        digits = clean_token(token)
    except TwoFactorError as exc:
        refusal: str | None = str(exc)
        ok = False
    else:
        refusal = None
        ok = bool(device.verify_token(digits))  # a failure raises the throttle (saved)
    with transaction.atomic():
        if not ok and refusal is not None:
            device.throttle_increment()
        record_for_account(
            "otp.verify" if ok else "otp.verify_failed", user, actor=user, details={"user": user.get_username()}
        )
    if not ok:
        raise TwoFactorError(refusal or WRONG)
    return device


def _wait_message(info) -> str:
    until = (info or {}).get("locked_until")
    if until is None:
        return "確認コードの誤りが続いたため、しばらく待ってからもう一度入力してください。"
    seconds = max(1, int((until - timezone.now()).total_seconds()))
    return f"確認コードの誤りが続いたため、{seconds}秒ほど待ってからもう一度入力してください。"


@action
def remove_own(user, *, actor: User) -> None:
    """The person stops using two-factor login (refused where an organisation requires it)."""
    if required_for(user):
        raise TwoFactorError("所属する団体が2段階認証を必須にしているため、2段階認証をやめることはできません。")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        record_for_account("otp.remove", user, actor=actor, obj=user, details={"user": user.get_username()})


@action
def reset_for_member(organization: Organization, user, *, actor: User) -> None:
    """A 管理者 removes the authenticator app of one of the organisation's people (lost phone);
    they enrol again at their next login."""
    require_admin(actor, organization, "2段階認証をリセットする")
    with transaction.atomic():
        if not Membership.objects.filter(user=user, organization=organization).exists():
            raise TwoFactorError("この利用者はこの団体に所属していません。")
        removed, _ = TOTPDevice.objects.filter(user=user).delete()
        if not removed:
            raise TwoFactorError(f"{user.get_username()}さんは2段階認証を設定していません。")
        record(actor, "otp.reset", organization=organization, obj=user, details={"user": user.get_username()})


@action
def set_required(organization: Organization, required: bool, *, actor: User) -> bool:
    """Turn 「2段階認証を必須にする」 on or off; audited with before and after."""
    require_admin(actor, organization, "2段階認証の設定を変更する")
    with transaction.atomic():
        current = Organization.objects.select_for_update().get(pk=organization.pk)
        if current.require_two_factor == required:
            return required
        before = current.require_two_factor
        current.require_two_factor = required
        current.save(update_fields=["require_two_factor"])
        organization.require_two_factor = required
        label = {True: "必須", False: "任意"}
        record(
            actor,
            "organization.two_factor",
            organization=organization,
            obj=organization,
            details={
                "before": {"two_factor": label[before]},
                "after": {"two_factor": label[required]},
                "labels": {"two_factor": "2段階認証"},
            },
        )
    return required
