"""Logout after inactivity (``PIA_SESSION_IDLE_MINUTES``), with a message and an audit event."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from workbench.audit.models import AuditEvent
from workbench.organizations.idle import LAST_SEEN

pytestmark = pytest.mark.django_db


def _idle_for(client, minutes: float) -> None:
    """Make the last request of ``client`` ``minutes`` ago (the session's stamp)."""
    session = client.session
    session[LAST_SEEN] = (timezone.now() - timedelta(minutes=minutes)).isoformat()
    session.save()


@pytest.mark.parametrize(
    ("period", "idle", "logged_out"), [(30, 29.5, False), (30, 30.2, True), (10, 10.2, True), (10, 9.5, False)]
)
def test_a_request_after_the_idle_period_logs_out_and_says_why(client, people, settings, period, idle, logged_out):
    settings.PIA_IDLE_TIMEOUT_MINUTES = period
    client.force_login(people["author"])
    assert client.get(reverse("dashboard")).status_code == 200
    _idle_for(client, idle)
    response = client.get(reverse("dashboard"), follow=True)
    html = response.content.decode()
    assert (response.redirect_chain[-1][0].startswith(reverse("login")) if response.redirect_chain else False) == (
        logged_out
    )
    assert (f"操作がない状態が{period}分続いたため、ログアウトしました。もう一度ログインしてください。" in html) == (
        logged_out
    )
    assert AuditEvent.objects.filter(action="logout_idle", actor=people["author"]).exists() == logged_out
    assert not AuditEvent.objects.filter(action="logout").exists()


def test_each_request_restarts_the_period(client, people):
    client.force_login(people["author"])
    for _ in range(3):
        _idle_for(client, 25)
        assert client.get(reverse("dashboard")).status_code == 200


def test_a_moved_workbench_clock_does_not_log_out(client, people, freeze_clock):
    """The procedure's dates (workbench.clock) move in tests by months; the session does not."""
    client.force_login(people["author"])
    assert client.get(reverse("dashboard")).status_code == 200
    freeze_clock("2030-04-01T09:00:00+09:00")
    assert client.get(reverse("dashboard")).status_code == 200


def test_the_footer_names_the_configured_period(client, people, settings):
    settings.PIA_IDLE_TIMEOUT_MINUTES = 15
    client.force_login(people["author"])
    assert "操作がない状態が15分続くと自動的にログアウトします。" in client.get(reverse("dashboard")).content.decode()


def _settings_with(env: dict[str, str]) -> subprocess.CompletedProcess:
    code = "from django.conf import settings; print(settings.PIA_IDLE_TIMEOUT_MINUTES, settings.SESSION_COOKIE_AGE)"
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PIA_")} | {
        "DJANGO_SETTINGS_MODULE": "workbench.settings",
        "PIA_VAR_DIR": os.environ["PIA_VAR_DIR"],
        **env,
    }
    return subprocess.run([sys.executable, "-c", code], env=environ, capture_output=True, text=True, check=False)


@pytest.mark.parametrize(
    ("env", "printed"),
    [
        ({}, "30 88200"),
        ({"PIA_SESSION_IDLE_MINUTES": "15"}, "15 87300"),
        ({"PIA_IDLE_TIMEOUT_MINUTES": "20"}, "20 87600"),  # the older name
        ({"PIA_SESSION_IDLE_MINUTES": "15", "PIA_IDLE_TIMEOUT_MINUTES": "20"}, "15 87300"),
    ],
)
def test_the_period_comes_from_the_environment(env, printed):
    result = _settings_with(env)
    assert result.stdout.strip() == printed


def test_a_period_below_one_minute_is_refused_in_japanese():
    result = _settings_with({"PIA_SESSION_IDLE_MINUTES": "0"})
    assert result.returncode != 0
    assert "PIA_SESSION_IDLE_MINUTES は1以上(分)にしてください。" in result.stderr
