"""Events about a person's account (login, failed login, lockout, password, admin changes of a
user): one per organisation the account belongs to, so each organisation's 管理者 sees them for its
own people."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User

from workbench.acting import action
from workbench.audit.actions import record
from workbench.audit.models import AuditEvent
from workbench.organizations.models import Organization


@action
def record_for_account(
    action: str, account, *, actor: User | None, obj=None, details: dict[str, Any] | None = None
) -> list[AuditEvent]:
    """An event about a person's account (login, failed login, lockout, password): one per
    organisation the account belongs to, so each organisation's 管理者 sees it for its own
    people; ``account`` None (an unknown user name) or without organisations gives one event
    without an organisation, which only the system operator sees (the Django admin)."""
    organizations: list[Organization | None] = (
        list(Organization.objects.filter(memberships__user=account).distinct()) if account else []
    )
    return [
        record(actor, action, organization=organization, obj=obj, details=details)
        for organization in organizations or [None]
    ]
