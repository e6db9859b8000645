"""Optional TOTP two-factor login (ADR 0024): enrolment with a QR code drawn locally, the
確認コード after the password, the organisation's 「2段階認証を必須にする」, and the 管理者's reset.
The codes are computed in the test from the secret (RFC 6238, django-otp's own TOTP)."""

from __future__ import annotations

import base64
import re
from urllib.parse import unquote

import pytest
from conftest import make_user
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from workbench.audit.models import AuditEvent
from workbench.organizations.two_factor import new_key

pytestmark = pytest.mark.django_db
PASSWORD = "pw-for-tests-123"


def _code(key: str, steps: int = 0) -> str:
    totp = TOTP(bytes.fromhex(key))
    totp.time += steps * 30
    return f"{totp.token():06d}"


def _password_login(username: str) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _enrolled(user) -> str:
    key = new_key()
    TOTPDevice.objects.create(user=user, key=key, name="認証アプリ", confirmed=True)
    return key


def _key_on_page(html: str) -> str:
    """The secret as the page shows it (Base32 in groups), back to hex."""
    text = re.search(r'<code id="otp-key">([A-Z2-7 ]+)</code>', html).group(1).replace(" ", "")
    return base64.b32decode(text).hex()


# --- enrolment ------------------------------------------------------------------------------------


def test_enrolment_shows_a_local_qr_code_and_confirms_with_a_code(org, people):
    client = _password_login("author")
    page = client.get(reverse("two_factor"))
    html = page.content.decode()
    assert page.status_code == 200
    assert '<img src="data:image/svg+xml' in html  # drawn here, no external service
    assert 'alt="認証アプリに登録するためのQRコード"' in html
    qr = re.search(r'src="(data:image/svg\+xml[^"]+)"', html).group(1)
    assert "<svg" in unquote(qr)
    key = _key_on_page(html)
    assert _key_on_page(client.get(reverse("two_factor")).content.decode()) == key  # a reload keeps the secret
    wrong = client.post(
        reverse("two_factor"), {"op": "enrol", "token": "000000" if _code(key) != "000000" else "111111"}
    )
    assert wrong.status_code == 422
    assert "「確認コード」が違います。" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=people["author"]).exists()
    done = client.post(reverse("two_factor"), {"op": "enrol", "token": _code(key)}, follow=True)
    assert "認証アプリを登録しました。" in done.content.decode()
    device = TOTPDevice.objects.get(user=people["author"])
    assert device.confirmed
    assert device.key == key
    assert AuditEvent.objects.filter(action="otp.enrol", actor=people["author"], organization=org).exists()


@pytest.mark.parametrize("typed", ["12345", "abcdef", "1234567", ""])
def test_a_malformed_code_names_the_field(org, people, typed):
    client = _password_login("author")
    client.get(reverse("two_factor"))
    response = client.post(reverse("two_factor"), {"op": "enrol", "token": typed})
    assert response.status_code == 422
    assert "「確認コード」には、認証アプリに表示されている6桁の数字を入力してください。" in response.content.decode()
    assert 'href="#id_token"' in response.content.decode()


def test_full_width_digits_are_accepted(org, people):
    client = _password_login("author")
    key = _key_on_page(client.get(reverse("two_factor")).content.decode())
    typed = _code(key).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert client.post(reverse("two_factor"), {"op": "enrol", "token": typed[:3] + " " + typed[3:]}).status_code == 302


# --- the code after the password ------------------------------------------------------------------


def test_a_person_with_an_app_must_enter_the_code_before_any_page(org, people):
    key = _enrolled(people["author"])
    client = _password_login("author")
    blocked = client.get(reverse("dashboard"))
    assert blocked.status_code == 302
    assert blocked["Location"] == reverse("otp_verify") + "?next=%2F"
    for url in (reverse("members", args=[org.pk]), reverse("password_change"), reverse("audit_log")):
        assert client.get(url)["Location"].startswith(reverse("otp_verify"))
    page = client.get(reverse("otp_verify") + "?next=/")
    assert "6桁の確認コードを入力してください。" in page.content.decode()
    wrong = client.post(reverse("otp_verify"), {"token": "12", "next": "/"})
    assert wrong.status_code == 422
    assert "「確認コード」には、認証アプリに表示されている6桁の数字を入力してください。" in wrong.content.decode()
    TOTPDevice.objects.filter(user=people["author"]).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )
    response = client.post(reverse("otp_verify"), {"token": _code(key), "next": reverse("members", args=[org.pk])})
    assert response.status_code == 302
    assert response["Location"] == reverse("members", args=[org.pk])
    assert client.get(reverse("dashboard")).status_code == 200
    actions = list(AuditEvent.objects.filter(actor=people["author"]).values_list("action", flat=True))
    assert "otp.verify" in actions
    assert "otp.verify_failed" in actions


def test_a_used_code_cannot_be_used_again_and_wrong_codes_are_throttled(org, people):
    key = _enrolled(people["author"])
    code = _code(key)
    first = _password_login("author")
    assert first.post(reverse("otp_verify"), {"token": code}).status_code == 302
    second = _password_login("author")
    replay = second.post(reverse("otp_verify"), {"token": code})
    assert replay.status_code == 422
    assert "「確認コード」が違います。" in replay.content.decode()
    throttled = second.post(reverse("otp_verify"), {"token": _code(key, steps=1)})
    assert throttled.status_code == 422
    assert "確認コードの誤りが続いたため、" in throttled.content.decode()
    assert second.get(reverse("dashboard")).status_code == 302


