"""Deadlines after publication: 5-year re-assessment, yearly review, retention after the
事務 ends. Periods come from the rules data; a due date is the last day that still counts
(公表日 + 5年 is the last day "before 5 years have passed")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pia.document.model import Document
from pia.errors import PiaError
from pia.forms.registry import get_form
from pia.rules.calendar import add_years
from pia.rules.legal import Basis
from pia.rules.ruledata import Constant, RuleBook, Rules, load_rules
from pia.wareki import WarekiError, as_date, format_both, format_wareki


class DeadlineError(PiaError, ValueError):
    """The deadlines cannot be computed (Japanese message)."""


@dataclass(frozen=True)
class Deadline:
    code: str  # deadline.reassessment | deadline.review | deadline.retention
    label: str
    due: date
    state: str  # overdue | due_soon | open | publishing | may_withdraw
    days_left: int  # negative when past
    message: str
    basis: Basis  # the legal basis of the period (the law first, pages for reference after)
    status: str

    @property
    def source(self) -> str:
        return self.basis.text

    @property
    def overdue(self) -> bool:
        return self.state == "overdue"

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "label": self.label,
            "due": self.due.isoformat(),
            "due_wareki": format_wareki(self.due),
            "state": self.state,
            "overdue": self.overdue,
            "days_left": self.days_left,
            "message": self.message,
            "source": self.source,
            "basis": self.basis.as_dict(),
            "status": self.status,
        }


def _effort(code: str, row: Constant, since: date, what: str, on: date, soon: int) -> Deadline:
    due = add_years(since, row.value)
    left = (due - on).days
    state = "overdue" if left < 0 else "due_soon" if left <= soon else "open"
    head = f"{what}({format_both(since)})から{row.value}年"
    if left < 0:
        message = f"{head}の期限({format_both(due)})を{-left}日過ぎています。{row.label}に努めてください(努力義務)。"
    else:
        message = f"{head}後の{format_both(due)}までに{row.label}を行うよう努めてください(あと{left}日、努力義務)。"
    return Deadline(code, row.label, due, state, left, message, row.basis, row.status)


def _retention(rules: Rules, ended: date, on: date) -> Deadline:
    row = rules.constant("retention_years")
    until = add_years(ended, row.value)
    left = (until - on).days
    mark = f"【{format_wareki(ended)} 終了】"
    if left >= 0:
        message = (
            f"事務の終了日({format_both(ended)})から{row.value}年後の{format_both(until)}まで"
            f"公表を続けてください。評価書名に「{mark}」を付します。"
        )
    else:
        message = f"事務の終了後{row.value}年の公表期間は{format_both(until)}に満了しています。"
    state = "publishing" if left >= 0 else "may_withdraw"
    return Deadline("deadline.retention", row.label, until, state, left, message, row.basis, row.status)


def compute_deadlines(
    published: date, on: date, ended: date | None = None, reviewed: date | None = None, book: RuleBook | None = None
) -> list[Deadline]:
    """Deadlines of a 評価書 published on ``published``, as seen on ``on``; overdue first.

    ``reviewed``: the last yearly review (default: the publication). ``ended``: the day the
    事務 ended; once it has, only the retention of the publication remains.
    """
    rules = (book or load_rules()).on(on)
    items: list[Deadline] = []
    if ended is None or ended > on:
        soon = rules.value("due_soon_days")
        items.append(
            _effort("deadline.reassessment", rules.constant("reassessment_years"), published, "直近の公表日", on, soon)
        )
        last = reviewed or published
        what = "前回の見直し" if reviewed else "公表日"
        items.append(_effort("deadline.review", rules.constant("review_interval_years"), last, what, on, soon))
    if ended is not None:
        items.append(_retention(rules, ended, on))
    return sorted(items, key=lambda d: (not d.overdue, d.due))


def publication_date(document: Document) -> date:
    """The 公表日 on a document's cover (the item with the role ``publication_date``);
    DeadlineError when missing or unreadable."""
    item = get_form(document.form, document.edition).item_for_role("publication_date")
    if item is None:
        raise DeadlineError("この様式には表紙の公表日がないため、期限を計算できません。")
    raw = document.values.get(item.id)
    if raw in (None, ""):
        raise DeadlineError(f"表紙の公表日({item.id})が入力されていないため、期限を計算できません。")
    try:
        return as_date(raw)
    except WarekiError as exc:
        raise DeadlineError(f"表紙の公表日({item.id})が日付として読めません。{exc}") from exc
