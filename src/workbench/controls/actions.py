"""Every write of the controls: creating a control from a measure of a 評価書, recording a check,
taking note of a changed measure text, ending a control, and recording the yearly 見直し.

Like every action: the permission check (作成者 and 管理者, the roles that edit a 評価書), one
transaction, one audit event. A refusal is a :class:`ControlRefused` with a Japanese message
naming the field, and leaves everything as it was."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User
from django.db import transaction

from pia.controls import ControlDataError, candidate_at, frequency
from pia.wareki import format_wareki
from workbench import clock
from workbench.acting import action
from workbench.assessments.models import Assessment
from workbench.audit.actions import record
from workbench.controls.models import (
    EXPLICIT_DATES,
    CheckRecord,
    CheckResult,
    Conclusion,
    Control,
    Review,
)
from workbench.files.actions import store_file
from workbench.organizations.access import EDITOR_ROLES, has_role, require_role
from workbench.organizations.models import Role

EVIDENCE_LABEL = "証跡ファイル"


class ControlRefused(Exception):
    """The write cannot be made (message in Japanese; ``field`` the form field it is about)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class ControlFields:
    element_path: str
    chosen_text: str  # one sentence of the measure, or its whole text
    title: str
    owner: User
    frequency: str  # a core frequency code, or EXPLICIT_DATES
    starts_on: date
    due_dates: tuple[date, ...] = ()


def _refuse_future(day: date, what: str, field: str) -> None:
    if day > clock.today():
        raise ControlRefused(
            f"「{what}」に未来の日付({format_wareki(day)})は入れられません。今日({format_wareki(clock.today())})以前の日付にしてください。",
            field,
        )


@action
def create_control(assessment: Assessment, fields: ControlFields, *, user: User) -> Control:
    organization = assessment.organization
    require_role(user, organization, EDITOR_ROLES, "管理項目を作る")
    latest = assessment.latest_version()
    if latest is None:
        raise ControlRefused("この評価書にはまだ保存がないため、措置を選べません。", "element_path")
    candidate = candidate_at(latest.document(), fields.element_path)
    if candidate is None:
        raise ControlRefused("選んだ措置は最新の保存にありません。一覧から選び直してください。", "element_path")
    chosen = fields.chosen_text.strip()
    if chosen not in (candidate.text, *candidate.sentences):
        raise ControlRefused("「管理する記載」は、選んだ措置の文から選んでください。", "chosen_text")
    title = fields.title.strip()
    if not title:
        raise ControlRefused("「管理項目名」を入力してください。", "title")
    if len(title) > 200:
        raise ControlRefused("「管理項目名」は200文字以内にしてください。", "title")
    if fields.frequency != EXPLICIT_DATES:
        try:
            frequency(fields.frequency)
        except ControlDataError as exc:
            raise ControlRefused(f"「頻度」: {exc}", "frequency") from None
    due_dates = sorted(set(fields.due_dates))
    if fields.frequency == EXPLICIT_DATES and not due_dates:
        raise ControlRefused("「期日」を1つ以上入力してください(頻度が「期日を指定」のとき)。", "due_dates")
    if not has_role(fields.owner, organization, (*EDITOR_ROLES, Role.APPROVER, Role.VIEWER)):
        raise ControlRefused("「担当者」はこの団体の職員から選んでください。", "owner")
    with transaction.atomic():
        control = Control.objects.create(
            organization=organization,
            assessment=assessment,
            element_path=candidate.path,
            item_label=candidate.label,
            chosen_text=chosen,
            text_seen=candidate.text,
            version_seen=latest.number,
            title=title,
            owner=fields.owner,
            frequency=fields.frequency,
            due_dates=[d.isoformat() for d in due_dates] if fields.frequency == EXPLICIT_DATES else [],
            starts_on=fields.starts_on,
            created_by=user,
        )
        record(
            user,
            "controls.create",
            organization=organization,
            obj=control,
            version_number=latest.number,
            details={
                "assessment": assessment.title,
                "element_path": control.element_path,
                "chosen_text": chosen,
                "frequency": control.get_frequency_display(),
                "due_dates": control.due_dates,
                "owner": fields.owner.get_username(),
                "starts_on": fields.starts_on.isoformat(),
            },
        )
    return control


