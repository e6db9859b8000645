"""The query side (ADR 0022): a parsed query becomes the engine's own phrase query over the
bigram tokens (FTS5 ``MATCH``, PostgreSQL ``@@ to_tsquery``); the rows come back scoped by the
caller (``search.access``) and filtered through the ORM."""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from workbench.search.models import Entry
from workbench.search.text import Query


def fts5_query(query: Query) -> str:
    """``"委託 託先" AND "住基"``: each term a phrase of its bigrams (adjacent, in order). The
    tokens hold letters and digits only, so nothing in them is FTS5 syntax."""
    return " AND ".join('"' + " ".join(phrase) + '"' for phrase in query.phrases)


def tsquery(query: Query) -> str:
    """``(委託 <-> 託先) & (住基)``: the same for PostgreSQL's ``to_tsquery``."""
    return " & ".join("(" + " <-> ".join(phrase) + ")" for phrase in query.phrases)


def matching(entries: QuerySet[Entry], query: Query) -> QuerySet[Entry]:
    """The entries whose text holds every term of the query."""
    if connection.vendor == "postgresql":
        sql = "SELECT id FROM search_entry WHERE tsv @@ to_tsquery('simple', %s)"
        return entries.filter(pk__in=RawSQL(sql, [tsquery(query)]))
    if connection.vendor == "sqlite":
        sql = "SELECT rowid FROM search_entry_fts WHERE search_entry_fts MATCH %s"
        return entries.filter(pk__in=RawSQL(sql, [fts5_query(query)]))
    raise NotImplementedError(f"検索は {connection.vendor} に対応していません。")
