"""The 意見聴取 period rule, in one place (``pia.rules.comment_period``): both ends counted, at
least the rules data's minimum, a shorter one only with a 特段の理由. The planner, the checks of a
plan and the workbench's 意見募集 ask it, so they agree on every length."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from pia.forms import all_forms, get_form
from pia.rules.calendar import days_inclusive
from pia.rules.comment_period import (
    CommentPeriod,
    comment_period,
    default_comment_period,
    min_comment_days,
)
from pia.rules.conditions import holds
from pia.rules.procedure import procedure_for
from pia.rules.ruledata import load_rules
from pia.rules.schedule import PlanError, check_plan, make_plan

START = date(2026, 11, 2)


@pytest.mark.parametrize(
    ("end", "reason", "days", "short", "needs_reason", "kept"),
    [
        (date(2026, 12, 1), "", 30, False, False, ""),  # 11/2～12/1: exactly 30 days
        (date(2026, 12, 1), "施行日が迫っているため", 30, False, False, ""),  # no reason is kept for a full period
        (date(2026, 11, 30), "", 29, True, True, ""),
        (date(2026, 11, 30), "  施行日が迫っているため ", 29, True, False, "施行日が迫っているため"),
        (date(2026, 11, 30), "   ", 29, True, True, ""),
        (START, "", 1, True, True, ""),
    ],
)
def test_the_period_against_the_minimum(
    end: date, reason: str, days: int, short: bool, needs_reason: bool, kept: str
) -> None:
    period = comment_period(START, end)
    assert period == CommentPeriod(days, 30)
    assert period.short is short
    assert period.needs_reason(reason) is needs_reason
    assert period.kept_reason(reason) == kept


def test_the_minimum_is_the_rules_data_value_and_the_procedure_step_length() -> None:
    step = procedure_for("full", "local", "new", on=START).step("consultation")
    assert step is not None
    assert min_comment_days(START) == step.duration == 30


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2026, 11, 2), date(2026, 12, 1)),
        (date(2026, 12, 1), date(2027, 1, 4)),  # 12/30 is in the 年末年始: the period runs to the next business day
    ],
)
def test_the_default_period_is_the_shortest_that_needs_no_reason(start: date, end: date) -> None:
    assert default_comment_period(start) == (start, end)
    assert not comment_period(start, end).short


def test_days_are_counted_with_both_ends() -> None:
    assert days_inclusive(date(2025, 12, 1), date(2025, 12, 30)) == 30
    assert days_inclusive(START, START) == 1


@pytest.mark.parametrize("days", [28, 29, 30, 31])
def test_the_planner_and_the_plan_check_follow_the_rule(days: int) -> None:
    procedure = procedure_for("full", "local", "new", on=START)
    end = START + timedelta(days=days - 1)
    rule = comment_period(START, end)
    try:
        make_plan(procedure, start=START, comment_days=days)
        planned = True
    except PlanError:
        planned = False
    assert planned is not rule.needs_reason("")
    entries = [{"step": "consultation", "start": START.isoformat(), "end": end.isoformat()}]
    codes = {f.code for f in check_plan(entries, procedure, None)}
    assert ("plan.comment_too_short" in codes) is rule.needs_reason("")
    with_reason = [{**entries[0], "reason": "施行日が迫っているため"}]
    codes = {f.code for f in check_plan(with_reason, procedure, None)}
    assert ("plan.comment_shortened" in codes) is rule.short


def named_limits() -> list[tuple[str, str, str]]:
    """(edition, item, constant) for every ``days_under`` that names a rules constant."""
    found = []
    for template in all_forms():
        for item in template.walk():
            limit = (item.when or {}).get("days_under")
            if isinstance(limit, str):
                found.append((template.key, item.id, limit))
    return found


@pytest.mark.parametrize(("edition", "item", "name"), named_limits())
def test_a_named_days_under_is_a_constant_in_days_of_the_rules_data(edition: str, item: str, name: str) -> None:
    (constant,) = [c for c in load_rules().on(START).constants if c.id == name]
    assert constant.unit == "days"


def test_the_shortening_reason_item_applies_exactly_when_the_rule_calls_the_period_short() -> None:
    assert {name for _, _, name in named_limits()} == {"comment_min_days"}
    for form in ("focused", "full"):
        template = get_form(form)
        when = template.item("VI.2.3").when
        assert when is not None
        for days in (29, 30):
            end = START + timedelta(days=days - 1)
            scope = {"VI.2.2": {"start": START.isoformat(), "end": end.isoformat()}}
            assert holds(template, when, (scope,), "local") is comment_period(START, end).short
