"""Per-client submission limit shared by every server process: a counter row per client and
minute in the database, incremented by one atomic upsert (PostgreSQL and SQLite ≥ 3.35 both
support ``INSERT … ON CONFLICT … DO UPDATE … RETURNING``). A per-process memory cache would let
each gunicorn worker grant the limit again."""

from __future__ import annotations

import os
import time

from django.conf import settings
from django.db import connection

from workbench.clients import client_address as client_address  # shared with the login throttle
from workbench.consultation.models import RateCounter

WINDOW_SECONDS = 60
DEFAULT_PER_MINUTE = 5


def limit_per_minute() -> int:
    """PIA_COMMENT_RATE_PER_MINUTE: the setting, else the environment variable, else 5."""
    raw = getattr(settings, "PIA_COMMENT_RATE_PER_MINUTE", os.environ.get("PIA_COMMENT_RATE_PER_MINUTE"))
    return int(raw) if raw not in (None, "") else DEFAULT_PER_MINUTE


def hit(client: str, now: float | None = None) -> int:
    """Count one submission of ``client`` in the current window; the window's count so far."""
    minute = int((time.time() if now is None else now) // WINDOW_SECONDS)
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (client, minute, hits) VALUES (%s, %s, 1) "
            f"ON CONFLICT (client, minute) DO UPDATE SET hits = {table}.hits + 1 RETURNING hits",
            [client[:64], minute],
        )
        (count,) = cursor.fetchone()
        if count == 1:  # first hit of a window: drop windows that can no longer matter
            cursor.execute(f"DELETE FROM {table} WHERE minute < %s", [minute - 1])
    return int(count)


def limited(client: str, now: float | None = None) -> bool:
    return hit(client, now) > limit_per_minute()
