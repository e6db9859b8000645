"""The header's unread count: the memberships context of ``organizations`` with one more column,
the user's unread notifications per organisation, in the same query."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from workbench.organizations.context import memberships
from workbench.reminders.models import Notification


def header(request) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return memberships(request)
    unread = (
        Notification.objects.filter(user=user, organization=OuterRef("organization"), read_at__isnull=True)
        .order_by()
        .values("organization")
        .annotate(n=Count("pk"))
        .values("n")
    )
    context = memberships(request, {"unread": Coalesce(Subquery(unread, output_field=IntegerField()), Value(0))})
    rows = context.get("my_memberships", [])
    context["unread_notifications"] = sum({m.organization_id: m.unread for m in rows}.values())  # type: ignore[attr-defined]
    return context
