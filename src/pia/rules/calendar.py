"""Japanese business days: weekends, national holidays (``jpholiday``) and the closures
from the rules data (年末年始 12月29日～1月3日), plus calendar-year arithmetic."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import jpholiday

from pia.rules.ruledata import Closure, RuleBook, in_force, load_rules

ONE_DAY = timedelta(days=1)
_WEEKDAY_NAMES = {5: "土曜日", 6: "日曜日"}


def add_years(day: date, years: int) -> date:
    """The same month and day ``years`` later (or earlier); 2月29日 becomes 2月28日."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def days_inclusive(start: date, end: date) -> int:
    """Length of a period counting both its first and last day (12/1～12/30 is 30 days)."""
    return (end - start).days + 1


@dataclass(frozen=True)
class BusinessCalendar:
    """Business days of a Japanese public body."""

    closures: tuple[Closure, ...]

    def closure_of(self, day: date) -> Closure | None:
        return next((c for c in in_force(self.closures, day) if c.covers(day)), None)

    def non_business_reason(self, day: date) -> str | None:
        """Why ``day`` is not a business day (「日曜日」, 「元日」, 「年末年始」), or None."""
        if day.weekday() in _WEEKDAY_NAMES:
            return _WEEKDAY_NAMES[day.weekday()]
        holiday = jpholiday.is_holiday_name(day)
        if holiday:
            return str(holiday)
        closure = self.closure_of(day)
        return closure.label if closure else None

    def is_business_day(self, day: date) -> bool:
        return self.non_business_reason(day) is None

    def on_or_after(self, day: date) -> date:
        """``day`` itself if it is a business day, otherwise the next one."""
        while not self.is_business_day(day):
            day += ONE_DAY
        return day

    def on_or_before(self, day: date) -> date:
        """``day`` itself if it is a business day, otherwise the previous one."""
        while not self.is_business_day(day):
            day -= ONE_DAY
        return day

    def period_end(self, start: date, days: int) -> date:
        """The last day of a period of ``days`` calendar days from ``start`` (both included); one that
        falls on a closed day (weekend, holiday, 年末年始) runs to the next business day."""
        return self.on_or_after(start + ONE_DAY * (days - 1))

    def add_business_days(self, day: date, count: int) -> date:
        """Move ``count`` business days forward (negative: backward) from ``day``."""
        step = ONE_DAY if count >= 0 else -ONE_DAY
        for _ in range(abs(count)):
            day += step
            while not self.is_business_day(day):
                day += step
        return day

    def business_days(self, start: date, end: date) -> int:
        """Number of business days from ``start`` to ``end``, both included."""
        days = (start + ONE_DAY * i for i in range(max(days_inclusive(start, end), 0)))
        return sum(1 for d in days if self.is_business_day(d))

    def closure_days(self, start: date, end: date) -> list[date]:
        """The closure days (年末年始 etc.) from ``start`` to ``end``, both included."""
        days = (start + ONE_DAY * i for i in range(max(days_inclusive(start, end), 0)))
        return [d for d in days if self.closure_of(d) is not None]


def default_calendar(book: RuleBook | None = None) -> BusinessCalendar:
    """The business calendar built from the closures of the rules data."""
    return BusinessCalendar((book or load_rules()).closures)