@action
def record_check(
    control: Control,
    *,
    checked_on: date,
    result: str,
    note: str = "",
    evidence: str = "",
    files: Sequence[tuple[str, bytes]] = (),
    user: User,
) -> CheckRecord:
    """Record one check of ``control``; ``files`` (name, bytes): the evidence kept with it (photos of
    the 現場確認, the checklist signed on site …), each checked by its content (``workbench.files``:
    FileRefused naming the field and the file; nothing is recorded then)."""
    require_role(user, control.organization, EDITOR_ROLES, "確認を記録する")
    if not control.active:
        raise ControlRefused("管理を終えた管理項目には確認を記録できません。")
    if result not in CheckResult.values:
        raise ControlRefused("「結果」を選んでください(適合・不適合・一部不適合)。", "result")
    _refuse_future(checked_on, "確認日", "checked_on")
    if checked_on < control.starts_on:
        raise ControlRefused(
            f"「確認日」は管理の開始日({format_wareki(control.starts_on)})以降にしてください。", "checked_on"
        )
    evidence = evidence.strip()
    if len(evidence) > 200:
        raise ControlRefused("「証跡」は200文字以内にしてください(文書番号や保管場所を書きます)。", "evidence")
    if result != CheckResult.CONFORMING and not note.strip():
        raise ControlRefused("「所見」を入力してください(結果が適合でないとき、何が足りなかったか)。", "note")
    with transaction.atomic():
        check = CheckRecord.objects.create(
            control=control, checked_on=checked_on, checked_by=user, result=result, note=note.strip(), evidence=evidence
        )
        for name, data in files:
            kept = store_file(control.organization, name, data, label=EVIDENCE_LABEL, field="evidence_files", user=user)
            check.evidence_files.add(kept)
        record(
            user,
            "controls.check",
            organization=control.organization,
            obj=check,
            details={
                "control": control.title,
                "checked_on": checked_on.isoformat(),
                "result": check.get_result_display(),
                "note": check.note,
                "evidence": evidence,
                "evidence_files": [f.name for f in check.evidence_files.all()],
            },
        )
    return check


@action
def acknowledge_text(control: Control, *, chosen_text: str | None = None, user: User) -> Control:
    """Take note of the 評価書's new text for the control (the latest save's text becomes the text
    as last seen; ``chosen_text`` a sentence of it when the followed sentence changed)."""
    require_role(user, control.organization, EDITOR_ROLES, "管理項目の記載を確認する")
    latest = control.assessment.latest_version()
    candidate = candidate_at(latest.document(), control.element_path) if latest is not None else None
    if candidate is None:
        raise ControlRefused(
            "評価書の最新の保存にこの措置の項目がありません。管理を続けないときは「管理を終える」を使ってください。"
        )
    chosen = (chosen_text or control.chosen_text).strip()
    if chosen not in (candidate.text, *candidate.sentences):
        raise ControlRefused("「管理する記載」は、新しい記載の文から選んでください。", "chosen_text")
    with transaction.atomic():
        before = control.text_seen
        control.text_seen = candidate.text
        control.chosen_text = chosen
        control.item_label = candidate.label
        control.version_seen = latest.number if latest is not None else None
        control.save(update_fields=["text_seen", "chosen_text", "item_label", "version_seen"])
        record(
            user,
            "controls.acknowledge",
            organization=control.organization,
            obj=control,
            version_number=control.version_seen,
            details={"before": before, "after": candidate.text, "chosen_text": chosen},
        )
    return control


@action
def end_control(control: Control, *, user: User) -> Control:
    require_role(user, control.organization, EDITOR_ROLES, "管理を終える")
    if not control.active:
        return control
    with transaction.atomic():
        control.active = False
        control.save(update_fields=["active"])
        record(user, "controls.end", organization=control.organization, obj=control, details={"title": control.title})
    return control


@action
def record_review(assessment: Assessment, *, reviewed_on: date, conclusion: str, note: str = "", user: User) -> Review:
    organization = assessment.organization
    require_role(user, organization, EDITOR_ROLES, "見直しを記録する")
    if conclusion not in Conclusion.values:
        raise ControlRefused("「結論」を選んでください(変更なし・修正・重要な変更)。", "conclusion")
    _refuse_future(reviewed_on, "見直しの日", "reviewed_on")
    if conclusion != Conclusion.UNCHANGED and not note.strip():
        raise ControlRefused("「備考」に何を直すかを入力してください(結論が変更なしでないとき)。", "note")
    with transaction.atomic():
        review = Review.objects.create(
            organization=organization,
            assessment=assessment,
            reviewed_on=reviewed_on,
            conclusion=conclusion,
            note=note.strip(),
            reviewed_by=user,
        )
        record(
            user,
            "controls.review",
            organization=organization,
            obj=review,
            details={
                "assessment": assessment.title,
                "reviewed_on": reviewed_on.isoformat(),
                "conclusion": review.get_conclusion_display(),
                "note": review.note,
            },
        )
    return review
