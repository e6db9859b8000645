"""Published 評価書 of an organisation, for anyone to read: every 公表版, the 公表中の版 marked
現行 and the earlier ones as 過去の公表版, each with its 公表日 (the revision's, ADR 0005)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from pia.wareki import format_wareki
from workbench.assessments.models import Revision, Status, Version
from workbench.organizations.models import Organization


@dataclass(frozen=True)
class PublishedRow:
    revision: Revision
    version: Version  # the save published
    published_text: str

    @property
    def current(self) -> bool:
        return self.revision.is_current


def published_versions(organization: Organization) -> list[PublishedRow]:
    revisions = (
        Revision.objects.filter(
            assessment__jimu__organization=organization, status=Status.PUBLISHED, published_version__isnull=False
        )
        .select_related("published_version", "assessment", "assessment__jimu")
        .defer("published_version__content")
        .order_by("assessment__jimu__name", "assessment__form", "assessment_id", "-number")
    )
    return [_row(r) for r in revisions]


def _row(revision: Revision) -> PublishedRow:
    day = revision.published_on
    version = revision.published_version
    assert version is not None  # filtered above
    return PublishedRow(revision, version, format_wareki(day) if day else "(記載なし)")


def public_version(organization: Organization, version_pk: int) -> Version:
    """A save that was published (the 公表中の版 or a 過去の公表版) of the organisation; 404 otherwise."""
    revision = (
        Revision.objects.filter(
            assessment__jimu__organization=organization, status=Status.PUBLISHED, published_version_id=version_pk
        )
        .select_related("published_version", "published_version__assessment")
        .first()
    )
    if revision is None or revision.published_version is None:
        raise Http404("公表されている評価書が見つかりません")
    return revision.published_version
