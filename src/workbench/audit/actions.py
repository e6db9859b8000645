"""Writing the audit trail. Called by every other app's actions inside their transaction.

``record`` appends one event to the hash chain (``audit/chain.py``): it locks the chain head
until the surrounding transaction commits, so make it the last write of an action."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from workbench import clock
from workbench.audit import chain
from workbench.audit.changes import changes
from workbench.audit.models import ACTION_LABELS, AuditChainHead, AuditEvent
from workbench.organizations.models import Organization

__all__ = ["ACTION_LABELS", "changes", "record", "record_for_account"]


def record(
    actor,
    action: str,
    *,
    organization=None,
    obj=None,
    version_number: int | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event; ``obj`` is the model instance acted on (optional)."""
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    event = AuditEvent(
        at=clock.now(),
        actor=user,
        actor_name=user.get_username() if user else str(details.get("username", "")) if details else "",
        organization=organization,
        action=action,
        object_type=obj._meta.model_name if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_label=str(obj)[:300] if obj is not None else "",
        version_number=version_number,
        details=details or {},
    )
    with transaction.atomic():
        event.seq, event.previous_hash = chain.advance_head(AuditChainHead, AuditEvent)
        event.hash = chain.digest(event)
        event.save(force_insert=True)
        chain.set_head(AuditChainHead, event.hash)
    return event


def record_for_account(
    actor, action: str, account, *, obj=None, details: dict[str, Any] | None = None
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
