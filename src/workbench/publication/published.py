"""Published 評価書 of an organisation, for anyone to read: per 評価書, its 公表中の版 (現行) first
and the earlier 公表版 after it as history, each with its 版 (the revision's number, so that two
editions published on the same day stay apart) and its 公表日 (the revision's, ADR 0005).

What the records say about an edition's end: a 公表版 is superseded by the next one (its
``superseded_at``); the 事務's end is the 【○年○月○日 終了】 mark the 記載要領 asks for after the
評価書名 of the published save. The models record no 取下げ of a 評価書, so none is shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.db.models import Expression
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.functions import Coalesce
from django.http import Http404

from pia.forms.registry import all_forms
from pia.wareki import WarekiError, format_wareki, parse_date
from workbench.assessments.models import Assessment, Revision, Status, Version
from workbench.organizations.models import Organization

_ENDED = re.compile(r"【\s*([^】]+?)\s*終了\s*】")


def ended_on(name: str) -> date | None:
    """The day in a 評価書名's 「【令和8年3月31日 終了】」 mark, or None (no mark, or no readable date)."""
    match = _ENDED.search(name)
    if match is None:
        return None
    try:
        return parse_date(match.group(1))
    except WarekiError:
        return None


@dataclass(frozen=True)
class PublishedEdition:
    revision: Revision
    version: Version  # the save published
    replaced_by: str = ""  # 「第3版」: the edition published next, for an earlier edition

    @property
    def current(self) -> bool:
        return self.revision.is_current

    @property
    def edition_label(self) -> str:
        """「第2版」: the revision's number, distinct for every edition of the 評価書."""
        return f"第{self.revision.number}版"

    @property
    def published_text(self) -> str:
        day = self.revision.published_on
        return format_wareki(day) if day else "(記載なし)"


@dataclass(frozen=True)
class PublishedAssessment:
    assessment: Assessment
    editions: tuple[PublishedEdition, ...]  # the 現行 edition first, then the earlier ones, newest first
    ended: date | None = None  # the 事務's end, from the current edition's 評価書名

    @property
    def current(self) -> PublishedEdition | None:
        return next((e for e in self.editions if e.current), None)

    @property
    def history(self) -> tuple[PublishedEdition, ...]:
        return tuple(e for e in self.editions if not e.current)

    @property
    def ended_text(self) -> str:
        return format_wareki(self.ended) if self.ended else ""


def _published_name() -> Expression:
    """The 評価書名 of the published save, read in the query (the item with the role ``name``
    in every registered edition), so that the content itself is never loaded."""
    ids = sorted({item.id for template in all_forms() if (item := template.item_for_role("name")) is not None})
    values = KeyTransform("values", "published_version__content")
    names = [KeyTextTransform(item_id, values) for item_id in ids]
    return names[0] if len(names) == 1 else Coalesce(*names)


def _revisions(organization: Organization, **where: object) -> list[Revision]:
    return list(
        Revision.objects.filter(
            assessment__jimu__organization=organization,
            status=Status.PUBLISHED,
            published_version__isnull=False,
            **where,
        )
        .select_related("published_version", "assessment", "assessment__jimu")
        .defer("published_version__content")
        .annotate(published_name=_published_name())
        .order_by("assessment__jimu__name", "assessment__form", "assessment_id", "-number")
    )


def _group(revisions: list[Revision]) -> list[PublishedAssessment]:
    grouped: dict[int, list[PublishedEdition]] = {}
    assessments: dict[int, Assessment] = {}
    for revision in revisions:
        assert revision.published_version is not None  # filtered in the query
        assessments[revision.assessment_id] = revision.assessment
        grouped.setdefault(revision.assessment_id, []).append(PublishedEdition(revision, revision.published_version))
    result = []
    for pk, editions in grouped.items():
        ordered = tuple(sorted(_with_successors(editions), key=lambda e: (not e.current, -e.revision.number)))
        shown = next((e for e in ordered if e.current), None)
        ended = ended_on(str(getattr(shown.revision, "published_name", None) or "")) if shown else None
        result.append(PublishedAssessment(assessments[pk], ordered, ended))
    return result


def _with_successors(editions: list[PublishedEdition]) -> list[PublishedEdition]:
    """Each superseded edition with the label of the one published after it."""
    by_number = sorted(editions, key=lambda e: e.revision.number)
    later = [*(e.edition_label for e in by_number[1:]), ""]
    return [
        PublishedEdition(e.revision, e.version, "" if e.current else label)
        for e, label in zip(by_number, later, strict=True)
    ]


def published_assessments(organization: Organization) -> list[PublishedAssessment]:
    """Every published 評価書 of the organisation, by 事務 and kind, each with its editions."""
    return _group(_revisions(organization))


def published_assessment(organization: Organization, assessment_pk: int) -> PublishedAssessment:
    """One published 評価書 of the organisation with its editions; 404 when it has none."""
    found = _group(_revisions(organization, assessment_id=assessment_pk))
    if not found:
        raise Http404("公表されている評価書が見つかりません")
    return found[0]


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
