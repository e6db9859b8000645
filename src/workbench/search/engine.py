"""The query side (ADR 0022): a parsed query becomes the engine's own phrase query over the
bigram tokens (FTS5 ``MATCH``, PostgreSQL ``@@ to_tsquery``), intersected in the index with the
caller's organisations; the rows come back through the ORM, where each app's access rule and the
filters narrow them further (``service``)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from workbench.search.models import Entry
from workbench.search.text import PUBLIC_SCOPE, Query, scope_token


def fts5_query(query: Query, scopes: Iterable[str]) -> str:
    """``(org1 OR org4) AND "委託 託先" AND "住基"``: the scope tokens and each term a phrase of
    its bigrams (adjacent, in order). The tokens hold letters and digits only, so nothing in them
    is FTS5 syntax."""
    scope = " OR ".join(scopes)
    phrases = ['"' + " ".join(phrase) + '"' for phrase in query.phrases]
    return " AND ".join([f"({scope})", *phrases])


def tsquery(query: Query, scopes: Iterable[str]) -> str:
    """``(org1 | org4) & (委託 <-> 託先) & (住基)``: the same for PostgreSQL's ``to_tsquery``."""
    scope = " | ".join(scopes)
    return " & ".join([f"({scope})", *("(" + " <-> ".join(phrase) + ")" for phrase in query.phrases)])


def matching(entries: QuerySet[Entry], query: Query, organization_ids: Iterable[int]) -> QuerySet[Entry]:
    """The entries of the organisations whose text holds every term of the query."""
    return matching_in(entries, query, [scope_token(pk) for pk in sorted(set(organization_ids))])


def matching_public(entries: QuerySet[Entry], query: Query) -> QuerySet[Entry]:
    """The rows of the public editions whose text holds every term of the query."""
    return matching_in(entries, query, [PUBLIC_SCOPE])


def matching_in(entries: QuerySet[Entry], query: Query, scopes: list[str]) -> QuerySet[Entry]:
    """The entries within the scope tokens (an organisation's, the public editions') whose text holds
    every term of the query: the engine intersects both in its index."""
    if not scopes:
        return entries.none()
    if connection.vendor == "postgresql":
        sql = "SELECT id FROM search_entry WHERE tsv @@ to_tsquery('simple', %s)"
        return entries.filter(pk__in=RawSQL(sql, [tsquery(query, scopes)]))
    if connection.vendor == "sqlite":
        sql = "SELECT rowid FROM search_entry_fts WHERE search_entry_fts MATCH %s"
        return entries.filter(pk__in=RawSQL(sql, [fts5_query(query, scopes)]))
    raise NotImplementedError(f"検索は {connection.vendor} に対応していません。")
