"""The members page (everyone of the organisation sees it; its 管理者 change roles and lift login
locks of the organisation's people) and the audited password change."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from workbench.organizations import lockout, two_factor
from workbench.organizations.access import access_organization, has_role
from workbench.organizations.account_audit import record_for_account
from workbench.organizations.actions import ROLE_ORDER, MembershipError, StaleRoles, set_roles, unlock_member
from workbench.organizations.forms import RolesForm
from workbench.organizations.models import Deactivation, Membership, Role


class AuditedPasswordChangeView(auth_views.PasswordChangeView):
    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.user  # the signed-in user whose password changed (the view requires a login)
        record_for_account("password_change", user, actor=user)
        return response


@login_required
@require_GET
def members(request, pk: int):
    """The people of one organisation and their roles."""
    organization = access_organization(request.user, pk)
    return members_page(request, organization)


@login_required
@require_POST
def member_roles(request, pk: int, user_id: int):
    """A 管理者 sets one person's roles; a stale form (someone changed them since) changes nothing."""
    organization, person = _member(request, pk, user_id)
    form = RolesForm(request.POST)
    if not form.is_valid():
        return members_page(request, organization, error=_first_error(form), status=422)
    try:
        roles = set_roles(
            organization, person, form.cleaned_data["roles"], form.cleaned_data["seen"], actor=request.user
        )
    except StaleRoles as exc:
        return members_page(request, organization, error=str(exc), status=409)
    except MembershipError as exc:
        return members_page(request, organization, error=str(exc), status=422)
    if roles:
        labels = "、".join(Role(r).label for r in roles)
        messages.success(request, f"{person.get_username()}さんの役割を「{labels}」にしました。")
    else:
        messages.success(
            request,
            f"{person.get_username()}さんをこの団体から外しました。もう一度加えるには、システム管理者に依頼してください。",
        )
    return redirect("members", organization.pk)


@login_required
@require_POST
def member_unlock(request, pk: int, user_id: int):
    """A 管理者 lifts the login lock of one of the organisation's people."""
    organization, person = _member(request, pk, user_id)
    try:
        unlock_member(organization, person, actor=request.user)
    except MembershipError as exc:
        return members_page(request, organization, error=str(exc), status=422)
    messages.success(request, f"{person.get_username()}さんのログインの停止を解除しました。")
    return redirect("members", organization.pk)


def _member(request, pk: int, user_id: int):
    """The organisation (404 unless the user belongs to it) and one of its people (404 for
    anyone else, so the page never tells whether an account exists)."""
    organization = access_organization(request.user, pk)
    person = get_user_model().objects.filter(pk=user_id, memberships__organization=organization).first()
    if person is None:
        raise Http404("利用者が見つかりません")
    return organization, person


def members_page(request, organization, *, error: str = "", status: int = 200):
    is_admin = has_role(request.user, organization, (Role.ADMIN,))
    people = _people(organization)
    locked = lockout.locked_usernames(p["user"].get_username() for p in people) if is_admin else set()
    enrolled = two_factor.enrolled_users([p["user"] for p in people]) if is_admin else set()
    for row in people:
        row["locked"] = row["user"].get_username() in locked
        row["two_factor"] = row["user"].pk in enrolled
    context = {
        "organization": organization,
        "people": people,
        "stopped": _stopped(organization) if is_admin else [],
        "is_admin": is_admin,
        "roles": Role.choices,
        "error": error,
        "lockout_minutes": settings.PIA_LOGIN_LOCKOUT_MINUTES,
    }
    return render(request, "organizations/members.html", context, status=status)


def _people(organization) -> list[dict]:
    rows = Membership.objects.filter(organization=organization).select_related("user").order_by("user__username")
    people: dict[int, dict] = {}
    for membership in rows:
        entry = people.setdefault(membership.user_id, {"user": membership.user, "roles": []})
        entry["roles"].append(membership.role)
    for entry in people.values():
        entry["roles"] = [r for r in ROLE_ORDER if r in entry["roles"]]
        entry["seen"] = ",".join(entry["roles"])
        entry["labels"] = "、".join(Role(r).label for r in entry["roles"])
    return list(people.values())


def _stopped(organization) -> list[dict]:
    """The people whose use of the organisation is stopped, with the roles they had."""
    rows = (
        Deactivation.objects.filter(organization=organization).select_related("user", "by").order_by("user__username")
    )
    return [
        {
            "user": row.user,
            "at": row.at,
            "by": row.by,
            "labels": "、".join(Role(r).label for r in row.roles if r in Role.values),
        }
        for row in rows
    ]


def _first_error(form) -> str:
    for errors in form.errors.values():
        return str(errors[0])
    return "入力に誤りがあります。"
