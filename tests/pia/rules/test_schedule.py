from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from pia.findings import Finding, Severity, blocking
from pia.rules.calendar import days_inclusive, default_calendar
from pia.rules.procedure import Procedure, procedure_for
from pia.rules.schedule import Plan, PlanError, check_plan, make_plan

CAL = default_calendar()
CONTRACT_START = date(2026, 4, 1)  # the seed: new outsourcing contract from R8年4月
SEED_PLAN = [
    {"step": "パブリックコメント", "start": "R7年12月1日", "end": "R8年1月5日"},
    {"step": "第三者点検", "start": "R8年1月", "end": "R8年2月"},
    {"step": "提出", "start": "R8年3月", "end": "R8年3月"},
    {"step": "公表", "start": "R8年3月"},
]


def local_full(occasion: str = "important_change", on: date = CONTRACT_START) -> Procedure:
    return procedure_for("full", "local", occasion, on=on)


def codes(findings: Any) -> list[str]:
    return [f.code for f in findings]


def by_step(plan: Plan) -> dict[str, tuple[date, date]]:
    return {s.step: (s.start, s.end) for s in plan.steps}


def assert_sound(plan: Plan, effective: date) -> None:
    assert not blocking(list(plan.findings)), plan.findings
    for before, after in zip(plan.steps, plan.steps[1:], strict=False):
        assert before.end < after.start
    for step in plan.steps:
        assert step.start <= step.end < effective
        assert CAL.is_business_day(step.start)
        assert CAL.is_business_day(step.end)
    start, end = by_step(plan)["consultation"]
    assert days_inclusive(start, end) >= 30


# --- planning ---------------------------------------------------------------------------


def test_backward_plan_finishes_before_the_contract_starts() -> None:
    plan = make_plan(local_full(), effective=CONTRACT_START)
    assert_sound(plan, CONTRACT_START)
    assert [s.step for s in plan.steps][-2:] == ["submission", "publication"]
    assert by_step(plan)["publication"] == (date(2026, 3, 31), date(2026, 3, 31))


def test_backward_comment_period_across_the_year_end_is_not_shortened() -> None:
    plan = make_plan(local_full(), effective=CONTRACT_START)
    start, end = by_step(plan)["consultation"]
    assert start < date(2025, 12, 29)
    assert end > date(2026, 1, 3)
    assert days_inclusive(start, end) >= 30
    assert "plan.comment_closure" in codes(plan.findings)


def test_forward_plan_from_the_seed_comment_start_reproduces_the_seed_period() -> None:
    plan = make_plan(local_full(), start=date(2025, 12, 1), effective=CONTRACT_START, first_step="consultation")
    steps = by_step(plan)
    assert steps["consultation"] == (date(2025, 12, 1), date(2026, 1, 5))  # 12/30 is closed: runs to 1/5
    assert "draft" not in steps
    assert date(2026, 1, 1) <= steps["third_party_review"][0] <= date(2026, 2, 28)
    assert steps["submission"][0].month == 3
    assert steps["publication"][0].month == 3
    assert_sound(plan, CONTRACT_START)


def test_forward_plan_that_ends_too_late_is_an_error() -> None:
    plan = make_plan(local_full(), start=date(2026, 1, 15), effective=CONTRACT_START)
    late = [f for f in plan.findings if f.code == "plan.too_late"]
    assert late
    assert all(f.severity is Severity.ERROR for f in late)
    assert "効力発生日" in late[0].message


def test_forward_steps_start_on_the_next_business_day() -> None:
    plan = make_plan(local_full(), start=date(2025, 12, 27), first_step="consultation")
    assert plan.steps[0].start == date(2026, 1, 5)


def test_leap_year_february_is_counted_as_it_is() -> None:
    leap = make_plan(local_full(on=date(2024, 2, 1)), start=date(2024, 2, 1), first_step="consultation")
    assert leap.steps[0].end == date(2024, 3, 1)  # 2/1 + 29 days in a leap year
    plain = make_plan(local_full(on=date(2025, 2, 3)), start=date(2025, 2, 3), first_step="consultation")
    assert plain.steps[0].end == date(2025, 3, 4)


