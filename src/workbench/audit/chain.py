"""The tamper-evident chain over audit events (ADR 0009).

Every event stores its number in the chain (``seq``, from 1), the hash of the event before it
(``previous_hash``; the first event has :data:`GENESIS`) and its own ``hash``: SHA-256 over a
canonical JSON of its content and ``previous_hash``. Changing, removing or inserting an event
breaks the link at that point; :func:`verify` finds the first broken link. The head row
(:class:`AuditChainHead`) holds the length and the last hash, so a removed tail shows too.

Appending is serialized by taking the head row first with an UPDATE (a row lock on PostgreSQL,
the database write lock on SQLite) and holding it until the surrounding transaction commits."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import connection

GENESIS = "0" * 64
FORMAT = 1  # part of every hashed text: a new canonical form gets a new number


def canonical(fields: dict[str, Any]) -> bytes:
    return json.dumps(_plain(fields), ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def content(event) -> dict[str, Any]:
    """What the hash covers: every field of the event except ``hash`` itself (and the row id)."""
    return {
        "v": FORMAT,
        "seq": event.seq,
        "at": instant(event.at),
        "actor": event.actor_id,
        "actor_name": event.actor_name,
        "organization": event.organization_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_label": event.object_label,
        "version_number": event.version_number,
        "details": event.details,
        "previous": event.previous_hash,
    }


def digest(event) -> str:
    return hashlib.sha256(canonical(content(event))).hexdigest()


def instant(value: datetime) -> str:
    """UTC with microseconds: what PostgreSQL and SQLite both give back unchanged."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _plain(value: Any) -> Any:
    """JSON as the databases return it: PostgreSQL's jsonb gives ``1e16`` back as an integer."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def advance_head(head_model, event_model) -> tuple[int, str]:
    """Lock the head and take the next number: ``(seq, previous_hash)`` for the new event. Must run
    inside a transaction; the lock holds until it commits (call :func:`set_head` before)."""
    table = connection.ops.quote_name(head_model._meta.db_table)
    with connection.cursor() as cursor:
        for _ in range(2):
            cursor.execute(f"UPDATE {table} SET length = length + 1 WHERE id = 1 RETURNING length, hash")
            row = cursor.fetchone()
            if row is not None:
                return int(row[0]), str(row[1])
            _initialise_head(head_model, event_model)
    raise RuntimeError("audit chain head could not be created")


def set_head(head_model, last_hash: str) -> None:
    head_model.objects.filter(pk=1).update(hash=last_hash)


def _initialise_head(head_model, event_model) -> None:
    """The head row is created by the migration; a flushed test database or a removed row gets
    it back from the last event (``verify_audit`` reports a head that does not match)."""
    last = event_model.objects.order_by("-seq").only("seq", "hash").first()
    head_model.objects.get_or_create(
        pk=1, defaults={"length": last.seq if last else 0, "hash": last.hash if last else GENESIS}
    )


@dataclass(frozen=True)
class Break:
    """The first broken link: the position in the chain, the event (if there is one) and why."""

    seq: int
    event_id: int | None
    at: datetime | None
    reason: str


@dataclass(frozen=True)
class Verification:
    checked: int
    broken: Break | None


def verify(events: Iterable, head) -> Verification:
    """Walk ``events`` in ``seq`` order; the first broken link, or none."""
    expected, previous, checked = 1, GENESIS, 0
    for event in events:
        if event.seq != expected:
            return Verification(checked, Break(expected, event.id, event.at, _gap(expected, event.seq)))
        if event.previous_hash != previous:
            reason = (
                "直前の記録のハッシュと一致しません"
                "(前の記録が変更・削除されたか、この記録が差し込まれた可能性があります)。"
            )
            return Verification(checked, Break(event.seq, event.id, event.at, reason))
        if digest(event) != event.hash:
            reason = "記録の内容がハッシュと一致しません(この記録が変更された可能性があります)。"
            return Verification(checked, Break(event.seq, event.id, event.at, reason))
        previous, expected, checked = event.hash, expected + 1, checked + 1
    if head is None:
        if checked:
            reason = "連鎖の末尾の記録(件数と最後のハッシュ)がありません。"
            return Verification(checked, Break(expected, None, None, reason))
        return Verification(checked, None)
    if head.length != checked or head.hash != previous:
        reason = (
            f"連鎖の末尾の記録では{head.length}件ですが、{checked}件しかありません"
            "(最後の記録が削除された可能性があります)。"
            if head.length > checked
            else f"連鎖の末尾の記録({head.length}件)が最後の記録と一致しません。"
        )
        return Verification(checked, Break(expected, None, None, reason))
    return Verification(checked, None)


def _gap(expected: int, found: int) -> str:
    if found > expected:
        return f"第{expected}件から第{found - 1}件までの記録がありません(削除された可能性があります)。"
    return f"連番が重複しているか順序が乱れています(第{found}件が再び現れました)。"
