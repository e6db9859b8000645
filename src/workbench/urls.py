"""URL map of the workbench. Anonymous visitors of any page land on the login page."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.views.static import serve

from workbench.consultation.urls import public_urlpatterns as iken_urlpatterns
from workbench.contractors.public_views import public_contractors
from workbench.organizations.account_views import (
    PasswordLinkDoneView,
    PasswordLinkView,
    member_deactivate,
    member_new,
    member_password_reset,
    member_reactivate,
)
from workbench.organizations.audit_log import audit_log
from workbench.organizations.two_factor_views import (
    member_two_factor_reset,
    organization_two_factor,
    otp_verify,
    two_factor_page,
)
from workbench.organizations.views import AuditedPasswordChangeView, member_roles, member_unlock, members

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, extra_context={"sso": settings.PIA_OIDC}),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("login/verify/", otp_verify, name="otp_verify"),
    path("two-factor/", two_factor_page, name="two_factor"),
    path("password/", AuditedPasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password/link/<uidb64>/<token>/", PasswordLinkView.as_view(), name="password_link"),
    path("password/link/done/", PasswordLinkDoneView.as_view(), name="password_link_done"),
    path("organizations/<int:pk>/members/", members, name="members"),
    path("organizations/<int:pk>/members/new/", member_new, name="member_new"),
    path("organizations/<int:pk>/two-factor/", organization_two_factor, name="organization_two_factor"),
    path(
        "organizations/<int:pk>/members/<int:user_id>/two-factor-reset/",
        member_two_factor_reset,
        name="member_two_factor_reset",
    ),
    path("organizations/<int:pk>/members/<int:user_id>/deactivate/", member_deactivate, name="member_deactivate"),
    path("organizations/<int:pk>/members/<int:user_id>/reactivate/", member_reactivate, name="member_reactivate"),
    path(
        "organizations/<int:pk>/members/<int:user_id>/password-reset/",
        member_password_reset,
        name="member_password_reset",
    ),
    path("organizations/<int:pk>/members/<int:user_id>/roles/", member_roles, name="member_roles"),
    path("organizations/<int:pk>/members/<int:user_id>/unlock/", member_unlock, name="member_unlock"),
    path("audit/", audit_log, name="audit_log"),
    path("iken/", include(iken_urlpatterns)),
    path("consultations/", include("workbench.consultation.urls")),
    path("reviews/", include("workbench.reviews.urls")),
    path("kohyo/<int:org_pk>/itakusaki/", public_contractors, name="public_contractors"),
    path("kohyo/", include("workbench.publication.urls")),
    path("torikomi/", include("workbench.intake.urls")),
    path("itakusaki/", include("workbench.contractors.urls")),
    path("files/", include("workbench.files.urls")),
    path("sochi/", include("workbench.controls.urls")),
    path("oshirase/", include("workbench.reminders.urls")),
    path("kensaku/", include("workbench.search.urls")),
    path("admin/", admin.site.urls),
    path("", include("workbench.procedure.urls")),
    path("", include("workbench.assessments.urls")),
    re_path(r"^static/(?P<path>.*)$", serve, {"document_root": settings.STATIC_ROOT}),
]
if settings.PIA_OIDC:  # single sign-on by OpenID Connect (ADR 0025)
    urlpatterns.insert(0, path("oidc/", include("mozilla_django_oidc.urls")))
