"""Issue 13 finding 6: simultaneous saves on one 評価書 against gunicorn (separate worker processes)
on a real SQLite file, or on PostgreSQL under ``make test-postgres``: no 500 and no lost text.

50 pairs press 保存 at the same moment, each person editing one field of the chapter they opened
from the same version (the two of a pair never the same field). The first save of each field is
merged with every save before it; later saves of a field already changed meet a real conflict and
get the conflict page with their text."""

from __future__ import annotations

import os
import urllib.parse

import pytest

from workbench.contention import contend, editable_fields

pytestmark = pytest.mark.slow
PAIRS = 50


def _scratch_database() -> str:
    """Under make test-postgres: a database of its own next to the test database (emptied first)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return ""
    parsed = urllib.parse.urlparse(url)
    return urllib.parse.urlunparse(parsed._replace(path=f"/{parsed.path.strip('/')}_contention"))


def test_fifty_simultaneous_pairs_of_saves_give_no_500_and_lose_no_text():
    report = contend(pairs=PAIRS, workers=4, database_url=_scratch_database())
    print("\n".join(report.lines()))
    assert len(report.attempts) == 2 * PAIRS
    assert report.server_errors == 0, report.server_log
    assert report.lost == [], [(a.field, a.status, a.error) for a in report.lost]
    busy = {a.field for a in report.attempts if a.status == 503}
    assert {a.field for a in report.saved} | busy == {f for _, f in editable_fields()}
    assert all("保存の競合" in a.body for a in report.shown if a.status == 409)
