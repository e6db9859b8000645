"""Login throttling (django-axes, ``organizations/lockout.py``): per user name and per client
address, a Japanese lockout page that is the same for unknown names, unlock by the
organisation's 管理者, every step in the audit trail for that organisation's 管理者."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from conftest import make_user
from django.contrib.auth import get_user_model
from django.urls import reverse

from workbench.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

RIGHT = "pw-for-tests-123"
LOCKED_PAGE = "ログインを一時的に停止しています"


def _login(client, username, password, address="10.1.2.3", **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address, **extra)


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_two_hundred_wrong_passwords_then_the_right_one_does_not_log_in(client, people):
    for n in range(200):
        _login(client, "author", f"wrong-{n}")
    response = _login(client, "author", RIGHT)
    html = response.content.decode()
    assert response.status_code == 429
    assert LOCKED_PAGE in html
    assert "正しいパスワードでも、停止中はログインできません。" in html
    assert "30分" in html
    assert not _logged_in(client)
    # ... from any other address as well: the user name is locked
    assert _login(client, "author", RIGHT, address="10.9.9.9").status_code == 429


def test_the_lock_starts_at_the_limit(client, people, settings):
    for n in range(settings.PIA_LOGIN_FAILURES_PER_USER - 1):
        assert _login(client, "author", f"wrong-{n}").status_code == 200  # the ordinary form
    assert _login(client, "author", "wrong-last").status_code == 429
    assert _login(client, "author", RIGHT).status_code == 429


def test_an_unknown_user_name_gets_the_same_pages(client, people):
    """Whether a name exists shows neither in the form's answer nor in the lockout page."""
    known = [_login(client, "author", f"wrong-{n}", address="10.0.0.1") for n in range(5)]
    unknown = [_login(client, "nobody-here", f"wrong-{n}", address="10.0.0.2") for n in range(5)]
    assert [r.status_code for r in known] == [r.status_code for r in unknown] == [200] * 4 + [429]
    assert "正しいユーザー名とパスワードを入力してください" in unknown[0].content.decode()
    assert LOCKED_PAGE in unknown[-1].content.decode()


def test_a_success_forgets_the_users_earlier_failures(client, people):
    for n in range(4):
        _login(client, "author", f"wrong-{n}")
    assert _login(client, "author", RIGHT).status_code == 302
    client.post(reverse("logout"))
    for n in range(4):
        assert _login(client, "author", f"again-{n}").status_code == 200
    assert _login(client, "author", RIGHT).status_code == 302


def test_someone_elses_success_does_not_reset_the_count_of_the_names_they_try(client, people):
    """An attacker with an account of their own, from the same address: logging into it between
    guesses must not clear the failures counted against the victim's name."""
    for n in range(4):
        _login(client, "approver", f"guess-{n}")
        assert _login(client, "author", RIGHT).status_code == 302
        client.post(reverse("logout"))
    assert _login(client, "approver", "guess-last").status_code == 429
    assert _login(client, "approver", RIGHT).status_code == 429


def test_one_address_trying_many_names_is_locked(client, people, settings):
    names = [f"name-{n}" for n in range(settings.PIA_LOGIN_FAILURES_PER_ADDRESS)]
    for name in names:
        _login(client, name, "wrong", address="10.6.6.6")
    assert _login(client, "author", RIGHT, address="10.6.6.6").status_code == 429
    assert _login(client, "author", RIGHT, address="10.7.7.7").status_code == 302  # elsewhere: fine


def test_a_forged_forwarded_address_does_not_escape_the_lock(client, people):
    """Without PIA_TRUSTED_PROXIES, X-Forwarded-For is ignored: a new header per try changes nothing."""
    for n in range(5):
        _login(client, "author", "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert _login(client, "author", RIGHT, HTTP_X_FORWARDED_FOR="192.0.2.200").status_code == 429


def test_behind_a_trusted_proxy_each_client_counts_separately(client, people, settings):
    settings.PIA_TRUSTED_PROXIES = ["10.0.0.0/8"]
    for n in range(settings.PIA_LOGIN_FAILURES_PER_ADDRESS):
        _login(client, f"name-{n}", "wrong", address="10.0.0.5", HTTP_X_FORWARDED_FOR="192.0.2.1")
    blocked = _login(client, "author", RIGHT, address="10.0.0.5", HTTP_X_FORWARDED_FOR="192.0.2.1")
    colleague = _login(client, "author", RIGHT, address="10.0.0.5", HTTP_X_FORWARDED_FOR="192.0.2.2")
    assert blocked.status_code == 429
    assert colleague.status_code == 302


def test_the_lock_ends_after_the_lockout_period(client, people, settings):
    for n in range(5):
        _login(client, "author", f"wrong-{n}")
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.first().attempt_time - timedelta(minutes=31))
    assert _login(client, "author", RIGHT).status_code == 302