def test_an_outside_next_is_not_followed(org, people):
    key = _enrolled(people["author"])
    client = _password_login("author")
    response = client.post(reverse("otp_verify"), {"token": _code(key), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_people_without_an_app_log_in_with_the_password_alone(org, people):
    client = _password_login("author")
    assert client.get(reverse("dashboard")).status_code == 200


def test_the_person_may_stop_using_it_unless_required(org, people):
    key = _enrolled(people["author"])
    client = _password_login("author")
    client.post(reverse("otp_verify"), {"token": _code(key)})
    response = client.post(reverse("two_factor"), {"op": "remove"}, follow=True)
    assert "2段階認証をやめました。" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=people["author"]).exists()
    assert AuditEvent.objects.filter(action="otp.remove", actor=people["author"]).exists()


# --- the organisation's setting ------------------------------------------------------------------


def test_a_required_setting_sends_people_to_enrol_first(client, org, people):
    client.force_login(people["admin"])
    response = client.post(reverse("organization_two_factor", args=[org.pk]), {"require_two_factor": "on"}, follow=True)
    assert "2段階認証を必須にしました。" in response.content.decode()
    org.refresh_from_db()
    assert org.require_two_factor
    event = AuditEvent.objects.get(action="organization.two_factor")
    assert event.changes == [("2段階認証", "任意", "必須")]
    author = _password_login("author")
    blocked = author.get(reverse("dashboard"))
    assert blocked["Location"] == reverse("two_factor") + "?next=%2F"
    page = author.get(blocked["Location"]).content.decode()
    assert (
        "所属する団体が2段階認証を必須にしています。認証アプリを登録すると、ほかの画面を使えるようになります。" in page
    )
    key = _key_on_page(page)
    done = author.post(reverse("two_factor"), {"op": "enrol", "token": _code(key), "next": "/"})
    assert done["Location"] == "/"
    assert author.get(reverse("dashboard")).status_code == 200
    refused = author.post(reverse("two_factor"), {"op": "remove"})
    assert refused.status_code == 422
    assert "2段階認証をやめることはできません。" in refused.content.decode()


@pytest.mark.parametrize("who", ["other_admin", "author", "anonymous"])
def test_only_the_admin_changes_the_setting(client, org, people, outsider, who):
    user = {"other_admin": outsider, "author": people["author"], "anonymous": None}[who]
    if user is not None:
        client.force_login(user)
    response = client.post(reverse("organization_two_factor", args=[org.pk]), {"require_two_factor": "on"})
    assert response.status_code == {"other_admin": 404, "author": 403, "anonymous": 302}[who]
    org.refresh_from_db()
    assert not org.require_two_factor


# --- the 管理者's reset (lost phone) ----------------------------------------------------------------


def test_the_admin_resets_a_lost_app_and_the_person_logs_in_with_the_password(client, org, people):
    _enrolled(people["author"])
    client.force_login(people["admin"])
    page = client.get(reverse("members", args=[org.pk])).content.decode()
    assert "authorさんの2段階認証をリセットする" in page
    response = client.post(reverse("member_two_factor_reset", args=[org.pk, people["author"].pk]), follow=True)
    assert "authorさんの2段階認証をリセットしました。" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=people["author"]).exists()
    event = AuditEvent.objects.get(action="otp.reset")
    assert (event.organization, event.actor) == (org, people["admin"])
    assert _password_login("author").get(reverse("dashboard")).status_code == 200


@pytest.mark.parametrize("who", ["admin", "other_admin", "author", "anonymous"])
def test_the_reset_by_role(client, org, people, outsider, who):
    _enrolled(people["viewer"])
    user = {"admin": people["admin"], "other_admin": outsider, "author": people["author"], "anonymous": None}[who]
    if user is not None:
        client.force_login(user)
    response = client.post(reverse("member_two_factor_reset", args=[org.pk, people["viewer"].pk]))
    assert response.status_code == {"admin": 302, "other_admin": 404, "author": 403, "anonymous": 302}[who]
    assert TOTPDevice.objects.filter(user=people["viewer"]).exists() == (who != "admin")


def test_a_reset_of_someone_without_an_app_says_so(client, org, people):
    client.force_login(people["admin"])
    response = client.post(reverse("member_two_factor_reset", args=[org.pk, people["viewer"].pk]))
    assert response.status_code == 422
    assert "viewerさんは2段階認証を設定していません。" in response.content.decode()


def test_another_bodys_person_cannot_be_reset(client, org, people, outsider):
    _enrolled(outsider)
    client.force_login(people["admin"])
    assert client.post(reverse("member_two_factor_reset", args=[org.pk, outsider.pk])).status_code == 404
    assert TOTPDevice.objects.filter(user=outsider).exists()


def test_the_secret_never_reaches_the_audit_trail_or_the_admin(client, org, people):
    key = _enrolled(people["author"])
    operator = make_user("operator")
    operator.is_superuser = operator.is_staff = True
    operator.save()
    client.force_login(operator)
    device = TOTPDevice.objects.get(user=people["author"])
    page = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk])).content.decode()
    assert key not in page
    assert (
        client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"}).status_code == 302
    )
    event = AuditEvent.objects.get(action="admin.delete")
    assert key not in str(event.details)