def test_backward_plan_can_end_on_29_february() -> None:
    plan = make_plan(local_full(on=date(2024, 3, 1)), effective=date(2024, 3, 1))
    assert plan.steps[-1].end == date(2024, 2, 29)
    assert_sound(plan, date(2024, 3, 1))


def test_national_plan_includes_the_approval() -> None:
    procedure = procedure_for("full", "national", "new", on=CONTRACT_START)
    plan = make_plan(procedure, effective=CONTRACT_START)
    assert [s.step for s in plan.steps][-3:] == ["submission", "approval", "publication"]
    assert_sound(plan, CONTRACT_START)


def test_basic_plan_has_no_comment_period() -> None:
    procedure = procedure_for("basic", "local", "new", on=CONTRACT_START)
    plan = make_plan(procedure, effective=CONTRACT_START)
    assert [s.step for s in plan.steps] == ["draft", "submission", "publication"]
    with pytest.raises(PlanError, match="意見聴取がない"):
        make_plan(procedure, effective=CONTRACT_START, comment_days=10, reason="急ぐため")


def test_a_too_short_comment_period_is_refused_without_a_reason() -> None:
    with pytest.raises(PlanError, match="特段の理由が必要"):
        make_plan(local_full(), effective=CONTRACT_START, comment_days=20)


def test_a_short_comment_period_with_a_reason_is_carried_by_the_plan() -> None:
    plan = make_plan(local_full(), effective=CONTRACT_START, comment_days=20, reason="法改正の施行日が迫っているため")
    start, end = by_step(plan)["consultation"]
    assert 20 <= days_inclusive(start, end) < 30
    assert plan.comment_reason == "法改正の施行日が迫っているため"
    shortened = next(f for f in plan.findings if f.code == "plan.comment_shortened")
    assert shortened.severity is Severity.WARNING
    assert "Ⅵ 2.③" in shortened.message
    assert not blocking(list(plan.findings))
    assert plan.as_dict()["comment_reason"] == "法改正の施行日が迫っているため"


def test_a_longer_comment_period_needs_no_reason() -> None:
    plan = make_plan(local_full(), start=date(2025, 12, 1), comment_days=45, reason="", first_step="consultation")
    start, end = by_step(plan)["consultation"]
    assert days_inclusive(start, end) >= 45
    assert plan.comment_reason == ""


def test_a_plan_needs_a_start_or_an_effective_date() -> None:
    with pytest.raises(PlanError, match="どちらか"):
        make_plan(local_full())


def test_an_unknown_first_step_is_refused() -> None:
    with pytest.raises(PlanError, match="approval"):
        make_plan(local_full(), start=date(2025, 12, 1), first_step="approval")


def test_plan_as_dict_has_iso_and_wareki_dates() -> None:
    plan = make_plan(local_full(), start=date(2025, 12, 1), first_step="consultation")
    first = plan.as_dict()["steps"][0]
    assert first == {
        "step": "consultation",
        "label": "公示・意見聴取",
        "start": "2025-12-01",
        "end": "2026-01-05",
        "start_wareki": "R7年12月1日",
        "end_wareki": "R8年1月5日",
        "optional": False,
    }


# --- checking a user's plan ---------------------------------------------------------------


def check(rows: Any, effective: date | None = CONTRACT_START, procedure: Procedure | None = None) -> list[Finding]:
    return check_plan(rows, procedure or local_full(), effective)


def test_the_seed_schedule_is_a_valid_plan() -> None:
    findings = check(SEED_PLAN)
    assert not blocking(findings)
    assert {f.severity for f in findings} == {Severity.INFO}
    assert "plan.comment_closure" in codes(findings)


