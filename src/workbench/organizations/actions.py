"""Writes to organisations and memberships (used by the demo loader and administrators)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from workbench.audit.actions import record
from workbench.organizations.access import forget_roles, has_role
from workbench.organizations.models import Membership, Organization, Role


def create_organization(actor, name: str, body_type: str) -> Organization:
    """Only a superuser (system operator) registers a new organisation."""
    if not getattr(actor, "is_superuser", False):
        raise PermissionDenied("団体を登録する権限がありません。")
    with transaction.atomic():
        organization = Organization.objects.create(name=name, body_type=body_type)
        record(actor, "organization.create", organization=organization, obj=organization)
    return organization


def add_member(actor, organization: Organization, user, role: str) -> Membership:
    """An organisation's 管理者 (or a superuser) gives a person a role in it."""
    if not (getattr(actor, "is_superuser", False) or has_role(actor, organization, (Role.ADMIN,))):
        raise PermissionDenied("利用者の役割を設定する権限がありません。")
    with transaction.atomic():
        membership, _ = Membership.objects.get_or_create(user=user, organization=organization, role=role)
        record(
            actor,
            "membership.add",
            organization=organization,
            obj=membership,
            details={"user": user.get_username(), "role": role},
        )
    forget_roles(user)
    return membership
