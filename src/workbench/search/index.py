"""What the index holds for a 評価書: every filled item of its 公表中の版 and of the latest save of
its 改訂案, with the printed label path; written in the caller's transaction, so a save and its
index rows are committed (or rolled back) together."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.db import transaction
from django.utils import timezone

from pia.document.access import element_heading, labels_with
from pia.document.display import display_value
from pia.document.walk import walk
from pia.forms import get_form
from pia.forms.model import Kind
from workbench.assessments.models import Assessment, Version
from workbench.search.models import Entry, Source
from workbench.search.text import tokens

MAX_LABEL = 1000


def saves_to_index(assessment: Assessment) -> Iterator[tuple[Version, str, date]]:
    """The 公表中の版's save, and the latest save of the 改訂案 (or 評価書案) in progress."""
    published = assessment.current_publication()
    if published is not None and published.published_version is not None:
        version = published.published_version
        yield version, Source.PUBLISHED, published.published_on or timezone.localdate(version.created_at)
    revision = assessment.open_revision()
    latest = revision.saves.order_by("-number").first() if revision is not None else None
    if latest is not None:
        yield latest, Source.DRAFT, timezone.localdate(latest.created_at)


def item_texts(version: Version) -> Iterator[tuple[str, str, str, str]]:
    """``(section, path, label, text)`` of each filled item of a save, in printed order."""
    document = version.document()
    template = get_form(document.form, document.edition)
    headings: dict[str, str] = {}
    section = ""
    for occurrence in walk(document, template):
        item = occurrence.item
        if template.parent(item.id) is None:
            section = item.id
        if occurrence.is_element:
            headings[item.id] = element_heading(item, occurrence.value, occurrence.index or 0)
            continue
        if item.kind is Kind.REPEAT or not item.kind.holds_value:  # a repeat's value is its elements
            continue
        text = display_value(item, occurrence.value).strip()
        if text:
            yield section, str(occurrence.path), labels_with(template, occurrence.path, headings)[:MAX_LABEL], text


def entries_for(assessment: Assessment) -> list[Entry]:
    jimu = assessment.jimu
    common = {
        "organization_id": jimu.organization_id,
        "assessment": assessment,
        "jimu_id": jimu.pk,
        "form": assessment.form,
        "status": assessment.status,
    }
    return [
        Entry(
            **common,
            source=source,
            version_number=version.number,
            dated=dated,
            section=section,
            path=path,
            label=label,
            text=text,
            tokens=tokens(text),
        )
        for version, source, dated in saves_to_index(assessment)
        for section, path, label, text in item_texts(version)
    ]


def reindex(assessment: Assessment) -> int:
    """Replace the 評価書's rows; the number written."""
    entries = entries_for(assessment)
    with transaction.atomic():
        Entry.objects.filter(assessment=assessment).delete()
        Entry.objects.bulk_create(entries, batch_size=500)
    return len(entries)


def rebuild() -> tuple[int, int]:
    """Every 評価書 again (the rows are derived data); (評価書, rows)."""
    assessments = rows = 0
    with transaction.atomic():
        Entry.objects.all().delete()
        for assessment in Assessment.objects.select_related("jimu").order_by("pk"):
            rows += reindex(assessment)
            assessments += 1
    return assessments, rows
