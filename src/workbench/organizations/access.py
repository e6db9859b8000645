"""Who belongs where: every protected query is scoped by the user's organisations."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from workbench.organizations.models import Membership, Organization, Role


def organizations_of(user) -> QuerySet[Organization]:
    """The organisations the user is a member of (none for anonymous users)."""
    if not user.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(memberships__user=user).distinct()


def roles_in(user, organization: Organization) -> frozenset[str]:
    if not user.is_authenticated:
        return frozenset()
    cache = getattr(user, "_pia_roles", None)
    if cache is None:
        cache = {}
        for org_id, role in Membership.objects.filter(user=user).values_list("organization_id", "role"):
            cache.setdefault(org_id, set()).add(role)
        user._pia_roles = cache
    return frozenset(cache.get(organization.pk, ()))


def has_role(user, organization: Organization, roles: Iterable[str]) -> bool:
    return bool(roles_in(user, organization) & {str(r) for r in roles})


def require_role(user, organization: Organization, roles: Iterable[str], what: str) -> None:
    """The one permission check of every action: PermissionDenied 「{what}権限がありません。」 unless
    the user holds one of ``roles`` in ``organization``."""
    if not has_role(user, organization, roles):
        raise PermissionDenied(f"{what}権限がありません。")


def access_organization(user, pk: int) -> Organization:
    """The organisation if the user belongs to it; 404 otherwise (no hint that it exists)."""
    try:
        return organizations_of(user).get(pk=pk)
    except Organization.DoesNotExist:
        raise Http404("団体が見つかりません") from None


def forget_roles(user) -> None:
    """Drop the per-request role cache (after memberships change)."""
    if hasattr(user, "_pia_roles"):
        del user._pia_roles


EDITOR_ROLES = (Role.ADMIN, Role.AUTHOR)
