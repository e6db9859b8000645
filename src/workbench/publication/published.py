"""Published 評価書 (versions in 公表 status) of an organisation, for anyone to read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.http import Http404

from pia.wareki import WarekiError, format_wareki, parse_date
from workbench.assessments.models import Status, Version
from workbench.organizations.models import Organization


@dataclass(frozen=True)
class PublishedRow:
    version: Version
    published_on: date | None
    published_text: str


def published_versions(organization: Organization) -> list[PublishedRow]:
    versions = (
        Version.objects.filter(assessment__jimu__organization=organization, status=Status.PUBLISHED)
        .select_related("assessment", "assessment__jimu")
        .order_by("assessment__jimu__name", "assessment__form", "-number")
    )
    return [_row(v) for v in versions]


def _row(version: Version) -> PublishedRow:
    """公表日: the document's own 公表日 (cover.publication_date), else the approval date."""
    raw = version.content.get("values", {}).get("cover.publication_date")
    day = None
    if raw:
        try:
            day = parse_date(str(raw))
        except WarekiError:
            day = None
    if day is None and version.approved_at is not None:
        day = version.approved_at.date()
    return PublishedRow(version, day, format_wareki(day) if day else "(記載なし)")


def public_version(organization: Organization, version_pk: int) -> Version:
    try:
        return Version.objects.select_related("assessment").get(
            pk=version_pk, assessment__jimu__organization=organization, status=Status.PUBLISHED
        )
    except Version.DoesNotExist:
        raise Http404("公表されている評価書が見つかりません") from None
