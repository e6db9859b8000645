"""When a control's next check is due, and which periods went without one (ADR 0020).

A periodic control is checked once per **period**: a calendar month (毎月), a calendar quarter
(四半期: January–March, April–June …, which are also the quarters of the 年度) or a 年度 (毎年:
April to March), as ``data/frequencies.yaml`` says. The rule, precisely:

- The period of the start date is covered by the start itself: a control started on 9月7日
  first owes a check in October (the first period **after** its start), due on its last day
  (10月31日).
- A check covers the period it is dated in. After a check, the next one is due on the last day
  of the period after the check's period (checked 10月3日 → due 11月30日; checked twice in
  October → still due 11月30日).
- A control is **overdue** when today is after its due date: no check was recorded in a
  period after the start (or after the last check) that has ended.
- A **missed period** is a whole period after the start's, ended before today, with no check
  dated in it: the 見直し lists them even when a later check has been recorded.
- With explicit due dates instead of a frequency, each date is one period: the next due date is
  the first one after the last check (or on or after the start); a check dated on or before a due
  date (and after the previous one) covers it.
- 随時 has no due date: it is never overdue.

Dates are plain Gregorian dates; month ends (28/29/30/31日) and year changes, 和暦 included
(令和8年12月 → 令和9年1月, 平成31年4月 → 令和元年5月), follow from the calendar, not from the era."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from pia.controls.frequency import Frequency
from pia.wareki import format_wareki


@dataclass(frozen=True, order=True)
class Period:
    """One period of a periodic control: its first and last day."""

    first: date
    last: date

    def contains(self, day: date) -> bool:
        return self.first <= day <= self.last


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _from_index(index: int) -> tuple[int, int]:
    return index // 12, index % 12 + 1


def period_of(frequency: Frequency, day: date) -> Period:
    """The period that contains ``day``; ValueError for 随時."""
    if frequency.months is None:
        raise ValueError(f"{frequency.label}には期間がありません。")
    offset = frequency.year_starts - 1
    start = (_month_index(day) - offset) // frequency.months * frequency.months + offset
    end = start + frequency.months - 1
    first_year, first_month = _from_index(start)
    last_year, last_month = _from_index(end)
    last_day = calendar.monthrange(last_year, last_month)[1]
    return Period(date(first_year, first_month, 1), date(last_year, last_month, last_day))


def next_period(frequency: Frequency, period: Period) -> Period:
    return period_of(frequency, date.fromordinal(period.last.toordinal() + 1))


def next_due(
    frequency: Frequency | None,
    last_check_or_start: date,
    today: date | None = None,
    *,
    due_dates: Iterable[date] = (),
    started: date | None = None,
) -> date | None:
    """The day the next check is due: the last day of the period after the one of
    ``last_check_or_start`` (a frequency), or the first explicit due date after it (``due_dates``;
    on or after it when ``last_check_or_start`` is the start, told by ``started``). None for 随時
    and when no explicit due date is left. ``today`` is not needed for the date itself; it is
    accepted so callers can pass what they have (the due date does not move with today)."""
    del today
    if frequency is None:
        is_start = started is not None and started == last_check_or_start
        later = sorted(d for d in due_dates if d > last_check_or_start or (is_start and d == last_check_or_start))
        return later[0] if later else None
    if not frequency.periodic:
        return None
    return next_period(frequency, period_of(frequency, last_check_or_start)).last


def is_overdue(due: date | None, today: date) -> bool:
    """Overdue: today is after the due date (a check on the due date itself is in time)."""
    return due is not None and today > due


def missed_periods(
    frequency: Frequency | None,
    started: date,
    checks: Iterable[date],
    today: date,
    *,
    due_dates: Iterable[date] = (),
) -> list[Period]:
    """Every period after the start's that has ended before ``today`` without a check dated in it
    (explicit due dates: each due date before today with no check after the previous one and on
    or before it)."""
    dates = sorted(checks)
    if frequency is None:
        missed: list[Period] = []
        previous = started
        for due in sorted(d for d in due_dates if d >= started):
            if due >= today:
                break
            if not any(previous <= c <= due for c in dates):
                missed.append(Period(previous, due))
            previous = date.fromordinal(due.toordinal() + 1)
        return missed
    if not frequency.periodic:
        return []
    period = next_period(frequency, period_of(frequency, started))
    missed = []
    while period.last < today:
        if not any(period.contains(c) for c in dates):
            missed.append(period)
        period = next_period(frequency, period)
    return missed


def describe_period(frequency: Frequency | None, period: Period) -> str:
    """「令和8年11月」 (毎月), 「令和8年10月〜令和8年12月」 (四半期), 「令和8年度」 (毎年), or
    「…まで」 for an explicit due date."""
    if frequency is not None and frequency.months == 1:
        return _month_text(period.first)
    if frequency is not None and frequency.months == 12 and frequency.year_starts == 4:
        return _fiscal_year_text(period.first)
    if frequency is not None:
        return f"{_month_text(period.first)}〜{_month_text(period.last)}"
    return f"{format_wareki(period.last)}まで"


def _month_text(day: date) -> str:
    text = format_wareki(day)  # 令和8年11月1日
    return text[: text.index("月") + 1]


def _fiscal_year_text(first: date) -> str:
    text = format_wareki(first)
    return text[: text.index("年")] + "年度"
