"""Login, logout, password change and the idle timeout, in Japanese."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from workbench.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_anonymous_root_lands_on_the_login_page(client):
    response = client.get("/", follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0].startswith("/login/")
    assert '<html lang="ja">' in html
    assert "ログイン" in html
    assert 'href="#main"' in html


def test_a_wrong_password_gives_a_japanese_message_and_is_audited(client, people):
    response = client.post(reverse("login"), {"username": "author", "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "正しいユーザー名とパスワードを入力してください" in html
    assert AuditEvent.objects.filter(action="login_failed", actor_name="author").exists()


def test_login_and_logout_are_audited(client, people):
    response = client.post(reverse("login"), {"username": "author", "password": "pw-for-tests-123"})
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    client.post(reverse("logout"))
    assert list(AuditEvent.objects.filter(actor=people["author"]).values_list("action", flat=True)) == [
        "logout",
        "login",
    ]
    assert client.get("/").status_code == 302


def test_password_change_with_japanese_errors(client, people):
    client.force_login(people["author"])
    url = reverse("password_change")
    bad = client.post(url, {"old_password": "x", "new_password1": "a", "new_password2": "b"})
    assert "元のパスワードが間違っています" in bad.content.decode()
    good = client.post(
        url,
        {
            "old_password": "pw-for-tests-123",
            "new_password1": "Kumamoto-2025-abc",
            "new_password2": "Kumamoto-2025-abc",
        },
    )
    assert good.status_code == 302
    assert AuditEvent.objects.filter(action="password_change", actor=people["author"]).exists()


def test_sessions_expire_after_the_idle_timeout():
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE == settings.PIA_IDLE_TIMEOUT_MINUTES * 60 + 24 * 3600  # backstop (idle.py)
    assert "workbench.organizations.idle.IdleTimeoutMiddleware" in settings.MIDDLEWARE
    assert settings.LANGUAGE_CODE == "ja"
    assert settings.TIME_ZONE == "Asia/Tokyo"


def test_an_idle_session_ends_and_the_user_must_log_in_again(client, people):
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client.force_login(people["author"])
    assert client.get("/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_forbidden_and_missing_pages_are_japanese(client, assessment, people):
    client.force_login(people["viewer"])
    forbidden = client.post(reverse("editor", args=[assessment.pk]), {"base_version": "1", "op": "save"})
    assert forbidden.status_code == 403
    assert "権限がありません" in forbidden.content.decode()
    missing = client.get(reverse("assessment_detail", args=[999999]))
    assert missing.status_code == 404
    assert "見つかりません" in missing.content.decode()