def test_lockout_and_failures_are_audited_for_the_users_organisation_only(client, org, people, outsider):
    for n in range(7):
        _login(client, "author", f"wrong-{n}")
    locked = AuditEvent.objects.filter(action="login_locked")
    assert locked.count() == 1  # when the lock begins, not on every refused try
    event = locked.get()
    assert event.organization == org
    assert event.details["username"] == "author"
    assert event.details["scope"] == "user"
    assert event.details["address"] == "10.1.2.3"
    failed = AuditEvent.objects.filter(action="login_failed", actor_name="author")
    assert failed.count() == 7
    assert {e.organization for e in failed} == {org}

    client.force_login(people["admin"])
    html = client.get(reverse("audit_log"), {"action": "login_locked"}).content.decode()
    assert "ログインの停止(失敗の繰り返し)" in html
    assert "author" in html
    client.force_login(people["approver"])  # account events: the 管理者 only
    assert "該当する記録はありません" in client.get(reverse("audit_log"), {"action": "login_locked"}).content.decode()
    client.force_login(outsider)
    assert "author" not in client.get(reverse("audit_log"), {"action": "login_failed"}).content.decode()


def test_a_user_of_two_organisations_is_reported_to_both(client, org, other_org, people, outsider):
    from workbench.organizations.models import Membership

    Membership.objects.create(user=people["viewer"], organization=other_org, role="viewer")
    _login(client, "viewer", "wrong")
    failed = AuditEvent.objects.filter(action="login_failed", actor_name="viewer")
    assert {e.organization for e in failed} == {org, other_org}


def test_failures_for_unknown_names_are_visible_to_nobody(client, org, people, outsider):
    _login(client, "probe-name-x", "wrong")
    event = AuditEvent.objects.get(action="login_failed", actor_name="probe-name-x")
    assert event.organization is None
    for who in (people["admin"], outsider):
        client.force_login(who)
        assert "probe-name-x" not in client.get(reverse("audit_log")).content.decode()


def test_the_admin_sees_the_lock_and_lifts_it(client, org, people):
    for n in range(5):
        _login(client, "author", f"wrong-{n}")
    client.force_login(people["admin"])
    page = client.get(reverse("members", args=[org.pk])).content.decode()
    assert "ログイン停止中" in page
    assert "停止を解除する" in page
    response = client.post(reverse("member_unlock", args=[org.pk, people["author"].pk]), follow=True)
    assert "authorさんのログインの停止を解除しました。" in response.content.decode()
    event = AuditEvent.objects.get(action="login_unlock")
    assert event.actor == people["admin"]
    assert event.organization == org
    assert event.details["user"] == "author"
    client.logout()
    assert _login(client, "author", RIGHT).status_code == 302


@pytest.mark.parametrize("who", ["author", "approver", "viewer", "reviewer"])
def test_only_the_admin_unlocks(client, org, people, who):
    locked = make_user("locked", org, "viewer")
    for n in range(5):
        _login(client, "locked", f"wrong-{n}")
    client.force_login(people[who])
    response = client.post(reverse("member_unlock", args=[org.pk, locked.pk]))
    assert response.status_code == 403
    assert "利用者の役割を設定する権限がありません。" in response.content.decode()
    assert "ログイン停止中" not in client.get(reverse("members", args=[org.pk])).content.decode()
    assert AccessAttempt.objects.filter(username="locked").exists()


def test_another_bodys_admin_cannot_unlock_our_people(client, org, people, outsider, other_org):
    for n in range(5):
        _login(client, "author", f"wrong-{n}")
    client.force_login(outsider)
    assert client.post(reverse("member_unlock", args=[org.pk, people["author"].pk])).status_code == 404
    assert client.post(reverse("member_unlock", args=[other_org.pk, people["author"].pk])).status_code == 404
    assert AccessAttempt.objects.filter(username="author").exists()


def test_the_django_admin_login_is_throttled_too(client, people):
    get_user_model().objects.create_superuser("operator", password=RIGHT)
    for n in range(5):
        client.post("/admin/login/", {"username": "operator", "password": f"wrong-{n}"}, REMOTE_ADDR="10.3.3.3")
    response = client.post("/admin/login/", {"username": "operator", "password": RIGHT}, REMOTE_ADDR="10.3.3.3")
    assert response.status_code == 429
    assert LOCKED_PAGE in response.content.decode()
