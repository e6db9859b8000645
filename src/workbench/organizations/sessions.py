"""The signed-in sessions of one account (database sessions, ``django.contrib.sessions``)."""

from __future__ import annotations

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session

from workbench import clock


def end_sessions(user) -> int:
    """Delete every unexpired session signed in as ``user``; the number ended."""
    ids = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=clock.now()).iterator()
        if str(session.get_decoded().get(SESSION_KEY, "")) == str(user.pk)
    ]
    Session.objects.filter(pk__in=ids).delete()
    return len(ids)
