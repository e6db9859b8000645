"""The workbench's one clock: "now" and "today" come from here and nowhere else.

Periods and dates are whole days in Japan Standard Time, whatever the server's time zone. Tests
freeze time by replacing :func:`now` (the ``freeze_clock`` fixture); every other function reads it."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

JST = ZoneInfo("Asia/Tokyo")


def now() -> datetime:
    """The current moment (aware)."""
    return timezone.now()


def today() -> date:
    """Today in JST."""
    return now().astimezone(JST).date()


def local(moment: datetime) -> datetime:
    """``moment`` in JST (for dates and times shown or stamped in Japan)."""
    return moment.astimezone(JST)
