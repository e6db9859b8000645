"""The 確認コード before any page (ADR 0024). At login (``signals``) the session notes whether the
person must verify (an authenticator app is enrolled) or enrol (an organisation of theirs requires
two-factor login and none is). Until the session is verified (django-otp's ``OTPMiddleware``
tells ``request.user.is_verified()``) such a person reaches only the verification or enrolment
page, the one-time password link pages and logout. Noting it at login keeps other requests free
of queries; a change of the organisation's setting applies from the next login."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from workbench.organizations.two_factor import confirmed_device, required_for

NEEDS = "pia_two_factor"
VERIFY, ENROL = "verify", "enrol"
PAGES = {VERIFY: "otp_verify", ENROL: "two_factor"}
OPEN = frozenset(
    {*PAGES.values(), "logout", "login", "password_link", "password_link_done", "oidc_authentication_callback"}
)


def needed_at_login(user) -> str:
    """What the new session of ``user`` needs before any page: VERIFY, ENROL or nothing."""
    if confirmed_device(user) is not None:
        return VERIFY
    return ENROL if required_for(user) else ""


def note_login(request, user) -> None:
    need = needed_at_login(user)
    if need:
        request.session[NEEDS] = need


def satisfied(request) -> None:
    """The session is verified (or the app enrolled and verified): the gate opens."""
    request.session.pop(NEEDS, None)


def _open(request) -> bool:
    if request.path_info.startswith("/" + settings.STATIC_URL.lstrip("/")):
        return True
    try:
        return resolve(request.path_info).url_name in OPEN
    except Resolver404:
        return False


class TwoFactorMiddleware:
    """After ``OTPMiddleware`` (and the idle logout)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        need = request.session.get(NEEDS) if request.user.is_authenticated else None
        if need in PAGES and not request.user.is_verified() and not _open(request):
            return redirect(f"{reverse(PAGES[need])}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
