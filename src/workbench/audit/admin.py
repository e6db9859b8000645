from django.contrib import admin

from workbench.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail can be read here but never added to, changed or deleted."""

    list_display = ("seq", "at", "actor_name", "organization", "action", "object_label", "version_number")
    list_filter = ("action", "organization")
    search_fields = ("actor_name", "object_label")
    readonly_fields = ("seq", "previous_hash", "hash")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
