"""Logout after inactivity (``PIA_SESSION_IDLE_MINUTES``, default 30).

Each request of a signed-in user stamps the session with the time; a request that comes more than
the idle period after the previous one logs the user out first (audit event ``logout_idle``) and
leaves a message for the login page, so the person learns why they must log in again. Django's own
session expiry (``SESSION_COOKIE_AGE``, a day longer) is the backstop.

The period is measured on the session framework's time (``django.utils.timezone.now``, on which the
session's own expiry runs), not on ``workbench.clock``: that clock is the date of the procedure,
which tests move by months with a signed-in client (ADR 0023)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils import timezone

LAST_SEEN = "pia_last_seen"


def idle_period() -> timedelta:
    return timedelta(minutes=int(settings.PIA_IDLE_TIMEOUT_MINUTES))


def _last_seen(session) -> datetime | None:
    try:
        return datetime.fromisoformat(str(session[LAST_SEEN]))
    except (KeyError, ValueError):
        return None


class IdleTimeoutMiddleware:
    """After ``AuthenticationMiddleware`` and ``MessageMiddleware``."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = timezone.now()
            last = _last_seen(request.session)
            if last is not None and now - last > idle_period():
                request.pia_idle_logout = True  # the logout signal records logout_idle
                logout(request)
                messages.info(
                    request,
                    f"操作がない状態が{settings.PIA_IDLE_TIMEOUT_MINUTES}分続いたため、ログアウトしました。"
                    "もう一度ログインしてください。",
                )
            else:
                request.session[LAST_SEEN] = now.isoformat()
        return self.get_response(request)