def test_the_seed_schedule_with_iso_dates_is_valid_too() -> None:
    rows = [
        {"step": "consultation", "start": date(2025, 12, 1), "end": date(2026, 1, 5)},
        {"step": "third_party_review", "start": "2026-01-13", "end": "2026-02-27"},
        {"step": "submission", "start": "2026-03-02"},
        {"step": "publication", "start": "2026-03-02"},
    ]
    assert codes(check(rows)) == ["plan.comment_closure"]


def test_a_plan_given_as_a_mapping_with_steps_is_read() -> None:
    assert not blocking(check({"steps": SEED_PLAN}))


def test_steps_out_of_order_are_an_error() -> None:
    rows = [dict(r) for r in SEED_PLAN]
    rows[1].update(start="R7年12月20日", end="R8年2月27日")
    (finding,) = [f for f in check(rows) if f.code == "plan.order"]
    assert finding.path == "plan[1].start"
    assert finding.severity is Severity.ERROR
    assert "第三者点検は公示・意見聴取の後に行います" in finding.message


def test_a_short_comment_period_is_an_error_unless_a_reason_is_given() -> None:
    rows = [dict(r) for r in SEED_PLAN]
    rows[0].update(start="R7年12月10日", end="R8年1月5日")  # 27 days
    (short,) = [f for f in check(rows) if f.code == "plan.comment_too_short"]
    assert short.severity is Severity.ERROR
    assert "27日間" in short.message
    rows[0]["reason"] = "制度改正に間に合わせるため"
    (reasoned,) = [f for f in check(rows) if f.code == "plan.comment_shortened"]
    assert reasoned.severity is Severity.WARNING
    assert "制度改正に間に合わせるため" in reasoned.message


def test_exactly_30_days_is_enough() -> None:
    rows = [dict(r) for r in SEED_PLAN]
    rows[0].update(start="2025-11-04", end="2025-12-03")
    assert "plan.comment_too_short" not in codes(check(rows))
    rows[0].update(end="2025-12-02")
    assert "plan.comment_too_short" in codes(check(rows))


def test_a_step_after_the_change_takes_effect_is_an_error() -> None:
    rows = [dict(r) for r in SEED_PLAN]
    rows[3].update(start="R8年4月1日")
    (late,) = [f for f in check(rows) if f.code == "plan.too_late"]
    assert late.severity is Severity.ERROR
    assert late.path == "plan[3].end"


def test_a_month_that_may_end_late_is_a_warning() -> None:
    rows = [dict(r) for r in SEED_PLAN]
    rows[3].update(start="R8年4月")
    (late,) = [f for f in check(rows, effective=date(2026, 4, 15)) if f.code == "plan.too_late"]
    assert late.severity is Severity.WARNING


def test_lateness_is_only_a_warning_for_the_five_year_effort_duty_and_info_for_a_correction() -> None:
    rows = [dict(r) for r in SEED_PLAN]
    rows[3].update(start="R8年4月2日")
    five = [f for f in check(rows, procedure=local_full("five_year")) if f.code == "plan.too_late"]
    assert [f.severity for f in five] == [Severity.WARNING]
    correction = procedure_for("full", "local", "correction", on=CONTRACT_START)
    fix = [
        {"step": "修正", "start": "R8年3月2日", "end": "R8年3月13日"},
        {"step": "提出", "start": "R8年4月2日"},
        {"step": "公表", "start": "R8年4月2日"},
    ]
    late = [f for f in check(fix, procedure=correction) if f.code == "plan.too_late"]
    assert {f.severity for f in late} == {Severity.INFO}


