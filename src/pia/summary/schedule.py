"""4. スケジュール of the 概要版: explicit rows, or rows from the planner.

With a ``plan`` request the steps come from :func:`pia.rules.schedule.make_plan` for the
procedure the verdict needs; the 意見聴取 is printed by day, later steps by month with
「(予定)」, and steps falling in the same period share one row (as in the 熊本市 概要版).
"""

from __future__ import annotations

from collections.abc import Mapping

from pia.changes.action import OCCASIONS
from pia.changes.model import ChangeList
from pia.rules.procedure import ProcedureError, procedure_for
from pia.rules.schedule import Plan, PlanError, PlannedStep, make_plan
from pia.summary.inputs import PLANNED, PlanRequest, ScheduleEntry, SummaryInputError
from pia.summary.model import ScheduleRow
from pia.wareki import format_period, format_wareki

DEFAULT_CONTENT: Mapping[str, str] = {
    "consultation": "パブリックコメントの実施",
    "third_party_review": "第三者点検の実施",
    "approval": "個人情報保護委員会の承認",
    "submission": "個人情報保護委員会に特定個人情報保護評価書を提出",
    "publication": "ホームページ上で公開",
    "amend": "評価書の修正",
}


def _plan(request: PlanRequest, changes: ChangeList) -> Plan:
    level = request.level or changes.form
    body = request.body or changes.body_type
    occasion = request.occasion or OCCASIONS[changes.verdict]
    try:
        procedure = procedure_for(level, body, occasion, on=request.start or request.effective)
        return make_plan(
            procedure,
            start=request.start,
            effective=request.effective,
            comment_days=request.comment_days,
            comment_end=request.comment_end,
            reason=request.reason,
            first_step=request.first_step or None,
        )
    except (ProcedureError, PlanError) as exc:
        raise SummaryInputError(f"概要版の入力(plan): {exc}") from None


def _when(step: PlannedStep, exact: bool) -> str:
    if exact:
        return (
            format_period(step.start, step.end) if step.start != step.end else format_wareki(step.start, style="abbr")
        )
    first, last = (format_wareki(d, style="abbr_month") for d in (step.start, step.end))
    return (first if first == last else f"{first}～{last}") + PLANNED


def planned_rows(request: PlanRequest, changes: ChangeList) -> tuple[tuple[ScheduleRow, ...], tuple[str, ...]]:
    """Schedule rows from the planner, and its findings as notes for the author."""
    plan = _plan(request, changes)
    texts = request.steps if request.steps is not None else DEFAULT_CONTENT
    rows: list[ScheduleRow] = []
    for step in plan.steps:
        if step.step not in texts:
            continue
        when = _when(step, step.step in request.exact)
        if rows and rows[-1].when == when:
            rows[-1] = ScheduleRow(when, (*rows[-1].content, texts[step.step]))
        else:
            rows.append(ScheduleRow(when, (texts[step.step],)))
    return tuple(rows), tuple(f.message for f in plan.findings)


def explicit_rows(entries: tuple[ScheduleEntry, ...]) -> tuple[ScheduleRow, ...]:
    return tuple(ScheduleRow(e.when, e.content) for e in entries)
