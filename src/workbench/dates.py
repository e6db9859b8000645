"""Template filters for dates in the house style, loaded as a builtin (no ``{% load %}``):
``{{ value|wareki }}`` → 「令和8年11月26日(2026-11-26)」, with 「 17:35」 (JST) for a datetime."""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils import timezone

from pia.wareki import WarekiError, format_both

register = template.Library()


@register.filter
def wareki(value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{_both(local.date())} {local:%H:%M}"
    if isinstance(value, date):
        return _both(value)
    return str(value)


def _both(day: date) -> str:
    try:
        return format_both(day)
    except WarekiError:  # before 明治: ISO only
        return day.isoformat()
