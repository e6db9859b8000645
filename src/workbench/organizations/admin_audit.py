"""Changes made in the Django admin leave application audit events with before/after values.

``AuditedAdmin`` (a mixin for ``ModelAdmin``) records ``admin.add``, ``admin.change`` and
``admin.delete`` for the object and for each object of its inlines (a membership raised to
管理者 inside an organisation's page, a membership removed), attributed to the organisation the
object belongs to, so that organisation's 管理者/承認者 see what the system operator did.
Events about a person's account (a user, a login lock) go to every organisation of the person."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone

from workbench.audit.actions import changes, record
from workbench.organizations.account_audit import record_for_account
from workbench.organizations.models import Organization

SECRET_FIELDS = frozenset({"password", "key"})  # a password hash, a TOTP secret
BEFORE = "_pia_audit_before"


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The object's fields as JSON values: choices by their label, relations by their text,
    many-to-many as sorted texts; never a password hash."""
    values: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in SECRET_FIELDS or field.primary_key:
            continue
        values[field.name] = _value(obj, field)
    if obj.pk is not None:
        for m2m in obj._meta.many_to_many:
            values[m2m.name] = sorted(str(o) for o in getattr(obj, m2m.name).all())
    return values


def labels(obj: models.Model) -> dict[str, str]:
    return {f.name: str(f.verbose_name) for f in [*obj._meta.concrete_fields, *obj._meta.many_to_many]}


def _value(obj: models.Model, field) -> Any:
    if field.choices:
        return str(getattr(obj, f"get_{field.name}_display")())
    if field.is_relation:
        related = getattr(obj, field.name, None)
        return str(related) if related is not None else None
    value = getattr(obj, field.attname)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime):  # to the second, in JST: what the admin's form shows and posts
        return timezone.localtime(value).replace(microsecond=0).isoformat()
    return field.value_to_string(obj)


def record_admin(request, action: str, obj: models.Model, before: dict[str, Any], after: dict[str, Any]) -> None:
    """One admin event with the fields that differ; nothing when nothing changed."""
    difference = changes(before, after, labels(obj))
    if action == "admin.change" and not difference["before"] and not difference["after"]:
        return
    details = {"model": obj._meta.label_lower, "model_label": str(obj._meta.verbose_name), **difference}
    account = _account_of(obj)
    if account is not False:
        record_for_account(action, account, obj=obj, details=details, actor=request.user)
    else:
        record(request.user, action, organization=_organization_of(obj, action), obj=obj, details=details)


def _account_of(obj: models.Model):
    """The person an object is about (a user, a login attempt by user name), else False."""
    user_model = get_user_model()
    if isinstance(obj, user_model):
        return obj
    if obj._meta.label_lower == "axes.accessattempt":
        return user_model.objects.filter(username=getattr(obj, "username", None) or "").first()
    return False


def _organization_of(obj: models.Model, action: str) -> Organization | None:
    if isinstance(obj, Organization):
        return None if action == "admin.delete" else obj  # a deleted organisation cannot be referenced
    organization = getattr(obj, "organization", None)
    return organization if isinstance(organization, Organization) else None


class AuditedAdmin:
    """Mixin for ``admin.ModelAdmin``: audit every save and deletion, inlines included."""

    def save_model(self, request, obj, form, change):
        stored = type(obj)._default_manager.filter(pk=obj.pk).first() if change else None
        setattr(request, BEFORE, snapshot(stored) if stored is not None else {})
        super().save_model(request, obj, form, change)  # type: ignore[misc]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)  # type: ignore[misc]
        obj = form.instance
        record_admin(
            request, "admin.change" if change else "admin.add", obj, getattr(request, BEFORE, {}), snapshot(obj)
        )

    def save_formset(self, request, form, formset, change):
        pks = [f.instance.pk for f in formset.initial_forms if f.instance.pk]
        stored = formset.model._default_manager.filter(pk__in=pks)  # the forms' instances hold the new values
        before = {o.pk: snapshot(o) for o in stored}
        for doomed in formset.deleted_forms:  # recorded first: deleting clears the primary key
            if doomed.instance.pk:
                record_admin(request, "admin.delete", doomed.instance, before.get(doomed.instance.pk, {}), {})
        super().save_formset(request, form, formset, change)  # type: ignore[misc]
        for obj in formset.new_objects:
            record_admin(request, "admin.add", obj, {}, snapshot(obj))
        for obj, _fields in formset.changed_objects:
            record_admin(request, "admin.change", obj, before.get(obj.pk, {}), snapshot(obj))

    def delete_model(self, request, obj):
        with transaction.atomic():
            record_admin(request, "admin.delete", obj, snapshot(obj), {})
            super().delete_model(request, obj)  # type: ignore[misc]

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                record_admin(request, "admin.delete", obj, snapshot(obj), {})
            super().delete_queryset(request, queryset)  # type: ignore[misc]
