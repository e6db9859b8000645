"""Writing the audit trail. Called by every other app's actions inside their transaction."""

from __future__ import annotations

from typing import Any

from workbench.audit.models import ACTION_LABELS, AuditEvent

__all__ = ["ACTION_LABELS", "record"]


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
    return AuditEvent.objects.create(
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
