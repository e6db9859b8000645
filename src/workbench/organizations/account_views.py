"""The 管理者's pages for the accounts of the organisation's people (register, stop, restart,
password reset link) and the public page of the one-time link that sets a password."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from workbench.organizations import password_links
from workbench.organizations.access import access_organization, has_role
from workbench.organizations.account_audit import record_for_account
from workbench.organizations.account_forms import NewAccountForm
from workbench.organizations.accounts import (
    MANAGE,
    AccountError,
    create_account,
    deactivate_member,
    display_name,
    reactivate_member,
    send_password_reset,
)
from workbench.organizations.models import Role
from workbench.organizations.views import members_page


def managed_organization(request, pk: int):
    """The organisation (404 unless the user belongs to it), if the user is its 管理者 (403)."""
    organization = access_organization(request.user, pk)
    if not (request.user.is_superuser or has_role(request.user, organization, (Role.ADMIN,))):
        raise PermissionDenied(f"{MANAGE}権限がありません。")
    return organization


def person_of(organization, user_id: int):
    """One of the organisation's people, active or stopped; 404 for anyone else (another body's
    person and an id that does not exist answer the same)."""
    person = (
        get_user_model()
        .objects.filter(Q(memberships__organization=organization) | Q(deactivations__organization=organization))
        .filter(pk=user_id)
        .distinct()
        .first()
    )
    if person is None:
        raise Http404("利用者が見つかりません")
    return person


@login_required
def member_new(request, pk: int):
    """Register a new person: 氏名, ユーザー名, メールアドレス and roles; the invitation mail goes out."""
    organization = managed_organization(request, pk)
    form = NewAccountForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                user = create_account(organization, **form.cleaned_data, actor=request.user)
            except AccountError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            else:
                messages.success(
                    request,
                    f"{display_name(user)}さん(ユーザー名 {user.get_username()})を登録し、"
                    f"パスワード設定のご案内を {user.email} に送りました。",
                )
                return redirect("members", organization.pk)
    context = {"organization": organization, "form": form, "mail_configured": password_links.mail_configured()}
    return render(request, "organizations/member_new.html", context, status=status)


def _person_action(request, pk: int, user_id: int, run, done: str):
    organization = managed_organization(request, pk)
    person = person_of(organization, user_id)
    try:
        run(organization, person, actor=request.user)
    except AccountError as exc:
        return members_page(request, organization, error=str(exc), status=422)
    messages.success(request, done.format(name=display_name(person)))
    return redirect("members", organization.pk)


@login_required
@require_POST
def member_deactivate(request, pk: int, user_id: int):
    return _person_action(
        request,
        pk,
        user_id,
        deactivate_member,
        "{name}さんのこの団体での利用を停止しました。役割は記録してあり、「利用を再開する」で元に戻せます。",
    )


@login_required
@require_POST
def member_reactivate(request, pk: int, user_id: int):
    return _person_action(
        request, pk, user_id, reactivate_member, "{name}さんの利用を再開しました(停止前の役割に戻しました)。"
    )


@login_required
@require_POST
def member_password_reset(request, pk: int, user_id: int):
    hours = int(password_links.link_lifetime().total_seconds() // 3600)
    return _person_action(
        request,
        pk,
        user_id,
        send_password_reset,
        "{name}さんに、パスワード再設定のご案内(" + f"{hours}時間有効・1回限りのリンク)をメールで送りました。",
    )


class PasswordLinkView(auth_views.PasswordResetConfirmView):
    """The page of the one-time link: sets the password of an active account, audited. A used,
    expired or altered link gets the same Japanese page."""

    token_generator = password_links.token_generator
    template_name = "registration/password_link.html"
    success_url = reverse_lazy("password_link_done")

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None

    def form_valid(self, form):
        response = super().form_valid(form)
        record_for_account(
            "password_reset", form.user, obj=form.user, actor=form.user, details={"user": form.user.get_username()}
        )
        return response


class PasswordLinkDoneView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_link_done.html"
