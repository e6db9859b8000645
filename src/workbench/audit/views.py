"""The audit log page: events of the user's organisations, filtered; 管理者/承認者 only."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render

from workbench.audit.actions import ACTION_LABELS
from workbench.audit.models import AuditEvent
from workbench.organizations.access import has_role, organizations_of
from workbench.organizations.models import Role

AUDIT_ROLES = (Role.ADMIN, Role.APPROVER)


def visible_events(user):
    """Events of organisations where the user is 管理者 or 承認者, plus the user's own."""
    orgs = [o for o in organizations_of(user) if has_role(user, o, AUDIT_ROLES)]
    return AuditEvent.objects.filter(Q(organization__in=orgs) | Q(actor=user)).select_related("organization")


@login_required
def audit_log(request):
    if not request.user.memberships.exists():
        raise PermissionDenied("監査ログを見る権限がありません。")
    events = _filtered(visible_events(request.user), request.GET)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/log.html",
        {
            "page": page,
            "actions": sorted(ACTION_LABELS.items()),
            "filters": {k: request.GET.get(k, "") for k in ("action", "actor", "object", "since", "until")},
            "query": _query_without_page(request.GET),
        },
    )


def _filtered(events, params):
    if params.get("action"):
        events = events.filter(action=params["action"])
    if params.get("actor"):
        events = events.filter(actor_name__icontains=params["actor"])
    if params.get("object"):
        events = events.filter(object_label__icontains=params["object"])
    if params.get("since"):
        events = events.filter(at__date__gte=params["since"])
    if params.get("until"):
        events = events.filter(at__date__lte=params["until"])
    return events


def _query_without_page(params) -> str:
    copy = params.copy()
    copy.pop("page", None)
    return copy.urlencode()
