"""Checks of a schedule: a user's own plan file (``check_plan``) and the planner's result
(``check_entries``). Both return findings, never raise for a bad plan."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from pia.findings import Finding, Severity
from pia.rules.calendar import BusinessCalendar, days_inclusive, default_calendar
from pia.rules.comment_period import CommentPeriod
from pia.rules.plan_model import COMMENT, DateSpan, PlanEntry, StepFinder
from pia.rules.procedure import Procedure
from pia.rules.ruledata import RuleBook, load_rules
from pia.wareki import WarekiError, format_both, format_wareki, parse_date, parse_year_month

_TIMING_SEVERITY = {
    "before": Severity.ERROR,
    "effort": Severity.WARNING,
    "promptly": Severity.WARNING,
    "after_allowed": Severity.INFO,
}


# --- reading a user's plan --------------------------------------------------------------


def _span(raw: Any) -> DateSpan:
    if isinstance(raw, date):
        return DateSpan.day(raw)
    text = str(raw).strip()
    try:
        return DateSpan.day(parse_date(text))
    except WarekiError as day_error:
        try:
            year, month = parse_year_month(text)
        except WarekiError:
            raise day_error from None
    first = date(year, month, 1)
    last = (first + timedelta(days=31)).replace(day=1) - timedelta(days=1)
    return DateSpan(first, last, format_wareki(first, style="month"))


def _bad(index: int, part: str, message: str) -> Finding:
    return Finding("plan.invalid", Severity.ERROR, f"plan[{index}].{part}", message)


def _entry(index: int, raw: Any, find: StepFinder) -> PlanEntry | Finding:
    row_no = f"{index + 1}番目の手続"
    if not isinstance(raw, dict):
        return _bad(index, "step", f"{row_no}: step・start・end を持つマッピングにしてください。")
    name = str(raw.get("step") or "").strip()
    if not name or raw.get("start") in (None, ""):
        return _bad(index, "step", f"{row_no}: step(手続名)と start(開始日)は必須です。")
    row = find(name)
    try:
        start = _span(raw["start"])
        end = _span(raw.get("end") or raw["start"])
    except WarekiError as exc:
        return _bad(index, "start", f"{row_no}(「{name}」)の日付が読めません。{exc}")
    return PlanEntry(
        index, name, row.id if row else "", row.label if row else name, start, end, str(raw.get("reason") or "").strip()
    )


def read_plan(data: Any, find: StepFinder) -> tuple[list[PlanEntry], list[Finding]]:
    """Entries of a loaded plan file (a list, or a mapping with ``steps``); ``find`` maps a
    step name (id, label or alias) to its rules row."""
    rows = data.get("steps") if isinstance(data, dict) else data
    if not isinstance(rows, list) or not rows:
        return [], [_bad(0, "step", "計画は手続(step・start・end)のリストにしてください。")]
    items = [_entry(index, raw, find) for index, raw in enumerate(rows)]
    return ([i for i in items if isinstance(i, PlanEntry)], [i for i in items if isinstance(i, Finding)])


# --- checking a plan --------------------------------------------------------------------


def _finding(code: str, severity: Severity, entry: PlanEntry, part: str, message: str) -> Finding:
    return Finding(code, severity, entry.path(part), message, entry.label)


def _known(entries: Sequence[PlanEntry], procedure: Procedure) -> tuple[list[PlanEntry], list[Finding]]:
    """The entries of this procedure, first of each step, in procedure order."""
    order = [s.step for s in procedure.steps]
    known: dict[str, PlanEntry] = {}
    findings: list[Finding] = []
    for e in entries:
        if not e.step:
            names = "、".join(s.label for s in procedure.steps)
            message = f"「{e.name}」という手続はありません(この手続の段階: {names})。"
            findings.append(_finding("plan.unknown_step", Severity.ERROR, e, "step", message))
        elif e.step not in order:
            message = f"「{e.label}」は{procedure.title}の手続にはありません。"
            findings.append(_finding("plan.unexpected_step", Severity.WARNING, e, "step", message))
        elif e.step in known:
            message = f"「{e.label}」が2回書かれています({known[e.step].index + 1}番目と{e.index + 1}番目)。"
            findings.append(_finding("plan.duplicate_step", Severity.ERROR, e, "step", message))
        else:
            known[e.step] = e
    return sorted(known.values(), key=lambda e: order.index(e.step)), findings


def _dates(e: PlanEntry, cal: BusinessCalendar) -> Iterator[Finding]:
    if e.start.earliest > e.end.latest:
        message = f"「{e.label}」の終了日({e.end.text})が開始日({e.start.text})より前です。"
        yield _finding("plan.reversed", Severity.ERROR, e, "end", message)
    for part, span, name in (("start", e.start, "開始日"), ("end", e.end, "終了日")):
        why = cal.non_business_reason(span.earliest) if span.exact else None
        if why:
            message = f"「{e.label}」の{name}({span.text})は{why}で、閉庁日です。"
            yield _finding("plan.non_business_day", Severity.WARNING, e, part, message)


def _missing(known: Sequence[PlanEntry], procedure: Procedure, done: frozenset[str]) -> Iterator[Finding]:
    present = {e.step for e in known} | done
    for s in procedure.steps:
        if s.plan_required and s.step not in present:
            message = f"{procedure.title}に必要な「{s.label}」が計画にありません。"
            yield Finding("plan.missing_step", Severity.ERROR, "plan", message, s.label)


def _order(known: Sequence[PlanEntry]) -> Iterator[Finding]:
    for before, after in pairwise(known):
        if after.start.latest < before.end.earliest:
            message = (
                f"「{after.label}」の開始日({after.start.text})が「{before.label}」の"
                f"終了日({before.end.text})より前です。{after.label}は{before.label}の後に行います。"
            )
            yield _finding("plan.order", Severity.ERROR, after, "start", message)
        elif after.start.earliest < before.end.latest:
            message = (
                f"「{after.label}」の開始({after.start.text})と「{before.label}」の"
                f"終了({before.end.text})は月単位のため、前後関係を日単位では確認できません。"
            )
            yield _finding("plan.order_unverified", Severity.INFO, after, "start", message)


def _comment(known: Sequence[PlanEntry], procedure: Procedure, cal: BusinessCalendar) -> Iterator[Finding]:
    step = procedure.step(COMMENT)
    e = next((k for k in known if k.step == COMMENT), None)
    if step is None or e is None:
        return
    shortest = CommentPeriod(days_inclusive(e.start.latest, e.end.earliest), step.duration)
    longest = CommentPeriod(days_inclusive(e.start.earliest, e.end.latest), step.duration)
    period = f"{e.start.text}～{e.end.text}"
    if longest.short or (shortest.short and e.start.exact and e.end.exact):
        yield _short(e, shortest, period)
    elif shortest.short:
        message = f"意見聴取の期間({period})は月単位のため、{step.duration}日以上あるか確認できません。"
        yield _finding("plan.comment_unverified", Severity.WARNING, e, "end", message)
    if e.start.exact and e.end.exact and (closed := cal.closure_days(e.start.earliest, e.end.latest)):
        message = (
            f"意見聴取の期間({period})に年末年始などの閉庁日が{len(closed)}日含まれています。"
            "持参による提出ができない日があることを公示で案内してください。"
        )
        yield _finding("plan.comment_closure", Severity.INFO, e, "start", message)


def _short(e: PlanEntry, length: CommentPeriod, period: str) -> Finding:
    head = f"意見聴取の期間({period})は{length.days}日間で、原則の{length.minimum}日以上に足りません。"
    if not length.needs_reason(e.reason):
        message = head + f"短縮する特段の理由「{e.reason}」を全項目評価書 Ⅵ 2.③に記載してください。"
        return _finding("plan.comment_shortened", Severity.WARNING, e, "reason", message)
    message = head + "短縮する場合は特段の理由(reason)が必要です。"
    return _finding("plan.comment_too_short", Severity.ERROR, e, "end", message)


def _deadline(known: Sequence[PlanEntry], procedure: Procedure, effective: date) -> Iterator[Finding]:
    severity = _TIMING_SEVERITY[procedure.timing]
    when = format_both(effective)
    for e in known:
        if e.end.latest < effective:
            continue
        certain = e.end.earliest >= effective
        head = f"「{e.label}」の終了日({e.end.text})が変更の効力発生日({when})"
        if severity is Severity.INFO:
            message = head + "以降です。修正は事後の提出もできます(変更箇所の提出時期を「事後」とします)。"
        elif certain:
            message = head + f"以降です。{procedure.title}は効力発生日の前日までに終えてください。"
        else:
            message = head + "と同じ月のため、効力発生日より前に終わるか確認できません。"
        yield _finding("plan.too_late", severity if certain else Severity.WARNING, e, "end", message)


def check_entries(
    entries: Sequence[PlanEntry],
    procedure: Procedure,
    effective: date | None,
    calendar: BusinessCalendar | None = None,
    done: frozenset[str] = frozenset(),
) -> list[Finding]:
    """Findings for a plan: steps known and complete (``done`` steps need not appear), in
    order, a long enough 意見聴取, everything finished before ``effective``."""
    cal = calendar or default_calendar()
    known, findings = _known(entries, procedure)
    for e in entries:
        findings.extend(_dates(e, cal))
    findings.extend(_missing(known, procedure, done))
    findings.extend(_order(known))
    findings.extend(_comment(known, procedure, cal))
    if effective is not None:
        findings.extend(_deadline(known, procedure, effective))
    return findings


def check_plan(
    data: Any,
    procedure: Procedure,
    effective: date | None,
    book: RuleBook | None = None,
    calendar: BusinessCalendar | None = None,
) -> list[Finding]:
    """Read a loaded plan file (YAML list of step/start/end[/reason]) and check it."""
    rules = (book or load_rules()).on(effective or date.today())
    entries, findings = read_plan(data, rules.find_step)
    if findings and not entries:
        return findings
    return findings + check_entries(entries, procedure, effective, calendar)
