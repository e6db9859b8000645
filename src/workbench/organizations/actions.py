"""Writes to organisations and memberships (used by the demo loader and administrators).

A 管理者 manages the roles of the people in the organisation; a new account is registered with
``accounts.create_account``. Bringing someone of another body into the organisation stays the
system operator's job in the Django admin (audited), so nothing on the members page answers
differently for a person who exists elsewhere. A person keeps at least one role: taking them out
is a stop of their use (``accounts.deactivate_member``), which keeps the roles for a restart."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction

from workbench.acting import action
from workbench.audit.actions import record
from workbench.organizations import lockout
from workbench.organizations.access import forget_roles, has_role
from workbench.organizations.models import Membership, Organization, Role

ROLE_ORDER = [r.value for r in Role]


class MembershipError(ValueError):
    """A refused membership change, with a Japanese message for the page."""


class StaleRoles(MembershipError):
    """Someone changed the person's roles since the form was shown; nothing was written."""

    def __init__(self, message: str, current: list[str]) -> None:
        super().__init__(message)
        self.current = current


@action
def create_organization(name: str, body_type: str, *, actor: User) -> Organization:
    """Only a superuser (system operator) registers a new organisation."""
    if not getattr(actor, "is_superuser", False):
        raise PermissionDenied("団体を登録する権限がありません。")
    with transaction.atomic():
        organization = Organization.objects.create(name=name, body_type=body_type)
        record(actor, "organization.create", organization=organization, obj=organization)
    return organization


@action
def add_member(organization: Organization, user, role: str, *, actor: User) -> Membership:
    """Give a role: a superuser to anyone; an organisation's 管理者 only to its own people."""
    require_admin(actor, organization)
    with transaction.atomic():
        if not actor.is_superuser and not Membership.objects.filter(user=user, organization=organization).exists():
            raise MembershipError(NOT_A_MEMBER)
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


NO_ROLE = (
    "「役割」を1つ以上選んでください。この団体での利用をやめる場合は、役割を外さずに「利用を停止する」を使ってください"
    "(利用者の記録と役割は残り、あとで再開できます)。"
)
NOT_A_MEMBER = "この利用者はこの団体に所属していません。団体への追加はシステム管理者に依頼してください。"


def roles_of(user, organization: Organization) -> list[str]:
    """The person's roles in the organisation, in the order of ``Role``."""
    held = set(Membership.objects.filter(user=user, organization=organization).values_list("role", flat=True))
    return [r for r in ROLE_ORDER if r in held]


@action
def set_roles(organization: Organization, user, roles: Iterable[str], seen: Iterable[str], *, actor: User) -> list[str]:
    """Set the person's roles to ``roles`` if they are still ``seen`` (what the form showed):
    otherwise :class:`StaleRoles` and nothing changes. The organisation keeps at least one 管理者.
    The audit event keeps the roles before and after. Returns the new roles."""
    require_admin(actor, organization)
    wanted = [r for r in ROLE_ORDER if r in set(roles)]
    expected = [r for r in ROLE_ORDER if r in set(seen)]
    name = user.get_username()
    with transaction.atomic():
        Organization.objects.select_for_update().filter(pk=organization.pk).first()  # one change at a time
        current = roles_of(user, organization)
        if not current and not actor.is_superuser:
            raise MembershipError(NOT_A_MEMBER)
        if current != expected:
            raise StaleRoles(
                f"{name}さんの役割は、この画面を開いた後にほかの方が変更しました"
                f"(現在:{_labels(current)})。変更は保存していません。現在の役割を確かめて、もう一度操作してください。",
                current,
            )
        if current == wanted:
            return current
        if not wanted and not actor.is_superuser:
            raise MembershipError(NO_ROLE)
        if Role.ADMIN in current and Role.ADMIN not in wanted and not other_admins(organization, user):
            raise MembershipError(
                "団体の管理者が1人もいなくなるため、この変更はできません。先にほかの方を管理者にしてください。"
            )
        Membership.objects.filter(user=user, organization=organization).exclude(role__in=wanted).delete()
        for role in wanted:
            Membership.objects.get_or_create(user=user, organization=organization, role=role)
        record(
            actor,
            "membership.change",
            organization=organization,
            obj=user,
            details={
                "user": name,
                "before": {"roles": [Role(r).label for r in current]},
                "after": {"roles": [Role(r).label for r in wanted]},
                "labels": {"roles": "役割"},
            },
        )
    forget_roles(user)
    return wanted


@action
def unlock_member(organization: Organization, user, *, actor: User) -> int:
    """A 管理者 lifts the login lock of one of the organisation's people (their user name, from
    every address); audited with the number of lock records removed."""
    require_admin(actor, organization)
    with transaction.atomic():
        if not Membership.objects.filter(user=user, organization=organization).exists():
            raise MembershipError(NOT_A_MEMBER)
        removed = lockout.unlock(user.get_username())
        record(
            actor,
            "login_unlock",
            organization=organization,
            obj=user,
            details={"user": user.get_username(), "removed": removed},
        )
    return removed


def require_admin(actor, organization: Organization, what: str = "利用者の役割を設定する") -> None:
    if not (getattr(actor, "is_superuser", False) or has_role(actor, organization, (Role.ADMIN,))):
        raise PermissionDenied(f"{what}権限がありません。")


def other_admins(organization: Organization, user) -> bool:
    return Membership.objects.filter(organization=organization, role=Role.ADMIN).exclude(user=user).exists()


def _labels(roles: list[str]) -> str:
    return "、".join(Role(r).label for r in roles) or "役割なし"
