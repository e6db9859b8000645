"""Searching what a user may see, each kind of row by its own app's rule: the items and the
comments of the 評価書 ``assessments_for`` gives them (their organisations; a member who is only
第三者点検委員, the 評価書 of their rounds), the remarks of the rounds ``rounds_for`` gives them,
and the 委託先 register of the organisations where they hold a role other than 第三者点検委員."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.utils.safestring import SafeString

from workbench.assessments.access import assessments_for, full_view_organizations
from workbench.organizations.access import organizations_of
from workbench.reviews.access import rounds_for
from workbench.search.engine import matching
from workbench.search.models import ITEM_SOURCES, Entry, Source
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


@dataclass(frozen=True)
class Results:
    count: int
    hits: list[Hit]


def visible_entries(user) -> QuerySet[Entry]:
    assessments = assessments_for(user).values("pk")
    return Entry.objects.filter(
        Q(source__in=(*ITEM_SOURCES, Source.COMMENT), assessment__in=assessments)
        | Q(source=Source.REMARK, review_round__in=rounds_for(user).values("pk"))
        | Q(source__in=(Source.CONTRACTOR, Source.CONTRACT), organization__in=full_view_organizations(user))
    )


def filtered(entries: QuerySet[Entry], filters: Filters) -> QuerySet[Entry]:
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


SOURCE_ORDER = Case(
    *(When(source=source, then=Value(n)) for n, source in enumerate(Source)), output_field=IntegerField()
)


def search(user, query: Query, filters: Filters = Filters(), limit: int = PAGE) -> Results:
    """The hits by 評価書 (the register's after them), 公表版, 改訂案, comments, remarks, each in
    printed (or written) order; the first ``limit`` of them and how many there are."""
    organizations = organizations_of(user).values_list("pk", flat=True)
    found = matching(filtered(visible_entries(user), filters), query, organizations)
    ordered = found.select_related("assessment", "jimu").order_by(
        F("assessment__title").asc(nulls_last=True), "assessment_id", SOURCE_ORDER, "id"
    )
    hits = [Hit(entry, snippet(entry.text, query)) for entry in ordered[:limit]]
    return Results(found.count(), hits)
