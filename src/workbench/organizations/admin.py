"""The system operator's admin for organisations, people and login locks; every save and deletion
is an application audit event with before/after values (``organizations.admin_audit.AuditedAdmin``)."""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from workbench.organizations.account_audit import record_for_account
from workbench.organizations.admin_audit import AuditedAdmin
from workbench.organizations.models import Membership, Organization


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ("name", "body_type")
    inlines = [MembershipInline]


class AuditedUserAdmin(AuditedAdmin, UserAdmin):
    """Django's user admin; a password set here is audited too (without any value)."""

    inlines = [MembershipInline]

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = self.get_object(request, id)
            record_for_account("admin.password", user, obj=user, actor=request.user)
        return response


user_model = get_user_model()
if admin.site.is_registered(user_model):
    admin.site.unregister(user_model)
admin.site.register(user_model, AuditedUserAdmin)


@admin.register(AccessAttempt)
class AuditedAccessAttemptAdmin(AuditedAdmin, AccessAttemptAdmin):
    """Login locks (django-axes): deleting a row unlocks that user name or address, audited."""


if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)  # django-otp's own admin shows the secret and its QR code


@admin.register(TOTPDevice)
class AuditedTOTPDeviceAdmin(AuditedAdmin, admin.ModelAdmin):
    """Authenticator apps (ADR 0024): the operator can only see and remove one (audited, never
    the secret); people enrol their own on their two-factor page."""

    list_display = ("user", "name", "confirmed", "created_at", "last_used_at")
    fields = ("user", "name", "confirmed", "created_at", "last_used_at")
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
