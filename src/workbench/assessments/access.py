"""Fetch 事務, 評価書 and versions only through the user's organisations (404 otherwise)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from workbench.assessments.models import Assessment, Jimu, Version
from workbench.organizations.access import organizations_of


def jimus_for(user) -> QuerySet[Jimu]:
    return Jimu.objects.filter(organization__in=organizations_of(user))


def assessments_for(user) -> QuerySet[Assessment]:
    return Assessment.objects.filter(jimu__organization__in=organizations_of(user)).select_related(
        "jimu", "jimu__organization"
    )


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
