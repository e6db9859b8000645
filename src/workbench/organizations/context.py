"""Template context: the signed-in user's organisations and roles, and the idle timeout."""

from __future__ import annotations

from django.conf import settings

from workbench.organizations.models import Membership


def memberships(request) -> dict[str, object]:
    context: dict[str, object] = {"idle_minutes": settings.PIA_IDLE_TIMEOUT_MINUTES}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return context
    rows = Membership.objects.filter(user=user).select_related("organization").order_by("organization__name")
    context["my_memberships"] = list(rows)
    return context
