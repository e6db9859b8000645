"""Schedule planner (backwards from the day a change takes effect, or forwards from a
start day). The data is in ``plan_model``, the checks (also of a user's own plan) in
``plan_check``; both are re-exported here.

Counting: the 意見聴取 period counts calendar days with both ends included (公示の日 is
day 1); every step starts and ends on a business day (weekends, holidays and 年末年始
skipped); when a period would end on a closed day it runs to the next business day.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from pia.rules.calendar import ONE_DAY, BusinessCalendar, days_inclusive, default_calendar
from pia.rules.comment_period import CommentPeriod
from pia.rules.plan_check import check_entries, check_plan, read_plan
from pia.rules.plan_model import COMMENT, DateSpan, Plan, PlanEntry, PlanError, PlannedStep, StepFinder
from pia.rules.procedure import Procedure, ProcedureStep

__all__ = [
    "COMMENT",
    "DateSpan",
    "Plan",
    "PlanEntry",
    "PlanError",
    "PlannedStep",
    "StepFinder",
    "check_entries",
    "check_plan",
    "make_plan",
    "read_plan",
]


# --- planning ---------------------------------------------------------------------------


def _comment_days(procedure: Procedure, days: int | None, reason: str) -> int | None:
    step = procedure.step(COMMENT)
    if step is None:
        if days is not None:
            raise PlanError(f"この手続({procedure.title})には意見聴取がないため、期間は指定できません。")
        return None
    if days is None:
        return step.duration
    if days < 1:
        raise PlanError("意見聴取の期間は1日以上にしてください。")
    if CommentPeriod(days, step.duration).needs_reason(reason):
        raise PlanError(
            f"意見聴取の期間を{days}日にするには、短縮する特段の理由が必要です"
            f"(原則{step.duration}日以上。理由は全項目評価書 Ⅵ 2.③に記載します)。"
        )
    return days


def _fixed_comment(start: date | None, end: date | None, first_step: str | None) -> date | None:
    if end is None:
        return None
    if start is None or first_step != COMMENT:
        raise PlanError("意見聴取の終了日は、意見聴取から計画する場合(開始日と from: consultation)にだけ指定できます。")
    if end < start:
        raise PlanError("意見聴取の終了日が開始日より前になっています。")
    return end


def _length(step: ProcedureStep, comment_days: int | None) -> int:
    return comment_days if step.step == COMMENT and comment_days else step.duration


def _steps_from(procedure: Procedure, first_step: str | None) -> tuple[ProcedureStep, ...]:
    if first_step is None:
        return procedure.steps
    if procedure.step(first_step) is None:
        names = "、".join(f"{s.step}({s.label})" for s in procedure.steps)
        raise PlanError(f"開始する手続「{first_step}」は{procedure.title}にありません(段階: {names})。")
    return procedure.steps[procedure.index(first_step) :]


def _forward(
    cal: BusinessCalendar,
    todo: Sequence[tuple[ProcedureStep, int]],
    start: date,
    fixed_end: Mapping[str, date] | None = None,
) -> list[PlannedStep]:
    steps: list[PlannedStep] = []
    for step, days in todo:
        first = cal.on_or_after(start)
        if fixed_end and step.step in fixed_end:  # a period already decided: kept as it is
            first, last = start, fixed_end[step.step]
        elif step.unit == "business":
            last = cal.add_business_days(first, days - 1)
        else:
            last = cal.period_end(first, days)
        steps.append(PlannedStep(step.step, step.label, first, last, step.optional))
        start = last + ONE_DAY
    return steps


def _backward(cal: BusinessCalendar, todo: Sequence[tuple[ProcedureStep, int]], effective: date) -> list[PlannedStep]:
    steps: list[PlannedStep] = []
    end = effective - ONE_DAY
    for step, days in reversed(todo):
        last = cal.on_or_before(end)
        if step.unit == "business":
            first = cal.add_business_days(last, -(days - 1))
        else:
            first = cal.on_or_before(last - timedelta(days=days - 1))
        steps.insert(0, PlannedStep(step.step, step.label, first, last, step.optional))
        end = first - ONE_DAY
    return steps


def make_plan(
    procedure: Procedure,
    *,
    start: date | None = None,
    effective: date | None = None,
    comment_days: int | None = None,
    comment_end: date | None = None,
    reason: str = "",
    first_step: str | None = None,
    calendar: BusinessCalendar | None = None,
) -> Plan:
    """Dated steps forwards from ``start``, or (without ``start``) backwards so that all
    end before ``effective``, the day the change takes effect. ``first_step`` skips the
    earlier steps as done. A 意見聴取 shorter than the minimum needs a ``reason``.
    ``comment_end`` (with ``start`` and ``first_step="consultation"``): the 意見聴取 already
    decided, from ``start`` to that day exactly; the later steps are planned after it."""
    cal = calendar or default_calendar()
    fixed = _fixed_comment(start, comment_end, first_step)
    if start is not None and fixed is not None:
        comment_days = days_inclusive(start, fixed)
    days = _comment_days(procedure, comment_days, reason)
    todo = [(s, _length(s, days)) for s in _steps_from(procedure, first_step)]
    if start is not None:
        steps = _forward(cal, todo, start, {COMMENT: fixed} if fixed is not None else None)
    elif effective is not None:
        steps = _backward(cal, todo, effective)
    else:
        raise PlanError("開始日か変更の効力発生日のどちらかを指定してください。")
    minimum = procedure.step(COMMENT)
    kept = CommentPeriod(days, minimum.duration).kept_reason(reason) if days and minimum else ""
    planned = {s.step for s in steps}
    done = frozenset(s.step for s in procedure.steps if s.step not in planned)
    entries = [s.entry(i, kept if s.step == COMMENT else "") for i, s in enumerate(steps)]
    findings = check_entries(entries, procedure, effective, cal, done=done)
    return Plan(procedure, tuple(steps), effective, kept, tuple(findings))
