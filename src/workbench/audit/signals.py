"""Login, logout and failed logins go into the audit trail."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from workbench.audit.actions import record


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs) -> None:
    record(user, "login")


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        record(user, "logout")


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    record(None, "login_failed", details={"username": str(credentials.get("username", ""))[:150]})
