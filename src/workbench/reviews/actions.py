"""Every write of a 第三者点検 / 承認 round: permission check, one transaction, one audit event."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet

from workbench import clock
from workbench.acting import action
from workbench.assessments.models import Version
from workbench.audit.actions import record
from workbench.concurrency import before_after, check_fresh
from workbench.organizations.access import EDITOR_ROLES, require_role
from workbench.organizations.models import BodyType, Membership, Role
from workbench.reviews.models import Kind, Remark, ReviewRound


class ReviewError(ValueError):
    """A request the round refuses (Japanese message)."""


def _open(round_: ReviewRound) -> None:
    if round_.closed:
        raise ReviewError("この点検は終了しています。")


def organization_reviewers(organization) -> QuerySet:
    """The members holding the 第三者点検委員 role: who may be assigned to the organisation's rounds."""
    ids = Membership.objects.filter(organization=organization, role=Role.REVIEWER).values("user")
    return get_user_model().objects.filter(pk__in=ids).order_by("username")


def _assignable(organization, reviewers: Iterable) -> list:
    chosen = sorted({r.pk: r for r in reviewers}.values(), key=lambda r: r.get_username())
    allowed = set(organization_reviewers(organization).values_list("pk", flat=True))
    for reviewer in chosen:
        if reviewer.pk not in allowed:
            name = reviewer.get_username()
            raise ReviewError(f"「{name}」はこの団体の第三者点検委員ではないため、担当にできません。")
    return chosen


def _names(reviewers: Iterable) -> list[str]:
    return sorted(r.get_username() for r in reviewers)


@action
def start_round(version: Version, reviewers: Iterable | None = None, *, user: User) -> ReviewRound:
    """Start a 第三者点検 (local) or 委員会の承認 (national) round on this exact version, with the
    第三者点検委員 who review it (default: every 第三者点検委員 of the organisation; a 第三者点検
    needs at least one when the organisation has any). Only they, among the members who are
    nothing but 第三者点検委員, see this 評価書 (ADR 0010)."""
    organization = version.assessment.organization
    require_role(user, organization, EDITOR_ROLES, "点検・承認を開始する")
    kind = Kind.APPROVAL if organization.body_type == BodyType.NATIONAL else Kind.THIRD_PARTY
    chosen = _assignable(organization, organization_reviewers(organization) if reviewers is None else reviewers)
    if kind == Kind.THIRD_PARTY and not chosen and organization_reviewers(organization).exists():
        raise ReviewError("担当の第三者点検委員を1人以上選んでください。")
    with transaction.atomic():
        round_ = ReviewRound.objects.create(version=version, organization=organization, kind=kind, started_by=user)
        round_.reviewers.set(chosen)
        record(
            user,
            "review.start",
            organization=organization,
            obj=round_,
            version_number=version.number,
            details={"reviewers": _names(chosen)},
        )
    return round_


@action
def set_reviewers(round_: ReviewRound, reviewers: Iterable, *, user: User) -> ReviewRound:
    """管理者 change who is assigned (also after the round ended, e.g. to end a former member's
    access). Audited with the usernames before and after."""
    require_role(user, round_.organization, (Role.ADMIN,), "担当の第三者点検委員を変更する")
    chosen = _assignable(round_.organization, reviewers)
    with transaction.atomic():
        before = _names(round_.reviewers.all())
        round_.reviewers.set(chosen)
        record(
            user,
            "review.reviewers",
            organization=round_.organization,
            obj=round_,
            version_number=round_.version.number,
            details={"before": {"reviewers": before}, "after": {"reviewers": _names(chosen)}},
        )
    return round_


def is_assigned(user, round_: ReviewRound) -> bool:
    return round_.reviewers.filter(pk=user.pk).exists()


@action
def record_report(round_: ReviewRound, *, user: User) -> None:
    """Audit a download of the round's 点検結果 PDF."""
    record(
        user,
        "download",
        organization=round_.organization,
        obj=round_,
        version_number=round_.version.number,
        details={"kind": "review-pdf"},
    )


@action
def add_remark(round_: ReviewRound, path: str, text: str, *, user: User) -> Remark:
    require_role(user, round_.organization, (Role.REVIEWER,), "指摘を記入する")
    if not is_assigned(user, round_):
        raise PermissionDenied("この点検の担当の第三者点検委員ではないため、指摘を記入できません。")
    _open(round_)
    if not text.strip():
        raise ReviewError("「指摘」を入力してください。")
    with transaction.atomic():
        remark = Remark.objects.create(round=round_, path=path, text=text.strip(), author=user)
        record(
            user,
            "review.remark",
            organization=round_.organization,
            obj=round_,
            version_number=round_.version.number,
            details={"remark": remark.pk, "path": path},
        )
    return remark


def remark_values(remark: Remark) -> dict[str, object]:
    """The answer side of a remark as stored (what a form's ``seen`` fingerprint is taken over)."""
    return {"answer": remark.answer, "resolved": remark.resolved}


@action
def answer_remark(remark: Remark, answer: str, resolved: bool, seen: str | None = None, *, user: User) -> Remark:
    """Answer a remark and mark it 対応済み or not. ``seen``: the fingerprint of the values the form
    showed; a colleague's save since then raises ``StaleEditError`` and nothing is written.
    Audited with the values before and after."""
    round_ = remark.round
    require_role(user, round_.organization, EDITOR_ROLES, "指摘に回答する")
    _open(round_)
    new: dict[str, object] = {"answer": answer.strip(), "resolved": resolved}
    with transaction.atomic():
        old = remark_values(Remark.objects.select_for_update().get(pk=remark.pk))
        check_fresh(seen, old, new)
        remark.answer, remark.resolved, remark.answered_by = answer.strip(), resolved, user
        remark.save(update_fields=["answer", "resolved", "answered_by"])
        record(
            user,
            "review.answer",
            organization=round_.organization,
            obj=round_,
            version_number=round_.version.number,
            details={"remark": remark.pk, "resolved": resolved, **before_after(old, new)},
        )
    return remark


@action
def close_round(
    round_: ReviewRound,
    *,
    user: User,
    result: str = "",
    applied_on: date | None = None,
    approved_on: date | None = None,
) -> ReviewRound:
    """End the round with its 点検結果 (local) or the application and approval dates (national)."""
    require_role(user, round_.organization, EDITOR_ROLES, "点検・承認の結果を記録する")
    _open(round_)
    if round_.kind == Kind.THIRD_PARTY and not result.strip():
        raise ReviewError("「点検結果」を入力してください。")
    if round_.kind == Kind.APPROVAL:
        if applied_on is None or approved_on is None:
            raise ReviewError("「承認の申請日」と「承認日」を入力してください。")
        if approved_on < applied_on:
            raise ReviewError("「承認日」が「承認の申請日」より前になっています。")
    if round_.remarks.filter(resolved=False).exists():
        raise ReviewError("対応済みでない指摘があります。すべての指摘に回答してから終了してください。")
    with transaction.atomic():
        round_.result, round_.applied_on, round_.approved_on = result.strip(), applied_on, approved_on
        round_.closed_by, round_.closed_at = user, clock.now()
        round_.save(update_fields=["result", "applied_on", "approved_on", "closed_by", "closed_at"])
        details = {"applied_on": applied_on.isoformat() if applied_on else None}
        details["approved_on"] = approved_on.isoformat() if approved_on else None
        record(
            user,
            "review.close",
            organization=round_.organization,
            obj=round_,
            version_number=round_.version.number,
            details=details,
        )
    return round_
