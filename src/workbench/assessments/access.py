"""Fetch 事務, 評価書 and versions only through the user's organisations (404 otherwise)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from workbench.assessments.models import Assessment, Jimu, Version
from workbench.organizations.access import EDITOR_ROLES, has_role, organizations_of
from workbench.organizations.models import Membership, Organization, Role


def jimus_for(user) -> QuerySet[Jimu]:
    visible = Q(organization__in=full_view_organizations(user)) | Q(assessments__in=reviewed_assessments(user))
    return Jimu.objects.filter(organization__in=organizations_of(user)).filter(visible).distinct()


def assessments_for(user) -> QuerySet[Assessment]:
    return (
        Assessment.objects.filter(jimu__organization__in=organizations_of(user))
        .filter(reviewer_scope(user))
        .select_related("jimu", "jimu__organization")
    )


# --- 第三者点検委員 scoping (ADR 0010) ------------------------------------------------------------


def full_view_organizations(user) -> QuerySet[Organization]:
    """Organisations where the user holds a role other than 第三者点検委員: they see every 評価書 there."""
    if not user.is_authenticated:
        return Organization.objects.none()
    held = Membership.objects.filter(user=user).exclude(role=Role.REVIEWER).values("organization")
    return Organization.objects.filter(pk__in=held)


def reviewed_assessments(user) -> QuerySet[Assessment]:
    """The 評価書 of the review rounds the user is assigned to (as 第三者点検委員).

    ``reviews`` sits above this app (ADR 0013), so the rounds are read through the relation it
    declares on the save (``Version.review_rounds``), not imported; one condition on one round."""
    if not user.is_authenticated:
        return Assessment.objects.none()
    saves = Version.objects.filter(
        review_rounds__reviewers=user, review_rounds__organization__in=organizations_of(user)
    )
    return Assessment.objects.filter(pk__in=saves.values("assessment"))


def reviewer_scope(user) -> Q:
    """Which 評価書 of the user's organisations they see: all of them where they hold another role;
    where they are only 第三者点検委員, those of the rounds they are assigned to."""
    return Q(jimu__organization__in=full_view_organizations(user)) | Q(pk__in=reviewed_assessments(user))


def access_assessment(user, pk: int) -> Assessment:
    try:
        return assessments_for(user).get(pk=pk)
    except Assessment.DoesNotExist:
        raise Http404("評価書が見つかりません") from None


def access_jimu(user, pk: int) -> Jimu:
    try:
        return jimus_for(user).get(pk=pk)
    except Jimu.DoesNotExist:
        raise Http404("事務が見つかりません") from None


def access_version(user, assessment_pk: int, number: int) -> Version:
    assessment = access_assessment(user, assessment_pk)
    try:
        return assessment.versions.select_related("author", "assessment").get(number=number)
    except Version.DoesNotExist:
        raise Http404("版が見つかりません") from None


def latest_version_of(assessment: Assessment) -> Version:
    version = assessment.latest_version()
    if version is None:
        raise Http404("この評価書にはまだ版がありません")
    return version


def latest_saves(user, roles: Iterable[str] = EDITOR_ROLES) -> list[dict[str, Any]]:
    """The latest save of each 評価書 of the user's organisations where they hold one of ``roles``
    (by default those who edit, and so may open a review)."""
    rows: list[dict[str, Any]] = []
    for assessment in assessments_for(user):
        if has_role(user, assessment.organization, roles):
            latest = assessment.latest_version()
            if latest is not None:
                rows.append({"assessment": assessment, "version": latest})
    return rows