def test_missing_unknown_duplicate_and_unexpected_steps_are_reported() -> None:
    rows = [
        {"step": "意見聴取", "start": "R7年12月1日", "end": "R8年1月5日"},
        {"step": "宴会", "start": "R8年1月6日"},
        {"step": "承認", "start": "R8年3月2日"},
        {"step": "意見聴取", "start": "R8年1月6日", "end": "R8年2月6日"},
        {"step": "公表", "start": "R8年3月2日"},
    ]
    found = {(f.code, f.severity) for f in check(rows)}
    assert ("plan.unknown_step", Severity.ERROR) in found
    assert ("plan.unexpected_step", Severity.WARNING) in found
    assert ("plan.duplicate_step", Severity.ERROR) in found
    missing = [f.message for f in check(rows) if f.code == "plan.missing_step"]
    assert any("第三者点検" in m for m in missing)
    assert any("提出" in m for m in missing)


def test_bad_dates_and_bad_shapes_are_reported() -> None:
    rows = [{"step": "意見聴取", "start": "R7年13月1日"}, "公表", {"step": "提出"}]
    messages = [f.message for f in check(rows) if f.code == "plan.invalid"]
    assert len(messages) == 3
    assert "1番目の手続(「意見聴取」)の日付が読めません" in messages[0]
    assert codes(check("not a list")) == ["plan.invalid"]


def test_a_step_ending_before_it_starts_is_an_error() -> None:
    rows = [dict(r) for r in SEED_PLAN]
    rows[1].update(start="R8年2月27日", end="R8年1月13日")
    assert "plan.reversed" in codes(check(rows))


def test_a_step_on_a_closed_day_is_a_warning() -> None:
    rows = [dict(r) for r in SEED_PLAN]
    rows[2].update(start="R8年3月1日")  # a Sunday
    (closed,) = [f for f in check(rows) if f.code == "plan.non_business_day"]
    assert closed.severity is Severity.WARNING
    assert "日曜日" in closed.message


def test_a_comment_period_given_in_months_cannot_be_verified() -> None:
    rows = [dict(r) for r in SEED_PLAN]
    rows[0].update(start="R7年12月", end="R8年1月")
    assert "plan.comment_unverified" in codes(check(rows))


def test_without_an_effective_date_lateness_is_not_checked() -> None:
    rows = [dict(r) for r in SEED_PLAN]
    rows[3].update(start="R8年5月1日")
    assert "plan.too_late" not in codes(check(rows, effective=None))


@pytest.mark.parametrize("days", [0, 1, 29, 30, 31, 60])
def test_planned_comment_period_is_never_shorter_than_asked(days: int) -> None:
    if days == 0:
        with pytest.raises(PlanError):
            make_plan(local_full(), start=date(2025, 12, 1), comment_days=days, reason="x")
        return
    plan = make_plan(local_full(), start=date(2025, 12, 1), comment_days=days, reason="理由", first_step="consultation")
    start, end = plan.steps[0].start, plan.steps[0].end
    assert days_inclusive(start, end) >= days
    assert end - start < timedelta(days=days + 10)


def test_a_decided_comment_period_is_kept_as_it_is_even_into_the_year_end() -> None:
    plan = make_plan(local_full(), start=date(2026, 12, 1), comment_end=date(2026, 12, 30), first_step="consultation")
    comment, following = plan.steps[0], plan.steps[1]
    assert (comment.step, comment.start, comment.end) == ("consultation", date(2026, 12, 1), date(2026, 12, 30))
    assert following.start == date(2027, 1, 4)  # the next step starts on the next business day
    planned = make_plan(local_full(), start=date(2026, 12, 1), comment_days=30, first_step="consultation")
    assert planned.steps[0].end == date(2027, 1, 4)  # a merely planned period runs to a business day


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"start": date(2026, 12, 1), "comment_end": date(2026, 11, 30), "first_step": "consultation"}, "前"),
        ({"start": date(2026, 12, 1), "comment_end": date(2026, 12, 30)}, "意見聴取から計画する場合"),
        ({"start": date(2026, 12, 1), "comment_end": date(2026, 12, 20), "first_step": "consultation"}, "特段の理由"),
    ],
)
def test_a_decided_comment_period_is_checked(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(PlanError, match=message):
        make_plan(local_full(), **kwargs)
