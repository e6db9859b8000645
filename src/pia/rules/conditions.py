"""Evaluate the ``when`` conditions of form items against a document."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from pia.document.values import period_bounds, ticked
from pia.document.walk import Scope, resolve_in_scopes
from pia.forms.model import FormTemplate
from pia.rules.calendar import days_inclusive
from pia.rules.ruledata import RuleDataError, load_rules
from pia.wareki import WarekiError, parse_date


def holds(template: FormTemplate, cond: Mapping[str, Any], scopes: tuple[Scope, ...], body_type: str) -> bool:
    if "all" in cond:
        return all(holds(template, c, scopes, body_type) for c in cond["all"])
    if "any" in cond:
        return any(holds(template, c, scopes, body_type) for c in cond["any"])
    if "not" in cond:
        return not holds(template, cond["not"], scopes, body_type)
    if "body_type" in cond:
        return bool(body_type == cond["body_type"])
    value = resolve_in_scopes(template, str(cond["item"]), scopes)
    if "equals" in cond:
        return bool(value == cond["equals"])
    if "includes" in cond:
        return str(cond["includes"]) in ticked(value)
    return _days_under(value, cond["days_under"])


def _days_under(value: Any, limit: int | str) -> bool:
    start, end = period_bounds(value)
    try:
        first, last = parse_date(start), parse_date(end)
        return days_inclusive(first, last) < days_of(limit, first)
    except (WarekiError, RuleDataError):  # an unreadable date, or one before the rules data
        return False


def days_of(limit: int | str, on: date) -> int:
    """A ``days_under`` limit: a number of days, or the rules data's constant of that name in force
    on ``on`` (``comment_min_days``: the 意見聴取 rule, stated once)."""
    return limit if isinstance(limit, int) else load_rules().on(on).value(limit)


def applies(template: FormTemplate, item_id: str, scopes: tuple[Scope, ...], body_type: str) -> bool:
    """True when the item and every ancestor have their conditions met (or none)."""
    for node in [*template.ancestors(item_id), template.item(item_id)]:
        if node.when is not None and not holds(template, node.when, scopes, body_type):
            return False
    return True


def describe(cond: Mapping[str, Any], template: FormTemplate) -> str:
    """The condition in Japanese, for messages: 「⑦再委託の有無」が「再委託する」の場合."""
    if "all" in cond:
        return "、かつ".join(describe(c, template) for c in cond["all"])
    if "any" in cond:
        return "、または".join(describe(c, template) for c in cond["any"])
    if "not" in cond:
        return _describe_negated(cond["not"], template)
    if "body_type" in cond:
        return "行政機関等の場合" if cond["body_type"] == "national" else "地方公共団体等の場合"
    label = template.item(str(cond["item"])).label
    if "equals" in cond:
        return f"「{label}」が「{cond['equals']}」の場合"
    if "includes" in cond:
        return f"「{label}」で「{cond['includes']}」を選んだ場合"
    return f"「{label}」の期間が{days_of(cond['days_under'], date.today())}日未満の場合"


def _describe_negated(cond: Mapping[str, Any], template: FormTemplate) -> str:
    if "item" in cond and "includes" in cond:
        return f"「{template.item(str(cond['item'])).label}」で「{cond['includes']}」にチェックがない場合"
    if "item" in cond and "equals" in cond:
        return f"「{template.item(str(cond['item'])).label}」が「{cond['equals']}」でない場合"
    return f"次に当たらない場合({describe(cond, template)})"
