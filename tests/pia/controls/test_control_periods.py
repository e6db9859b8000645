"""When a check is due and which periods went without one: calendar months, quarters and 年度;
month ends, year ends and the change of era follow from the calendar."""

from __future__ import annotations

from datetime import date

import pytest

from pia.controls import describe_period, frequency, is_overdue, missed_periods, next_due, period_of

MONTHLY, QUARTERLY, YEARLY, AS_NEEDED = (frequency(c) for c in ("monthly", "quarterly", "yearly", "as_needed"))

DUE = [
    # (frequency, last check or start, due)
    (MONTHLY, date(2026, 9, 7), date(2026, 10, 31)),  # the start's month is covered; next month is due
    (MONTHLY, date(2026, 1, 31), date(2026, 2, 28)),  # month end → the next month's last day
    (MONTHLY, date(2028, 1, 15), date(2028, 2, 29)),  # leap year
    (MONTHLY, date(2026, 11, 30), date(2026, 12, 31)),
    (MONTHLY, date(2026, 12, 1), date(2027, 1, 31)),  # 令和8年12月 → 令和9年1月
    (MONTHLY, date(2019, 3, 20), date(2019, 4, 30)),  # 平成31年4月30日, the last day of 平成
    (MONTHLY, date(2019, 4, 30), date(2019, 5, 31)),  # → 令和元年5月
    (QUARTERLY, date(2026, 2, 10), date(2026, 6, 30)),
    (QUARTERLY, date(2026, 12, 31), date(2027, 3, 31)),
    (YEARLY, date(2026, 3, 31), date(2027, 3, 31)),  # 令和7年度 → 令和8年度 (April to March)
    (YEARLY, date(2026, 4, 1), date(2028, 3, 31)),
]


@pytest.mark.parametrize(("freq", "anchor", "due"), DUE)
def test_the_next_check_is_due_at_the_end_of_the_following_period(freq, anchor, due):
    assert next_due(freq, anchor, date(2030, 1, 1)) == due


def test_as_needed_is_never_due():
    assert next_due(AS_NEEDED, date(2026, 1, 1)) is None
    assert missed_periods(AS_NEEDED, date(2020, 1, 1), [], date(2026, 1, 1)) == []


def test_overdue_only_after_the_due_date():
    due = next_due(MONTHLY, date(2026, 9, 7))
    assert due == date(2026, 10, 31)
    assert not is_overdue(due, date(2026, 10, 31))  # a check on the last day is in time
    assert is_overdue(due, date(2026, 11, 1))
    assert not is_overdue(None, date(2099, 1, 1))


def test_a_missed_month_is_listed_even_after_a_later_check():
    checks = [date(2026, 9, 7), date(2026, 10, 10), date(2026, 12, 2)]
    missed = missed_periods(MONTHLY, date(2026, 9, 7), checks, date(2026, 12, 7))
    assert [(p.first, p.last) for p in missed] == [(date(2026, 11, 1), date(2026, 11, 30))]
    assert describe_period(MONTHLY, missed[0]) == "令和8年11月"


def test_the_current_month_is_not_missed_before_it_ends():
    assert missed_periods(MONTHLY, date(2026, 9, 7), [date(2026, 10, 1), date(2026, 11, 1)], date(2026, 12, 31)) == []


def test_missed_months_across_the_change_of_era():
    missed = missed_periods(MONTHLY, date(2019, 3, 1), [], date(2019, 6, 1))
    assert [describe_period(MONTHLY, p) for p in missed] == ["平成31年4月", "令和元年5月"]


def test_periods_of_quarters_and_fiscal_years():
    assert period_of(QUARTERLY, date(2026, 5, 5)).first == date(2026, 4, 1)
    year = period_of(YEARLY, date(2027, 1, 10))
    assert (year.first, year.last) == (date(2026, 4, 1), date(2027, 3, 31))
    assert describe_period(YEARLY, year) == "令和8年度"
    assert describe_period(QUARTERLY, period_of(QUARTERLY, date(2026, 11, 1))) == "令和8年10月〜令和8年12月"


def test_explicit_due_dates():
    dates = [date(2026, 6, 30), date(2026, 12, 25)]
    assert next_due(None, date(2026, 6, 30), due_dates=dates, started=date(2026, 6, 30)) == date(2026, 6, 30)
    assert next_due(None, date(2026, 6, 30), due_dates=dates) == date(2026, 12, 25)
    assert next_due(None, date(2026, 12, 25), due_dates=dates) is None
    missed = missed_periods(None, date(2026, 4, 1), [date(2026, 7, 5)], date(2027, 1, 1), due_dates=dates)
    assert [p.last for p in missed] == [date(2026, 6, 30)]  # the check of 7月5日 covers 12月25日
    assert describe_period(None, missed[0]) == "令和8年6月30日まで"


def test_a_fiscal_year_across_the_change_of_era_and_a_quarter_across_the_year_end():
    year = period_of(YEARLY, date(2019, 5, 1))  # 令和元年5月1日 lies in the 年度 that began 平成31年4月1日
    assert (year.first, year.last) == (date(2019, 4, 1), date(2020, 3, 31))
    assert describe_period(YEARLY, year) == "平成31年度"
    assert next_due(QUARTERLY, date(2026, 11, 15)) == date(2027, 3, 31)  # 令和8年10-12月 → 令和9年1-3月
    missed = missed_periods(QUARTERLY, date(2026, 8, 1), [], date(2027, 4, 1))
    assert [describe_period(QUARTERLY, p) for p in missed] == ["令和8年10月〜令和8年12月", "令和9年1月〜令和9年3月"]
