"""Demo controls of 熊本市 (ADR 0020): the 住基 全項目評価書's promise
「仕様書どおりの履行となっているか月に一度、現場確認を行う。」 as a monthly control started three
months before the demo day (the workbench's clock), with its 現場確認 records: one in the month it
started (適合), one 不適合 the month after and its 再確認 (適合) later that month; the month after
that has none, so the control shows 期限切れ. And one 見直し from last year (変更なし).
Registered with ``procedure.demo.register_loader``; idempotent."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from pia.controls import candidates
from workbench import clock
from workbench.assessments.models import Assessment
from workbench.controls import actions
from workbench.controls.models import CheckResult, Control, Review

KUMAMOTO = "熊本市"
PROMISE = "仕様書どおりの履行となっているか月に一度、現場確認を行う。"
TITLE = "マイナンバーカードセンター 仕様書どおりの履行の現場確認(月1回)"


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _day_of_next_month(start: date, day: int) -> date:
    first = (start.replace(day=1) + timedelta(days=32)).replace(day=1)
    return first.replace(day=day)


def load_controls(users: dict, report) -> None:
    author = users["sakusei"]
    assessment = Assessment.objects.filter(jimu__organization__name=KUMAMOTO, form="full").order_by("pk").first()
    if assessment is None or Control.objects.filter(assessment=assessment, chosen_text=PROMISE).exists():
        return
    latest = assessment.latest_version()
    if latest is None:
        return
    candidate = next((c for c in candidates(latest.document()) if PROMISE in c.sentences), None)
    if candidate is None:
        return
    today = clock.today()
    start = months_before(today, 3)
    control = actions.create_control(
        assessment,
        actions.ControlFields(
            element_path=candidate.path,
            chosen_text=PROMISE,
            title=TITLE,
            owner=author,
            frequency="monthly",
            starts_on=start,
        ),
        user=author,
    )
    actions.record_check(
        control, checked_on=start, result=CheckResult.CONFORMING, evidence="現場確認票 第1号【デモ】", user=author
    )
    actions.record_check(
        control,
        checked_on=_day_of_next_month(start, 10),
        result=CheckResult.NONCONFORMING,
        note="作業場所の入退室記録に記入漏れがあった。委託先に是正を指示し、月内に再確認する。【デモ】",
        evidence="現場確認票 第2号【デモ】",
        user=author,
    )
    actions.record_check(
        control,
        checked_on=_day_of_next_month(start, 24),
        result=CheckResult.CONFORMING,
        note="入退室記録の是正を確認した。【デモ】",
        evidence="現場確認票 第3号【デモ】",
        user=author,
    )
    report.created.append(f"管理項目: {assessment.title}の「{TITLE}」(確認の記録3件、1か月分が未確認で期限切れ)")
    if not Review.objects.filter(assessment=assessment).exists():
        reviewed_on = months_before(today, 12) + timedelta(days=20)
        actions.record_review(
            assessment,
            reviewed_on=min(reviewed_on, today),
            conclusion="unchanged",
            note="【デモ】前年度の見直し。記載の変更は不要と判断した。",
            user=author,
        )
        report.created.append(f"見直し: {assessment.title}(前年、変更なし)")
