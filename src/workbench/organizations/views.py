"""Account pages beyond Django's own: password change with an audit event."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from workbench.audit.actions import record
from workbench.organizations.access import access_organization, has_role
from workbench.organizations.actions import add_member
from workbench.organizations.forms import AddMemberForm
from workbench.organizations.models import Role


class AuditedPasswordChangeView(auth_views.PasswordChangeView):
    def form_valid(self, form):
        response = super().form_valid(form)
        record(self.request.user, "password_change")
        return response


@login_required
def members(request, pk: int):
    """The people of one organisation and their roles; 管理者 may give roles."""
    organization = access_organization(request.user, pk)
    is_admin = has_role(request.user, organization, (Role.ADMIN,))
    form = AddMemberForm(request.POST or None)
    if request.method == "POST":
        if not is_admin:
            raise PermissionDenied("利用者の役割を設定する権限がありません。")
        if form.is_valid():
            return _add(request, organization, form)
    rows = organization.memberships.select_related("user").order_by("user__username", "role")
    return render(request, "organizations/members.html", {
        "organization": organization, "rows": rows, "form": form, "is_admin": is_admin,
    })  # fmt: skip


def _add(request, organization, form):
    user = get_user_model().objects.filter(username=form.cleaned_data["username"]).first()
    if user is None:
        form.add_error("username", "この利用者名は登録されていません。システム管理者に利用者の登録を依頼してください。")
        rows = organization.memberships.select_related("user").order_by("user__username", "role")
        context = {"organization": organization, "rows": rows, "form": form, "is_admin": True}
        return render(request, "organizations/members.html", context, status=422)
    add_member(request.user, organization, user, form.cleaned_data["role"])
    messages.success(
        request, f"{user.get_username()} に「{Role(form.cleaned_data['role']).label}」の役割を設定しました。"
    )
    return redirect("members", organization.pk)
