"""The length of the 意見聴取 (public comment), the one place of its rule.

The period counts calendar days with both ends included (公示の日 is day 1, ``days_inclusive``)
and lasts at least ``comment_min_days`` of the rules data (原則30日以上); a shorter period needs a
特段の理由, which is recorded (全項目評価書 Ⅵ 2.③). The planner (``schedule``), the checks of a plan
(``plan_check``) and the workbench's 意見募集 all ask this module; the minimum comes from the rules
data (directly, or as the 意見聴取 step's length of a procedure, which is the same row).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pia.rules.calendar import BusinessCalendar, days_inclusive, default_calendar
from pia.rules.ruledata import RuleBook, load_rules

MIN_DAYS = "comment_min_days"  # the rules data's constant


@dataclass(frozen=True)
class CommentPeriod:
    """A period of ``days`` days measured against the ``minimum``."""

    days: int
    minimum: int

    @property
    def short(self) -> bool:
        """Shorter than the minimum: allowed only with a 特段の理由."""
        return self.days < self.minimum

    def needs_reason(self, reason: str) -> bool:
        """True when the period is short and ``reason`` gives no 特段の理由."""
        return self.short and not reason.strip()

    def kept_reason(self, reason: str) -> str:
        """The 特段の理由 to record: the stripped reason of a short period, "" for a long enough one."""
        return reason.strip() if self.short else ""


def min_comment_days(on: date, book: RuleBook | None = None) -> int:
    """The minimum length of a 意見聴取 starting on ``on``, in days (both ends included)."""
    return (book or load_rules()).on(on).value(MIN_DAYS)


def comment_period(start: date, end: date, book: RuleBook | None = None) -> CommentPeriod:
    """The period from ``start`` to ``end`` (both included) against the minimum in force on ``start``."""
    return CommentPeriod(days_inclusive(start, end), min_comment_days(start, book))


def default_comment_period(
    start: date, calendar: BusinessCalendar | None = None, book: RuleBook | None = None
) -> tuple[date, date]:
    """The shortest period that needs no reason, from ``start`` (as the planner plans it)."""
    return start, (calendar or default_calendar()).period_end(start, min_comment_days(start, book))
