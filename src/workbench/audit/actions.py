"""Writing the audit trail. Called by every other app's actions inside their transaction (the
trail is the bottom layer of the workbench: it knows an organisation only as the target of
``AuditEvent.organization``; account events per organisation are ``organizations.account_audit``).

``record`` appends one event to the hash chain (``audit/chain.py``): it locks the chain head
until the surrounding transaction commits, so make it the last write of an action."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from workbench import clock
from workbench.audit import chain
from workbench.audit.changes import changes
from workbench.audit.models import ACTION_LABELS, AuditChainHead, AuditEvent

__all__ = ["ACTION_LABELS", "changes", "record"]


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
