"""A 管理者 manages the accounts of the organisation's people (ADR 0023): registers a new person
(an account without a password and an invitation mail with a one-time link), stops and restarts a
person's use of the organisation, and sends a password reset link. Accounts are never deleted.

A person may belong to several organisations. Stopping (利用停止) is per organisation: the roles
there move into a ``Deactivation`` row, so every query of the workbench stops granting them at the
next request. When the person has no role left anywhere, the account is made inactive as well
(``is_active``: no login, the password reset refuses it) and its sessions end."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction

from workbench import clock
from workbench.acting import action
from workbench.audit.actions import record
from workbench.organizations import password_links
from workbench.organizations.access import forget_roles
from workbench.organizations.actions import ROLE_ORDER, MembershipError, other_admins, require_admin, roles_of
from workbench.organizations.models import Deactivation, Membership, Organization, Role
from workbench.organizations.sessions import end_sessions


class AccountError(MembershipError):
    """A refused account change; ``field`` names the form field it belongs to (or None)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


MANAGE = "利用者を管理する"
NAME_TAKEN = "このユーザー名は使用できません。別のユーザー名を入力してください。"
NO_MAIL = (
    "メールの送信が設定されていないため、パスワード設定のご案内を送れません。"
    "システム管理者にメールの設定(PIA_EMAIL_HOST)を依頼してください。"
)


def display_name(user) -> str:
    """How pages and mails name a person: 氏名, else the user name."""
    return user.get_full_name() or user.get_username()


def _labels(roles: Iterable[str]) -> list[str]:
    return [Role(r).label for r in roles]


@action
def create_account(
    organization: Organization, *, full_name: str, username: str, email: str, roles: Iterable[str], actor: User
) -> User:
    """A new account in ``organization`` with ``roles``, no usable password, and the invitation
    mail with its one-time link. A user name already taken anywhere (case ignored) is refused
    with the same words whoever holds it."""
    require_admin(actor, organization, MANAGE)
    wanted = [r for r in ROLE_ORDER if r in set(roles)]
    if not wanted:
        raise AccountError("「役割」を1つ以上選んでください。", "roles")
    if not password_links.mail_configured():
        raise AccountError(NO_MAIL)
    users = get_user_model()
    with transaction.atomic():
        if users.objects.filter(username__iexact=username).exists():
            raise AccountError(NAME_TAKEN, "username")
        user = users(username=username, email=email, last_name=full_name)  # 氏名 in one field
        user.set_unusable_password()
        user.save()
        for role in wanted:
            Membership.objects.create(user=user, organization=organization, role=role)
        _send(password_links.INVITE, user, organization, actor)
        record(
            actor,
            "account.create",
            organization=organization,
            obj=user,
            details={"user": username, "name": full_name, "roles": _labels(wanted)},
        )
    return user


@action
def send_password_reset(organization: Organization, user, *, actor: User) -> None:
    """Mail ``user`` a one-time link to set a new password (their password stays until then)."""
    require_admin(actor, organization, MANAGE)
    with transaction.atomic():
        if not Membership.objects.filter(user=user, organization=organization).exists() or not user.is_active:
            raise AccountError(f"{display_name(user)}さんは利用を停止しているため、パスワードの再設定はできません。")
        if not user.email:
            raise AccountError(
                f"{display_name(user)}さんのメールアドレスが登録されていないため、再設定のご案内を送れません。"
                "システム管理者にメールアドレスの登録を依頼してください。"
            )
        if not password_links.mail_configured():
            raise AccountError(NO_MAIL)
        _send(password_links.RESET, user, organization, actor)
        record(
            actor,
            "password_reset.send",
            organization=organization,
            obj=user,
            details={"user": user.get_username()},
        )


def _send(purpose: password_links.Purpose, user, organization: Organization, actor) -> None:
    """Send inside the action's transaction: a refused mail rolls the change back."""
    try:
        password_links.send_link(purpose, user, organization=organization.name, actor=display_name(actor))
    except OSError as exc:
        raise AccountError(
            f"メールを送信できませんでした({exc.__class__.__name__})。何も変更していません。"
            "しばらくしてからもう一度操作するか、システム管理者に連絡してください。"
        ) from exc


@action
def deactivate_member(organization: Organization, user, *, actor: User) -> Deactivation:
    """Stop ``user``'s use of ``organization``: their roles there are kept for a restart; the last
    active 管理者 and the acting 管理者 themselves are refused."""
    require_admin(actor, organization, MANAGE)
    name = display_name(user)
    with transaction.atomic():
        Organization.objects.select_for_update().filter(pk=organization.pk).first()  # one change at a time
        roles = roles_of(user, organization)
        if not roles:
            raise AccountError(f"{name}さんは、この団体の利用をすでに停止しています。")
        if user.pk == actor.pk:
            raise AccountError("自分自身の利用は停止できません。ほかの管理者に依頼してください。")
        if Role.ADMIN in roles and not other_admins(organization, user):
            raise AccountError(
                f"{name}さんはこの団体の最後の管理者のため、利用を停止できません。先にほかの方を管理者にしてください。"
            )
        Membership.objects.filter(user=user, organization=organization).delete()
        closed = not user.is_superuser and not Membership.objects.filter(user=user).exists()
        stopped = Deactivation.objects.create(
            user=user, organization=organization, roles=roles, at=clock.now(), by=actor, closed_account=closed
        )
        ended = 0
        if closed:
            user.is_active = False
            user.save(update_fields=["is_active"])
            ended = end_sessions(user)
        record(
            actor,
            "account.deactivate",
            organization=organization,
            obj=user,
            details={
                "user": user.get_username(),
                "roles": _labels(roles),
                "account_closed": closed,
                "sessions_ended": ended,
            },
        )
    forget_roles(user)
    return stopped


@action
def reactivate_member(organization: Organization, user, *, actor: User) -> list[str]:
    """Restart ``user``'s use of ``organization`` with the roles they had; an account that a
    stop made inactive is active again. Returns the roles."""
    require_admin(actor, organization, MANAGE)
    with transaction.atomic():
        stopped = Deactivation.objects.select_for_update().filter(user=user, organization=organization).first()
        if stopped is None:
            raise AccountError(f"{display_name(user)}さんは、この団体の利用を停止していません。")
        roles = [r for r in ROLE_ORDER if r in set(stopped.roles)] or [Role.VIEWER.value]
        for role in roles:
            Membership.objects.get_or_create(user=user, organization=organization, role=role)
        closed_by_a_stop = Deactivation.objects.filter(user=user, closed_account=True).exists()
        stopped.delete()
        reopened = not user.is_active and closed_by_a_stop
        if reopened:
            user.is_active = True
            user.save(update_fields=["is_active"])
            Deactivation.objects.filter(user=user).update(closed_account=False)
        record(
            actor,
            "account.reactivate",
            organization=organization,
            obj=user,
            details={"user": user.get_username(), "roles": _labels(roles), "account_reopened": reopened},
        )
    forget_roles(user)
    return roles
