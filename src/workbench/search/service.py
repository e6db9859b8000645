"""Searching what a user may see: the entries of the 評価書 ``assessments_for`` gives them (their
organisations; a member who is only 第三者点検委員, the 評価書 of their rounds), filtered, with
the snippet and the link to the item in the editor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils.safestring import SafeString

from workbench.assessments.access import assessments_for
from workbench.assessments.editor.names import anchor
from workbench.search.engine import matching
from workbench.search.models import Entry
from workbench.search.snippet import snippet
from workbench.search.text import Query

PAGE = 50


@dataclass(frozen=True)
class Filters:
    form: str = ""
    jimu_id: int | None = None
    status: str = ""
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class Hit:
    entry: Entry
    snippet: SafeString
    url: str


@dataclass(frozen=True)
class Results:
    count: int
    hits: list[Hit]


def editor_url(entry: Entry) -> str:
    return f"{reverse('editor', args=[entry.assessment_id])}?section={entry.section}#{anchor(entry.path)}"


def visible_entries(user):
    return Entry.objects.filter(assessment__in=assessments_for(user).values("pk"))


def filtered(entries, filters: Filters):
    if filters.form:
        entries = entries.filter(form=filters.form)
    if filters.jimu_id is not None:
        entries = entries.filter(jimu_id=filters.jimu_id)
    if filters.status:
        entries = entries.filter(status=filters.status)
    if filters.since is not None:
        entries = entries.filter(dated__gte=filters.since)
    if filters.until is not None:
        entries = entries.filter(dated__lte=filters.until)
    return entries


def search(user, query: Query, filters: Filters = Filters(), limit: int = PAGE) -> Results:
    """The hits, by 評価書 and in printed order (公表版 before 改訂案), the first ``limit``."""
    found = matching(filtered(visible_entries(user), filters), query)
    ordered = found.select_related("assessment", "jimu").order_by("assessment__title", "assessment_id", "-source", "id")
    hits = [Hit(entry, snippet(entry.text, query), editor_url(entry)) for entry in ordered[:limit]]
    return Results(found.count(), hits)
