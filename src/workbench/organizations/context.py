"""Template context: the signed-in user's organisations and roles, and the idle timeout."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings

from workbench.organizations.models import Membership


def memberships(request, annotate: Mapping[str, Any] | None = None) -> dict[str, object]:
    """``annotate``: expressions added to the one membership query (an app above adds its own
    per-organisation counts there, so the header costs no query of its own)."""
    context: dict[str, object] = {"idle_minutes": settings.PIA_IDLE_TIMEOUT_MINUTES}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return context
    rows = Membership.objects.filter(user=user).select_related("organization").order_by("organization__name")
    if annotate:
        rows = rows.annotate(**annotate)
    context["my_memberships"] = list(rows)
    return context
