"""The audit log page: events of the user's organisations, filtered; 管理者/承認者 only.

Account events (logins, failed logins, lockouts, passwords) of an organisation's people are
shown to its 管理者 only; everyone sees their own events."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render

from workbench.audit.actions import ACTION_LABELS
from workbench.audit.models import AuditEvent
from workbench.organizations.access import has_role, organizations_of
from workbench.organizations.audit_forms import AuditFilterForm
from workbench.organizations.models import Role

AUDIT_ROLES = (Role.ADMIN, Role.APPROVER)
ACCOUNT_ACTIONS = (
    "login",
    "logout",
    "login_failed",
    "login_locked",
    "login_unlock",
    "password_change",
    "admin.password",
)


def visible_events(user):
    """Events of organisations where the user is 管理者 or 承認者 (account events: 管理者 only),
    plus the user's own."""
    orgs = list(organizations_of(user))
    auditors = [o for o in orgs if has_role(user, o, AUDIT_ROLES)]
    admins = [o for o in orgs if has_role(user, o, (Role.ADMIN,))]
    scope = (
        Q(organization__in=admins, action__in=ACCOUNT_ACTIONS)
        | Q(organization__in=auditors) & ~Q(action__in=ACCOUNT_ACTIONS)
        | Q(actor=user)
    )
    return AuditEvent.objects.filter(scope).select_related("organization")


@login_required
def audit_log(request):
    if not request.user.memberships.exists():
        raise PermissionDenied("監査ログを見る権限がありません。")
    form = AuditFilterForm(request.GET)
    valid = form.is_valid()
    events = _filtered(visible_events(request.user), form.cleaned_data)  # the fields that are valid
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "form": form,
        "actions": sorted(ACTION_LABELS.items()),
        "filters": {k: request.GET.get(k, "") for k in ("action", "actor", "object", "since", "until")},
        "query": _query_without_page(request.GET),
    }
    return render(request, "organizations/audit_log.html", context, status=200 if valid else 400)


def _filtered(events, filters):
    if filters.get("action"):
        events = events.filter(action=filters["action"])
    if filters.get("actor"):
        events = events.filter(actor_name__icontains=filters["actor"])
    if filters.get("object"):
        events = events.filter(object_label__icontains=filters["object"])
    if filters.get("since"):
        events = events.filter(at__date__gte=filters["since"])
    if filters.get("until"):
        events = events.filter(at__date__lte=filters["until"])
    return events


def _query_without_page(params) -> str:
    copy = params.copy()
    copy.pop("page", None)
    return copy.urlencode()
