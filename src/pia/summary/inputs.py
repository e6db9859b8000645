"""The small input of the 概要版 (YAML; documented in docs/domain/changes.md).

purpose: |                     # 1. 目的 (paragraphs separated by a blank line, or a list)
  本市では、…
document_number: "1"           # default: the cover's 評価書番号
changes_intro: |               # 3. 主な修正箇所's paragraph as the body words it (default: generated)
  既存の…に今回の業務委託を「委託事項 2」として追加し…
schedule:                      # explicit rows …
  - {start: 2025-12-01, end: 2026-01-05, content: パブリックコメントの実施}
  - {start: R8年1月, end: R8年2月, planned: true, content: 第三者点検の実施}
  - {when: R8年3月（予定）, content: [委員会に提出, ホームページ上で公開]}   # 時期 as written
plan: {start: 2025-12-01}      # … or rows from the planner (pia.rules.schedule)
contact: |                     # 5. 問合せ先 (printed only when given; lines as written)
  熊本市 区政課 電話 096-328-2111
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pia.errors import PiaError
from pia.inputs import InputError, parse_json, parse_yaml, read_text
from pia.rules.ruledata import current_step_id
from pia.wareki import WarekiError, as_date, format_wareki, parse_date, parse_year_month

KEYS = {
    "title", "badge", "header_note", "purpose", "document_number", "document_name",
    "section_labels", "structure_files", "schedule", "plan", "changes_intro", "contact",
}  # fmt: skip
PLAN_KEYS = {
    "start", "effective", "from", "level", "body", "occasion",
    "comment_days", "comment_end", "reason", "steps", "exact",
}  # fmt: skip
PLANNED = "(予定)"


class SummaryInputError(PiaError, ValueError):
    """A summary input the user must fix (message in Japanese)."""


@dataclass(frozen=True)
class ScheduleEntry:
    when: str
    content: tuple[str, ...]


@dataclass(frozen=True)
class PlanRequest:
    start: date | None = None
    effective: date | None = None
    first_step: str = ""  # `from`: plan from this step (the earlier ones are done), e.g. consultation
    level: str = ""  # default: the document's form
    body: str = ""  # default: the document's body type
    occasion: str = ""  # default: from the verdict (important_change | correction)
    comment_days: int | None = None
    comment_end: date | None = None  # the 意見聴取's last day, when already decided
    reason: str = ""
    steps: Mapping[str, str] | None = None  # step id → printed content; None: the defaults
    exact: tuple[str, ...] = ("consultation",)  # steps printed by day; the others by month, (予定)


@dataclass(frozen=True)
class SummaryInput:
    purpose: tuple[str, ...]
    title: str = ""
    badge: str = "【素案】概要版"
    header_note: str = ""
    document_number: str = ""
    document_name: str = ""
    section_labels: Mapping[str, str] = field(default_factory=dict)
    all_files: bool = False
    schedule: tuple[ScheduleEntry, ...] = ()
    plan: PlanRequest | None = None
    changes_intro: str = ""  # 3. 主な修正箇所's paragraph(s) as written; '' = the generated sentence
    contact: tuple[str, ...] = ()  # 5. 問合せ先, line by line; () = no such section


def _str(data: Mapping[str, Any], key: str, default: str = "") -> str:
    value = data.get(key, default)
    if value is None:
        return default
    if not isinstance(value, (str, int)):
        raise SummaryInputError(f"概要版の入力: {key} は文字列にしてください")
    return str(value)


def _paragraphs(raw: Any) -> tuple[str, ...]:
    if isinstance(raw, list) and all(isinstance(p, str) for p in raw):
        return tuple(p.strip() for p in raw if p.strip())
    if isinstance(raw, str):
        return tuple(p.strip() for p in raw.split("\n\n") if p.strip())
    raise SummaryInputError("概要版の入力: purpose(1. 目的の本文)は文字列か段落のリストにしてください")


def _lines(raw: Any, where: str) -> tuple[str, ...]:
    if isinstance(raw, str) and raw.strip():
        return (raw.strip(),)
    if isinstance(raw, list) and raw and all(isinstance(x, str) and x.strip() for x in raw):
        return tuple(x.strip() for x in raw)
    raise SummaryInputError(f"概要版の入力: {where} の content は文字列か、空でない文字列のリストにしてください")


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _text_block(data: Mapping[str, Any], key: str, what: str) -> str:
    """A free text (line breaks kept, CRLF as LF, blank lines at either end dropped)."""
    raw = data.get(key)
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise SummaryInputError(f"概要版の入力: {key}({what})は文字列にしてください")
    return _newlines(raw)


def _contact(raw: Any) -> tuple[str, ...]:
    """5. 問合せ先: a text (one printed line per line) or a list of lines."""
    if raw is None:
        return ()
    if isinstance(raw, list) and all(isinstance(x, str) for x in raw):
        raw = "\n".join(raw)
    if not isinstance(raw, str):
        raise SummaryInputError("概要版の入力: contact(5. 問合せ先)は文字列か行のリストにしてください")
    text = _newlines(raw)
    return tuple(line.rstrip() for line in text.split("\n")) if text else ()


def _day(raw: Any, where: str) -> date:
    try:
        return as_date(raw)
    except WarekiError as exc:
        raise SummaryInputError(f"概要版の入力: {where} の日付が読めません。{exc}") from None


def span_text(raw: Any, where: str) -> str:
    """A day 「R7年12月1日」 or a month 「R8年1月」, as written in the schedule table."""
    if isinstance(raw, date):
        return format_wareki(raw, style="abbr")
    text = str(raw)
    try:
        return format_wareki(parse_date(text), style="abbr")
    except WarekiError:
        pass
    try:
        year, month = parse_year_month(text)
    except WarekiError as exc:
        raise SummaryInputError(f"概要版の入力: {where} の時期「{text}」が読めません。{exc}") from None
    return format_wareki(date(year, month, 1), style="abbr_month")


def _entry(raw: Any, index: int) -> ScheduleEntry:
    where = f"schedule の{index + 1}行目"
    if not isinstance(raw, Mapping) or "content" not in raw:
        raise SummaryInputError(
            f"概要版の入力: {where} は when か start(と end)、content を持つマッピングにしてください"
        )
    content = _lines(raw["content"], where)
    if raw.get("when") not in (None, ""):
        return _free_entry(raw, where, content)
    if raw.get("start") in (None, ""):
        raise SummaryInputError(f"概要版の入力: {where} に when か start がありません")
    start = span_text(raw["start"], where)
    end = span_text(raw["end"], where) if raw.get("end") not in (None, "") else start
    when = start if end == start else f"{start}～{end}"
    return ScheduleEntry(when + (PLANNED if raw.get("planned") else ""), content)


def _free_entry(raw: Mapping[str, Any], where: str, content: tuple[str, ...]) -> ScheduleEntry:
    """A row whose 時期 is free text (「R8年1月～R8年2月(予定)」, 「令和8年度中」), printed as written."""
    if any(raw.get(key) not in (None, "", False) for key in ("start", "end", "planned")):
        raise SummaryInputError(
            f"概要版の入力: {where} の when(時期の文)と start・end・planned は一緒に書けません"
            "(when は書いたとおりに印刷します。「(予定)」も when に書いてください)"
        )
    when = raw["when"]
    if not isinstance(when, (str, int, date)):
        raise SummaryInputError(f"概要版の入力: {where} の when は文字列にしてください")
    text = span_text(when, where) if isinstance(when, date) else " ".join(str(when).split())
    if not text:
        raise SummaryInputError(f"概要版の入力: {where} の when(時期)が空です")
    return ScheduleEntry(text, content)


def _plan(raw: Any) -> PlanRequest:
    if not isinstance(raw, Mapping) or not set(raw) <= PLAN_KEYS:
        raise SummaryInputError(f"概要版の入力: plan は {'、'.join(sorted(PLAN_KEYS))} を持つマッピングにしてください")
    if not raw.get("start") and not raw.get("effective"):
        raise SummaryInputError("概要版の入力: plan には start(開始日)か effective(変更の効力発生日)が必要です")
    steps = raw.get("steps")
    if steps is not None and not (isinstance(steps, Mapping) and all(isinstance(v, str) for v in steps.values())):
        raise SummaryInputError("概要版の入力: plan.steps は「手続 id: 内容」のマッピングにしてください")
    days = raw.get("comment_days")
    return PlanRequest(
        start=_day(raw["start"], "plan.start") if raw.get("start") else None,
        effective=_day(raw["effective"], "plan.effective") if raw.get("effective") else None,
        first_step=current_step_id(_str(raw, "from")),
        level=_str(raw, "level"),
        body=_str(raw, "body"),
        occasion=_str(raw, "occasion"),
        comment_days=int(days) if days is not None else None,
        comment_end=_day(raw["comment_end"], "plan.comment_end") if raw.get("comment_end") else None,
        reason=_str(raw, "reason"),
        steps={current_step_id(str(k)): v for k, v in steps.items()} if steps is not None else None,
        exact=tuple(current_step_id(str(step)) for step in raw.get("exact") or ("consultation",)),
    )


def _schedule(data: Mapping[str, Any]) -> tuple[tuple[ScheduleEntry, ...], PlanRequest | None]:
    rows, plan = data.get("schedule"), data.get("plan")
    if (rows is None) == (plan is None):
        raise SummaryInputError("概要版の入力: schedule(日程の行)か plan(日程の自動作成)のどちらか一方を書いてください")
    if plan is not None:
        return (), _plan(plan)
    if not isinstance(rows, list) or not rows:
        raise SummaryInputError("概要版の入力: schedule は行のリストにしてください")
    return tuple(_entry(raw, i) for i, raw in enumerate(rows)), None


def _labels(data: Mapping[str, Any]) -> dict[str, str]:
    labels = data.get("section_labels") or {}
    if not isinstance(labels, Mapping) or not all(isinstance(v, str) for v in labels.values()):
        raise SummaryInputError("概要版の入力: section_labels は「項目 id: 表示名」のマッピングにしてください")
    return {str(k): v for k, v in labels.items()}


def read_summary_input(data: Any) -> SummaryInput:
    if not isinstance(data, Mapping):
        raise SummaryInputError("概要版の入力は purpose・schedule(または plan)などを持つマッピングにしてください")
    unknown = sorted(str(k) for k in set(data) - KEYS)
    if unknown:
        raise SummaryInputError(
            f"概要版の入力: 不明なキー {'、'.join(unknown)} があります(使えるキー: {'、'.join(sorted(KEYS))})"
        )
    files = _str(data, "structure_files", "changed")
    if files not in ("changed", "all"):
        raise SummaryInputError("概要版の入力: structure_files は changed(変更のあるファイルのみ)か all です")
    schedule, plan = _schedule(data)
    return SummaryInput(
        purpose=_paragraphs(data.get("purpose", "")),
        title=_str(data, "title"),
        badge=_str(data, "badge", "【素案】概要版"),
        header_note=_str(data, "header_note"),
        document_number=_str(data, "document_number"),
        document_name=_str(data, "document_name"),
        section_labels=_labels(data),
        all_files=files == "all",
        schedule=schedule,
        plan=plan,
        changes_intro=_text_block(data, "changes_intro", "3. 主な修正箇所の文"),
        contact=_contact(data.get("contact")),
    )


def load_summary_input(path: str | Path) -> SummaryInput:
    """Read a 概要版 input file (YAML, or JSON by suffix) with the limits of ``pia.inputs``."""
    try:
        text = read_text(path)
        data = parse_json(text) if Path(path).suffix.lower() == ".json" else parse_yaml(text)
    except InputError as exc:
        raise SummaryInputError(f"概要版の入力 {path}: {exc}") from None
    return read_summary_input(data)
