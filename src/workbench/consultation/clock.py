"""The one clock of the consultation pages: periods are whole days in Japan Standard Time."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

JST = ZoneInfo("Asia/Tokyo")


def now() -> datetime:
    return timezone.now()


def today() -> date:
    """Today in JST, whatever the server's time zone."""
    return now().astimezone(JST).date()
