"""Single sign-on by OpenID Connect (mozilla-django-oidc, ADR 0025), roles from the directory's
groups. The built-in login stays; this backend is added only when ``PIA_OIDC_CLIENT_ID`` is set.

The person is found by the user-name claim (``PIA_OIDC_USERNAME_CLAIM``, not by e-mail, which
two accounts may share) and created on first login without a usable password. At every login the
roles in each organisation named in ``PIA_SSO_GROUP_ROLES`` are set from the groups claim; roles in
other organisations are left alone, and an organisation where a 管理者 stopped the person's use
(``Deactivation``) is skipped: the stop wins over the directory. No mapped group: no login."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from workbench.acting import action
from workbench.audit.actions import record
from workbench.organizations.access import forget_roles
from workbench.organizations.actions import ROLE_ORDER, roles_of
from workbench.organizations.models import Deactivation, Membership, Organization, Role

LOG = logging.getLogger(__name__)


def roles_from_groups(groups, mapping) -> dict[str, list[str]]:
    """団体名 → roles, from the person's groups and ``PIA_SSO_GROUP_ROLES``; every organisation the
    mapping names is present (with no roles when no group of the person gives one)."""
    wanted: dict[str, set[str]] = {name: set() for organizations in mapping.values() for name in organizations}
    for group in groups or ():
        for name, roles in mapping.get(str(group), {}).items():
            wanted[name].update(roles)
    return {name: [r for r in ROLE_ORDER if r in roles] for name, roles in wanted.items()}


@action
def apply_directory_roles(user, wanted: dict[str, list[str]], *, source: str) -> dict[str, list[str]]:
    """Set the person's roles in the organisations the directory manages; audited per changed
    organisation (``sso.roles``, before/after). Returns the roles set, by organisation name."""
    applied: dict[str, list[str]] = {}
    with transaction.atomic():
        organizations = {o.name: o for o in Organization.objects.filter(name__in=list(wanted))}
        for name in sorted(set(wanted) - set(organizations)):
            LOG.warning("PIA_SSO_GROUP_ROLES names an organisation that does not exist: %s", name)
        stopped = set(Deactivation.objects.filter(user=user).values_list("organization__name", flat=True))
        for name, organization in sorted(organizations.items()):
            if name in stopped:
                continue
            current, roles = roles_of(user, organization), wanted[name]
            if current == roles:
                applied[name] = roles
                continue
            Membership.objects.filter(user=user, organization=organization).exclude(role__in=roles).delete()
            for role in roles:
                Membership.objects.get_or_create(user=user, organization=organization, role=role)
            record(
                user,
                "sso.roles",
                organization=organization,
                obj=user,
                details={
                    "user": user.get_username(),
                    "source": source,
                    "before": {"roles": [Role(r).label for r in current]},
                    "after": {"roles": [Role(r).label for r in roles]},
                    "labels": {"roles": "役割"},
                },
            )
            applied[name] = roles
    forget_roles(user)
    return applied


class OIDCRoleBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend: user by the user-name claim, roles from the groups claim."""

    def _username(self, claims) -> str:
        return str(claims.get(getattr(settings, "PIA_OIDC_USERNAME_CLAIM", "preferred_username")) or "")[:150]

    def _wanted(self, claims) -> dict[str, list[str]]:
        groups = claims.get(getattr(settings, "PIA_OIDC_GROUPS_CLAIM", "groups"))
        return roles_from_groups(groups, getattr(settings, "PIA_SSO_GROUP_ROLES", {}))

    def verify_claims(self, claims) -> bool:
        return bool(self._username(claims)) and any(self._wanted(claims).values())

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(username=self._username(claims))

    def create_user(self, claims):
        user = self.UserModel(
            username=self._username(claims), email=claims.get("email") or "", last_name=claims.get("name") or ""
        )
        user.set_unusable_password()
        with transaction.atomic():
            user.save()
            apply_directory_roles(user, self._wanted(claims), source="oidc")
        return user

    def update_user(self, user, claims):
        apply_directory_roles(user, self._wanted(claims), source="oidc")
        return user

    def get_user(self, user_id):
        user = super().get_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
