from __future__ import annotations

from datetime import date

import pytest

from pia.rules.calendar import add_years, days_inclusive, default_calendar

CAL = default_calendar()


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        (date(2025, 12, 27), "土曜日"),
        (date(2025, 12, 28), "日曜日"),
        (date(2025, 12, 29), "年末年始"),
        (date(2025, 12, 31), "年末年始"),
        (date(2026, 1, 1), "元日"),
        (date(2026, 1, 2), "年末年始"),
        (date(2026, 1, 12), "成人の日"),
        (date(2026, 5, 6), "憲法記念日 振替休日"),
        (date(2025, 12, 26), None),
        (date(2026, 1, 5), None),
    ],
)
def test_non_business_days_are_named(day: date, reason: str | None) -> None:
    assert CAL.non_business_reason(day) == reason


def test_year_end_closure_spans_the_new_year() -> None:
    closed = CAL.closure_days(date(2025, 12, 1), date(2026, 1, 5))
    assert closed == [date(2025, 12, d) for d in (29, 30, 31)] + [date(2026, 1, d) for d in (1, 2, 3)]


def test_next_and_previous_business_day_skip_the_year_end() -> None:
    assert CAL.on_or_after(date(2025, 12, 27)) == date(2026, 1, 5)
    assert CAL.on_or_before(date(2026, 1, 4)) == date(2025, 12, 26)
    assert CAL.on_or_after(date(2025, 12, 26)) == date(2025, 12, 26)


def test_adding_business_days_skips_holidays_both_ways() -> None:
    assert CAL.add_business_days(date(2025, 12, 26), 1) == date(2026, 1, 5)
    assert CAL.add_business_days(date(2026, 1, 5), -1) == date(2025, 12, 26)
    assert CAL.add_business_days(date(2026, 1, 9), 1) == date(2026, 1, 13)  # 1/12 成人の日
    assert CAL.add_business_days(date(2026, 1, 9), 0) == date(2026, 1, 9)


def test_business_days_count_both_ends() -> None:
    assert CAL.business_days(date(2025, 12, 1), date(2026, 1, 5)) == 21
    assert CAL.business_days(date(2026, 1, 5), date(2026, 1, 5)) == 1


def test_add_years_moves_29_february_to_28() -> None:
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert add_years(date(2024, 2, 29), -1) == date(2023, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)
    assert add_years(date(2025, 12, 1), -1) == date(2024, 12, 1)


def test_periods_count_both_ends() -> None:
    assert days_inclusive(date(2025, 12, 1), date(2025, 12, 30)) == 30
    assert days_inclusive(date(2025, 12, 1), date(2026, 1, 5)) == 36
    assert days_inclusive(date(2024, 2, 1), date(2024, 3, 1)) == 30  # leap February


@pytest.mark.parametrize(
    ("start", "days", "end"),
    [
        (date(2026, 11, 2), 30, date(2026, 12, 1)),  # a Tuesday: kept
        (date(2026, 12, 1), 30, date(2027, 1, 4)),  # 12/30 is in the 年末年始: runs to the next business day
        (date(2026, 5, 1), 1, date(2026, 5, 1)),
        (date(2026, 4, 26), 8, date(2026, 5, 7)),  # 5/3–5/6: 憲法記念日, みどりの日, こどもの日, 振替休日
    ],
)
def test_a_period_of_calendar_days_ends_on_a_business_day(start: date, days: int, end: date) -> None:
    assert CAL.period_end(start, days) == end
