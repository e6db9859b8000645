"""The pages of two-factor login (ADR 0024): the 確認コード after the password, the person's own
enrolment page, and the 管理者's reset and organisation setting on the members page."""

from __future__ import annotations

import django_otp
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from workbench.organizations import two_factor
from workbench.organizations.account_views import managed_organization, person_of
from workbench.organizations.two_factor_gate import ENROL, NEEDS, satisfied
from workbench.organizations.views import members_page

ENROL_KEY = "pia_otp_key"  # the secret shown on the enrolment page, until it is confirmed


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    ok = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return target if ok and target.startswith("/") else "/"


@login_required
def otp_verify(request):
    """The 確認コード after the password."""
    if two_factor.confirmed_device(request.user) is None or request.user.is_verified():
        return redirect(_next(request))
    error = ""
    status = 200
    if request.method == "POST":
        try:
            device = two_factor.verify(request.user, request.POST.get("token", ""))
        except two_factor.TwoFactorError as exc:
            error, status = str(exc), 422
        else:
            django_otp.login(request, device)
            satisfied(request)
            return redirect(_next(request))
    context = {"error": error, "next": _next(request)}
    return render(request, "organizations/otp_verify.html", context, status=status)


@login_required
def two_factor_page(request):
    """The person's own two-factor setting: enrol an authenticator app (QR code drawn here), or
    stop using it where no organisation requires it."""
    user = request.user
    device = two_factor.confirmed_device(user)
    required = two_factor.required_for(user)
    error, status = "", 200
    if request.method == "POST" and request.POST.get("op") == "remove" and device is not None:
        if not user.is_verified():
            return redirect("otp_verify")
        try:
            two_factor.remove_own(user, actor=user)
        except two_factor.TwoFactorError as exc:
            error, status = str(exc), 422
        else:
            messages.success(request, "2段階認証をやめました。次回からはパスワードだけでログインします。")
            return redirect("two_factor")
    elif request.method == "POST" and device is None:
        key = request.session.get(ENROL_KEY) or ""
        try:
            if not key:
                raise two_factor.TwoFactorError("画面の情報が古くなりました。表示し直したQRコードで登録してください。")
            device = two_factor.enrol(user, key, request.POST.get("token", ""), actor=user)
        except two_factor.TwoFactorError as exc:
            error, status = str(exc), 422
        else:
            request.session.pop(ENROL_KEY, None)
            django_otp.login(request, device)
            satisfied(request)
            messages.success(
                request, "認証アプリを登録しました。次回のログインから、パスワードの後に確認コードを入力します。"
            )
            return redirect(_next(request) if request.POST.get("next") else "two_factor")
    elif device is not None and not user.is_verified():
        return redirect("otp_verify")
    context = {"device": device, "required": required, "error": error, "next": request.GET.get("next", "")}
    if device is None:
        key = request.session.get(ENROL_KEY) or two_factor.new_key()
        request.session[ENROL_KEY] = key
        url = two_factor.config_url(user, key)
        context.update(qr=two_factor.qr_data_uri(url), key_text=two_factor.key_text(key))
        context["must_enrol"] = request.session.get(NEEDS) == ENROL
        context["next"] = request.POST.get("next") or request.GET.get("next", "")
    return render(request, "organizations/two_factor.html", context, status=status)


@login_required
@require_POST
def member_two_factor_reset(request, pk: int, user_id: int):
    """A 管理者 removes the authenticator app of one of the organisation's people (lost phone)."""
    organization = managed_organization(request, pk)
    person = person_of(organization, user_id)
    try:
        two_factor.reset_for_member(organization, person, actor=request.user)
    except two_factor.TwoFactorError as exc:
        return members_page(request, organization, error=str(exc), status=422)
    messages.success(
        request,
        f"{person.get_username()}さんの2段階認証をリセットしました。次回のログインで認証アプリを登録し直します"
        "(団体が必須にしていない場合は、登録するまでパスワードだけでログインします)。",
    )
    return redirect("members", organization.pk)


@login_required
@require_POST
def organization_two_factor(request, pk: int):
    """A 管理者 turns 「2段階認証を必須にする」 on or off for the organisation."""
    organization = managed_organization(request, pk)
    required = request.POST.get("require_two_factor") == "on"
    two_factor.set_required(organization, required, actor=request.user)
    if required:
        messages.success(
            request,
            "2段階認証を必須にしました。この団体の利用者は、次回のログインから確認コードが必要です"
            "(認証アプリを登録していない方は、ログインの後に登録します)。",
        )
    else:
        messages.success(request, "2段階認証を任意にしました(登録している方は引き続き確認コードでログインします)。")
    return redirect("members", organization.pk)
