"""Reads of 点検・承認 rounds, scoped by the user's organisations (404 otherwise)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from workbench.assessments.access import full_view_organizations
from workbench.organizations.access import organizations_of
from workbench.reviews.models import Remark, ReviewRound


def rounds_for(user) -> QuerySet[ReviewRound]:
    """Rounds of the user's organisations; a member who is only 第三者点検委員 there sees the rounds
    they are assigned to (ADR 0010)."""
    assigned = ReviewRound.objects.filter(reviewers=user).values("pk") if user.is_authenticated else []
    return (
        ReviewRound.objects.filter(organization__in=organizations_of(user))
        .filter(Q(organization__in=full_view_organizations(user)) | Q(pk__in=assigned))
        .select_related("version", "version__assessment", "organization")
    )


def access_round(user, pk: int) -> ReviewRound:
    try:
        return rounds_for(user).get(pk=pk)
    except ReviewRound.DoesNotExist:
        raise Http404("点検が見つかりません") from None


def access_remark(user, round_pk: int, pk: int) -> Remark:
    round_ = access_round(user, round_pk)
    try:
        return round_.remarks.select_related("round").get(pk=pk)
    except Remark.DoesNotExist:
        raise Http404("指摘が見つかりません") from None
