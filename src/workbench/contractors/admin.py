"""The 通知書 numbering in the Django admin: the system operator sets an organisation's 文書記号
(「熊市」) and 発信者名 (「熊本市長」) before the first 通知書; the last number used is read-only
(numbers are taken by the decision only, never reused), and a sequence is never deleted."""

from django.contrib import admin

from workbench.contractors.models import NoticeSequence
from workbench.organizations.admin_audit import AuditedAdmin


@admin.register(NoticeSequence)
class NoticeSequenceAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ("organization", "prefix", "issuer", "last_number")
    readonly_fields = ("last_number",)

    def has_delete_permission(self, request, obj=None):
        return False
