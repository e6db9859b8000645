"""Where each control stands today: the next due date, overdue, the latest result, the periods
without a check, and whether the 評価書's latest save still says what the control follows.

The rules are the core's (``pia.controls``); this module reads the rows and the latest save."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from pia.controls import Candidate, Frequency, Period, candidates, describe_period, frequency, missed_periods, next_due
from pia.errors import PiaError
from workbench.assessments.models import Assessment
from workbench.controls.access import controls_for
from workbench.controls.models import EXPLICIT_DATES, CheckRecord, CheckResult, Control


@dataclass
class ControlStatus:
    control: Control
    due: date | None
    overdue: bool
    last: CheckRecord | None
    open_nonconformity: CheckRecord | None  # the latest 不適合/一部不適合 without a later 適合
    missed: list[Period] = field(default_factory=list)
    missed_labels: list[str] = field(default_factory=list)
    text_changed: bool = False
    text_removed: bool = False
    current_text: str = ""
    checks: list[CheckRecord] = field(default_factory=list)

    @property
    def needs_attention(self) -> bool:
        return self.overdue or self.open_nonconformity is not None or self.text_changed or self.text_removed


def control_frequency(control: Control) -> Frequency | None:
    """The core's frequency of a control; None when it has explicit due dates."""
    return None if control.frequency == EXPLICIT_DATES else frequency(control.frequency)


def latest_candidates(assessment: Assessment) -> dict[str, Candidate] | None:
    """The measure texts of the latest save by element path (None without a save or readable one)."""
    latest = assessment.latest_version()
    if latest is None:
        return None
    try:
        return {c.path: c for c in candidates(latest.document())}
    except PiaError:
        return None


def status_of(
    control: Control, today: date, found: dict[str, Candidate] | None, checks: list[CheckRecord] | None = None
) -> ControlStatus:
    """``found``: the latest save's candidates (``latest_candidates``), shared by a 評価書's controls."""
    records = (
        checks
        if checks is not None
        else list(control.checks.select_related("checked_by").prefetch_related("evidence_files"))
    )
    records = sorted(records, key=lambda r: (r.checked_on, r.pk), reverse=True)
    last = records[0] if records else None
    freq = control_frequency(control)
    anchor = last.checked_on if last is not None else control.starts_on
    due = next_due(freq, anchor, today, due_dates=control.due_date_list, started=control.starts_on)
    if not control.active:
        due = None
    missed = missed_periods(
        freq, control.starts_on, [r.checked_on for r in records], today, due_dates=control.due_date_list
    )
    status = ControlStatus(
        control=control,
        due=due,
        overdue=due is not None and today > due,
        last=last,
        open_nonconformity=_open_nonconformity(records),
        missed=missed,
        missed_labels=[describe_period(freq, p) for p in missed],
        checks=records,
    )
    if found is not None:
        current = found.get(control.element_path)
        if current is None:
            status.text_removed = True
        elif current.text != control.text_seen:
            status.text_changed = True
            status.current_text = current.text
    return status


def _open_nonconformity(records: list[CheckRecord]) -> CheckRecord | None:
    """The newest record that is not 適合, when no 適合 check is dated after it (newest first)."""
    for record in records:
        if record.result == CheckResult.CONFORMING:
            return None
        return record
    return None


def statuses_for_assessment(assessment: Assessment, controls: list[Control], today: date) -> list[ControlStatus]:
    found = latest_candidates(assessment)
    return [status_of(c, today, found) for c in controls]


def attention_rows(user: object, today: date) -> list[ControlStatus]:
    """Every active control of the user's organisations that is overdue, has a 不適合 without a
    later 適合 check, or whose 評価書 text changed (「措置の確認」 and the dashboard's follow-ups)."""
    controls = list(controls_for(user).filter(active=True).prefetch_related("checks"))
    by_assessment: dict[int, list[Control]] = {}
    for control in controls:
        by_assessment.setdefault(control.assessment_id, []).append(control)
    rows: list[ControlStatus] = []
    for group in by_assessment.values():
        found = latest_candidates(group[0].assessment)
        rows.extend(s for s in (status_of(c, today, found, list(c.checks.all())) for c in group) if s.needs_attention)
    rows.sort(key=lambda s: (not s.overdue, s.due or date.max, s.control.organization.name, s.control.title))
    return rows
