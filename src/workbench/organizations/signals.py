"""Login, logout and failed logins go into the audit trail, attributed to the organisations of
the account (``record_for_account``): each organisation's 管理者 sees them for its own people. A
failed login for an unknown user name belongs to no organisation (only the system operator sees
it), so no body learns which names exist elsewhere. The client address is kept in ``details``."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from workbench.clients import client_address
from workbench.organizations.account_audit import record_for_account
from workbench.organizations.two_factor_gate import note_login


def _where(request) -> dict[str, str]:
    return {"address": client_address(request)} if request is not None else {}


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs) -> None:
    record_for_account("login", user, details=_where(request), actor=user)
    if request is not None and hasattr(request, "session"):
        note_login(request, user)  # the 確認コード or the enrolment before any page (ADR 0024)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        idle = getattr(request, "pia_idle_logout", False)
        record_for_account("logout_idle" if idle else "logout", user, details=_where(request), actor=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    username = str(credentials.get("username", ""))[:150]
    account = get_user_model().objects.filter(username=username).first() if username else None
    record_for_account("login_failed", account, details={"username": username, **_where(request)}, actor=None)
