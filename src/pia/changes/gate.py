"""The gate before 第三者点検, submission and publication of a revision (改訂案).

``release_findings(published, draft, records, stage)`` returns findings, as every check of the
core does, so the workbench (the 評価書 page, the transitions) and the CLI (``pia gate``) say the
same. It compares the 改訂案 with the 公表版 it revises and with this round's procedure records:

- the items that record the procedure (Ⅵ2/Ⅵ3/Ⅵ4, the cover's 承認日) say what *this* round's
  records say — a value carried over from the previous round is an error naming the old and the
  new value (``gate.record_outdated``); other items of those sections that are unchanged since
  the 公表版 although this round has its own record are a warning (``gate.carried_over``);
- every change against the 公表版 has its (別添3) 変更箇所 row (``gate.change_row_missing``;
  items that record the procedure, and the 公表日, are procedure facts, not changes of the
  assessment, and need no row);
- no 意見募集 on the 評価書 is open, no 点検・承認 round is open;
- 重要な変更 made after the 意見募集 opened need a decision (a new 意見募集, or a recorded
  reason) before 第三者点検 and submission (``gate.consultation_outdated``);
- at publication: the 提出日 is recorded, the 公表日 is given (the cover is set to it), and the
  text published is the one submitted, or differs from it by 修正 only, which are listed.

Checks that need a record the caller does not have (e.g. the CLI without ``--records``) are
not made.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from pia.changes.diff import diff
from pia.changes.elements import normalized
from pia.changes.fill import is_recorded
from pia.changes.model import ChangeList, label_list
from pia.changes.rows import BLANK, change_rows, existing_rows, is_change_log
from pia.document.access import label_path
from pia.document.display import display_value
from pia.document.model import Document
from pia.document.paths import ElementPath
from pia.document.values import is_filled, period_bounds
from pia.findings import Finding, Severity
from pia.forms.model import FormTemplate, Item, Kind
from pia.forms.registry import UnknownFormError, get_form
from pia.rules.plan_model import COMMENT
from pia.wareki import WarekiError, as_date, format_wareki

PUBLICATION_DATE = "publication.date"  # the record field of the 公表日: set at publication, no round's record


class Stage(StrEnum):
    """Where the revision is going: 第三者点検 (or 承認申請), submission, publication."""

    REVIEW = "review"
    SUBMIT = "submit"
    PUBLISH = "publish"


@dataclass(frozen=True)
class RoundRecords:
    """What this round's procedure records say. The workbench reads them from its database,
    the CLI from a YAML file (``pia gate --records``)."""

    values: Mapping[str, Any] = field(default_factory=dict)  # by record field (RECORD_FIELDS)
    consultation_open_until: date | None = None  # a 意見募集 on the 評価書 is open until this day
    consulted: Document | None = None  # the text the latest 意見募集 of this round was about
    consulted_label: str = ""  # how to name that text (e.g. 第14回保存)
    later_changes_reason: str = ""  # the decision recorded to go on despite later 重要な変更
    review_open: bool = False  # a 第三者点検 / 承認 round of this round is still open
    submitted: Document | None = None  # the text submitted (承認して提出済)
    submitted_label: str = ""
    submitted_on: date | None = None  # 提出日
    publication_date: date | None = None  # the 公表日 of the publication being made


def release_findings(
    published: Document | None,
    draft: Document,
    records: RoundRecords,
    stage: Stage | str,
    *,
    today: date | None = None,
) -> list[Finding]:
    """What stands between the 改訂案 ``draft`` and the ``stage`` (errors block it)."""
    stage = Stage(stage)
    try:
        template = get_form(draft.form, draft.edition)
    except UnknownFormError as exc:
        return [Finding("form.unknown", Severity.ERROR, "", str(exc), "様式")]
    findings: list[Finding] = []
    if stage is not Stage.REVIEW:
        findings += _record_findings(template, published, draft, records)
        if published is not None:
            findings += _change_row_findings(template, published, draft, today or date.today())
        findings += _open_procedure_findings(records)
    if stage is not Stage.PUBLISH:
        findings += _consultation_findings(draft, records)
    if stage is Stage.PUBLISH:
        findings += _publication_findings(template, draft, records)
    return findings


# --- the items that record the procedure ----------------------------------------------------


def _record_findings(
    template: FormTemplate, published: Document | None, draft: Document, records: RoundRecords
) -> list[Finding]:
    findings = list(_outdated(template, draft, records.values))
    steps = {name.split(".")[0] for name in records.values}
    if records.consulted is not None:
        steps.add(COMMENT)
    if published is not None:
        findings += list(_carried_over(template, published, draft, steps))
    return findings


def _outdated(template: FormTemplate, draft: Document, values: Mapping[str, Any]) -> Iterator[Finding]:
    for record_field, recorded in values.items():
        item_id = template.item_filled_from(record_field)
        if item_id is None or record_field == PUBLICATION_DATE:
            continue
        item = template.item(item_id)
        written = draft.values.get(item_id)
        if is_filled(written) and not same_value(item, written, recorded):
            label = _label(template, draft, item_id)
            yield Finding(
                "gate.record_outdated",
                Severity.ERROR,
                item_id,
                f"「{label}」の記載({show(item, written)})が、今回の手続の記録({show(item, recorded)})と"
                "異なります。前回の手続の記載が残っていないか確認し、記録の値に更新してください。",
                label,
            )


def _carried_over(template: FormTemplate, published: Document, draft: Document, steps: set[str]) -> Iterator[Finding]:
    """Items of a procedure section this round has a record of, still as in the 公表版."""
    for item in template.walk():
        step = template.recorded_step(item.id)
        if step not in steps or item.filled_from or not item.kind.holds_value or template.repeat_chain(item.id):
            continue
        before, after = published.values.get(item.id), draft.values.get(item.id)
        if is_filled(after) and normalized(item, before) == normalized(item, after):
            label = _label(template, draft, item.id)
            yield Finding(
                "gate.carried_over",
                Severity.WARNING,
                item.id,
                f"「{label}」が公表中の版と同じ記載です(「{_short(show(item, after))}」)。"
                "今回の手続の内容になっているか確認してください。",
                label,
            )


def _label(template: FormTemplate, document: Document, item_id: str) -> str:
    return label_path(document, template, ElementPath(item_id))


def same_value(item: Item, a: Any, b: Any) -> bool:
    """Whether two values of an item say the same (dates compared as days, ISO or 和暦)."""
    if item.kind is Kind.DATE:
        return _day(a) is not None and _day(a) == _day(b)
    if item.kind is Kind.PERIOD:
        left, right = period_bounds(a), period_bounds(b)
        return all(_day(x) is not None and _day(x) == _day(y) for x, y in zip(left, right, strict=True))
    return bool(normalized(item, a) == normalized(item, b))


def _day(value: Any) -> date | None:
    try:
        return as_date(value)
    except (WarekiError, ValueError):
        return None


def show(item: Item, value: Any) -> str:
    """A value as people read it (dates and periods in 和暦)."""
    if not is_filled(value):
        return BLANK
    day = _day(value) if item.kind is Kind.DATE else None
    if day is not None:
        return format_wareki(day)
    if item.kind is Kind.PERIOD and isinstance(value, Mapping):
        start, end = (_day(v) for v in period_bounds(value))
        if start is not None and end is not None:
            return f"{format_wareki(start)}〜{format_wareki(end)}"
    return display_value(item, value)


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


# --- (別添3) ----------------------------------------------------------------------------------


def _change_row_findings(template: FormTemplate, published: Document, draft: Document, today: date) -> list[Finding]:
    changes = diff(published, draft)
    rows = change_rows(assessment_changes(template, changes), published, draft, today)
    table = existing_rows(draft)
    return [
        Finding(
            "gate.change_row_missing",
            Severity.ERROR,
            row.path,
            f"公表中の版からの変更「{row.item}」の(別添3)変更箇所の行がありません。"
            "「公表中の版との差分から変更箇所を追加」で追加してください(記入済みの行はそのまま残ります)。",
            row.item,
        )
        for row in rows
        if not is_recorded(row, table)
    ]


def assessment_changes(template: FormTemplate, changes: ChangeList) -> ChangeList:
    """The changes of the assessment's content: not those of the items recording the procedure,
    nor of the (別添3) table that records the changes."""
    kept = [
        c for c in changes.changes if not template.recorded_step(c.item_id) and not is_change_log(template, c.item_id)
    ]
    return ChangeList(changes.form, changes.edition, changes.body_type, kept, list(changes.notes))


# --- the procedure ---------------------------------------------------------------------------


def _open_procedure_findings(records: RoundRecords) -> list[Finding]:
    findings = []
    if records.consultation_open_until is not None:
        until = format_wareki(records.consultation_open_until)
        findings.append(
            Finding(
                "gate.consultation_open",
                Severity.ERROR,
                "",
                f"この評価書の意見募集がまだ受付中です({until}まで)。期間が終わるまで提出・公表はできません。",
            )
        )
    if records.review_open:
        findings.append(
            Finding(
                "gate.review_open",
                Severity.ERROR,
                "",
                "第三者点検(承認)がまだ終わっていません。結果を記録して終了してください。",
            )
        )
    return findings


def _consultation_findings(draft: Document, records: RoundRecords) -> list[Finding]:
    """重要な変更 after the 意見募集 opened: the consultation was about an earlier text."""
    if records.consulted is None or records.later_changes_reason.strip():
        return []
    important = diff(records.consulted, draft).important_changes()
    if not important:
        return []
    labels = label_list([c.label for c in important], 5)
    return [
        Finding(
            "gate.consultation_outdated",
            Severity.ERROR,
            "",
            f"意見募集の対象({records.consulted_label or '意見募集時の記載'})の後に、重要な変更が"
            f"{len(important)}件あります({labels})。意見募集は以前の記載について行われました。"
            "新たに意見募集を行うか、このまま進める理由を記録してください。",
        )
    ]


def _publication_findings(template: FormTemplate, draft: Document, records: RoundRecords) -> list[Finding]:
    findings = []
    if records.submitted_on is None:
        findings.append(
            Finding(
                "gate.submission_date_missing",
                Severity.ERROR,
                "",
                "提出日が記録されていません。個人情報保護委員会に提出した日を記録してください。",
            )
        )
    findings += _publication_date_findings(template, draft, records.publication_date)
    if records.submitted is not None:
        findings += _since_submission(template, records.submitted, draft, records.submitted_label)
    return findings


def _publication_date_findings(template: FormTemplate, draft: Document, day: date | None) -> list[Finding]:
    item = template.item_for_role("publication_date")
    if item is None:
        return []
    item_id = item.id
    label = _label(template, draft, item_id)
    if day is None:
        return [Finding("gate.publication_date", Severity.ERROR, item_id, "公表日を入力してください。", label)]
    written = draft.values.get(item_id)
    if same_value(template.item(item_id), written, day.isoformat()):
        return []
    before = show(template.item(item_id), written)
    return [
        Finding(
            "gate.publication_date",
            Severity.INFO,
            item_id,
            f"「{label}」を{before}から{format_wareki(day)}にして公表します。",
            label,
        )
    ]


def _since_submission(template: FormTemplate, submitted: Document, draft: Document, name: str) -> list[Finding]:
    """The text published is the one submitted, or differs from it by 修正 only (listed)."""
    changes = assessment_changes(template, diff(submitted, draft)).changes  # 公表日 and Ⅵ are the procedure's
    if not changes:
        return []
    what = name or "提出した記載"
    important = [c for c in changes if c.important]
    if important:
        labels = label_list([c.label for c in important], 5)
        return [
            Finding(
                "gate.changed_since_submission",
                Severity.ERROR,
                "",
                f"提出した内容({what})の後に重要な変更が{len(important)}件あります({labels})。"
                "重要な変更は評価を再実施してから公表してください。",
            )
        ]
    labels = label_list([c.label for c in changes], 10)
    return [
        Finding(
            "gate.changed_since_submission",
            Severity.WARNING,
            "",
            f"提出した内容({what})の後に修正が{len(changes)}件あります({labels})。"
            "いずれも重要な変更ではありません。公表する内容に含まれます。",
        )
    ]
