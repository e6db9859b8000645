"""Stored files in the Django admin: listed read-only (the rows are evidence; the bytes are served
only through the workbench's own access check, never from the admin)."""

from django.contrib import admin

from workbench.files.models import StoredFile


@admin.register(StoredFile)
class StoredFileAdmin(admin.ModelAdmin):
    list_display = ("name", "organization", "media_type", "size", "uploaded_by", "uploaded_at")
    list_filter = ("organization", "media_type")
    search_fields = ("name", "sha256")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
