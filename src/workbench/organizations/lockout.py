"""Login throttling on top of django-axes (ADR 0008).

Failed logins are counted per user name (any address) and per client address (any user name)
over ``PIA_LOGIN_LOCKOUT_MINUTES``. Either count reaching its limit (``PIA_LOGIN_FAILURES_PER_USER``,
``PIA_LOGIN_FAILURES_PER_ADDRESS``) locks: the login form then refuses even the right password,
with the same page whether the user name exists or not. The lock ends when the period has passed
without a further failure, or when a 管理者 of the user's organisation unlocks the user name
(members page, ``actions.unlock_member``); an address is unlocked by the system operator."""

from __future__ import annotations

from collections.abc import Iterable

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone

from workbench.organizations.account_audit import record_for_account


def user_limit() -> int:
    return int(settings.PIA_LOGIN_FAILURES_PER_USER)


def address_limit() -> int:
    return int(settings.PIA_LOGIN_FAILURES_PER_ADDRESS)


class LoginThrottle(AxesDatabaseHandler):
    """axes' database handler with two limits (axes has one) and a lockout audit event."""

    def get_failures(self, request, credentials=None) -> int:
        """axes compares one number with ``AXES_FAILURE_LIMIT`` (the per-user limit): the count per
        address is put on the same scale, so the lock holds when either count reaches its limit."""
        by_user, by_address = self._counts(request, credentials)
        return max(by_user, by_address - (address_limit() - user_limit()))

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        if request is None:
            return super().user_login_failed(sender, credentials, request, **kwargs)
        was_locked = self.is_locked(request, credentials)
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request.axes_locked_out and not was_locked:
            self._audit_lockout(request, credentials)
        return None

    def reset_user_attempts(self, request, credentials=None) -> int:
        """After a successful login, forget the failures of that user name only: resetting the
        address too would let someone with an account clear the count of the names they try."""
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count

    def _counts(self, request, credentials) -> tuple[int, int]:
        by_user, by_address = (
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )  # the order of AXES_LOCKOUT_PARAMETERS: username, ip_address
        return by_user, by_address

    def _audit_lockout(self, request, credentials) -> None:
        username = get_client_username(request, credentials) or ""
        by_user, _ = self._counts(request, credentials)
        account = get_user_model().objects.filter(username=username).first() if username else None
        details = {
            "username": username[:150],
            "address": request.axes_ip_address or "",
            "scope": "user" if by_user >= user_limit() else "address",
            "minutes": settings.PIA_LOGIN_LOCKOUT_MINUTES,
        }
        record_for_account("login_locked", account, details=details, actor=None)


def lockout_response(request, original_response=None, credentials=None):
    """The page of a locked login (HTTP 429): the same for every user name, existing or not."""
    context = {
        "minutes": settings.PIA_LOGIN_LOCKOUT_MINUTES,
        "user_limit": user_limit(),
    }
    return render(request, "registration/locked.html", context, status=429)


def locked_usernames(usernames: Iterable[str]) -> set[str]:
    """Which of these user names are locked now by their own failures (address locks aside)."""
    names = list(usernames)
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    rows = (
        AccessAttempt.objects.filter(username__in=names, attempt_time__gte=since)
        .values("username")
        .annotate(n=Sum("failures_since_start"))
    )
    return {row["username"] for row in rows if row["n"] >= user_limit()}


def unlock(username: str) -> int:
    """Forget the failures of ``username`` (every address); the number of records removed."""
    return int(reset(username=username))
