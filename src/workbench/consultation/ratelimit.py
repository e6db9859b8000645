"""Per-client submission limit shared by every server process: a counter row per client and
minute in the database, incremented by one atomic upsert (PostgreSQL and SQLite ≥ 3.35 both
support ``INSERT … ON CONFLICT … DO UPDATE … RETURNING``). A per-process memory cache would let
each gunicorn worker grant the limit again."""

from __future__ import annotations

import ipaddress
import os
import time
from functools import cache

from django.conf import settings
from django.db import connection

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


def client_address(request) -> str:
    """The submitter's address: REMOTE_ADDR, or behind a trusted reverse proxy
    (``PIA_TRUSTED_PROXIES``) the nearest untrusted address in X-Forwarded-For. Without this,
    every citizen behind the city's proxy would share one limit."""
    remote = request.META.get("REMOTE_ADDR", "")
    networks = _networks(tuple(getattr(settings, "PIA_TRUSTED_PROXIES", ())))
    if not networks or not _trusted(remote, networks):
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    for address in reversed(forwarded):  # the proxies append: the rightmost untrusted one is the client
        if not _trusted(address, networks):
            return address
    return forwarded[0] if forwarded else remote


@cache  # the setting is read once per value, not parsed on every submission
def _networks(entries: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _trusted(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)
