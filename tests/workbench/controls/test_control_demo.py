"""熊本市's demo control: the 住基 全項目評価書's 月に一度 現場確認 as a monthly control started three
months before the demo day, three 現場確認 records with one 不適合, the month after the last one
missing (期限切れ), and last year's 見直し; idempotent."""

from __future__ import annotations

from datetime import date

import pytest

from workbench.controls.models import CheckResult, Control, Review
from workbench.controls.status import latest_candidates, status_of
from workbench.procedure.demo import load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(monkeypatch, freeze_clock):
    freeze_clock("2026-12-07T10:00:00+09:00")
    monkeypatch.setenv("DEMO_PASSWORD", "demo-pass-123")
    return load_demo()


def test_the_monthly_site_check_is_overdue_with_three_records(demo):
    control = Control.objects.get(chosen_text="仕様書どおりの履行となっているか月に一度、現場確認を行う。")
    assert (control.frequency, control.starts_on, control.assessment.form) == ("monthly", date(2026, 9, 7), "full")
    checks = list(control.checks.order_by("checked_on"))
    assert [(c.checked_on, c.result) for c in checks] == [
        (date(2026, 9, 7), CheckResult.CONFORMING),
        (date(2026, 10, 10), CheckResult.NONCONFORMING),
        (date(2026, 10, 24), CheckResult.CONFORMING),
    ]
    status = status_of(control, date(2026, 12, 7), latest_candidates(control.assessment))
    assert (status.due, status.overdue, status.missed_labels) == (date(2026, 11, 30), True, ["令和8年11月"])
    assert not status.text_changed
    assert not status.text_removed


def test_last_years_review_and_a_second_run_creates_nothing(demo, monkeypatch):
    review = Review.objects.get()
    assert review.reviewed_on == date(2025, 12, 27)
    assert review.conclusion == "unchanged"
    load_demo()
    assert (Control.objects.count(), Review.objects.count()) == (1, 1)
