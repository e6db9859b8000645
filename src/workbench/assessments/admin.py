from django.contrib import admin

from workbench.assessments.models import Assessment, Jimu, Revision, Version
from workbench.organizations.admin_audit import AuditedAdmin


@admin.register(Jimu)
class JimuAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ("name", "organization")


@admin.register(Assessment)
class AssessmentAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ("title", "jimu", "form", "status")
    readonly_fields = ("status",)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records the workbench's actions alone write: the admin may look, never change."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Version)
class VersionAdmin(ReadOnlyAdmin):
    """Saves are written by the editor only."""

    list_display = ("assessment", "number", "revision", "author", "created_at")


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    """Revisions change through the workflow only."""

    list_display = ("assessment", "number", "status", "published_on", "superseded_at")
