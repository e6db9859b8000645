"""The 再委託 許諾 workflow (⑧ of the 評価書: 「再委託申請書及び関係書類を提出させ、審査の後、書面により
許諾通知を行っている」): a 再委託申請 under a 委託契約 is registered from the paper 申請書 with its
attachments (受付), examined on a checklist made when 審査 starts (審査中: ⑧'s sentences, those of
Ⅲ4's supervision of 再委託先 and the standard points, ``pia.contractors.checklist``), and decided
(許諾 / 不許諾) with a numbered 通知書 PDF kept as a stored file; it may be withdrawn (取下げ) while open.

Who: 管理者 and 作成者 register, attach, start the 審査 and withdraw (``EDITOR_ROLES``, as for the
register); they and 承認者 check the items (``CHECK_ROLES``); only 管理者 and 承認者 decide
(``DECIDER_ROLES``, the roles that approve a 評価書's steps, ``assessments.workflow``). Every action
is one transaction with one audit event (``contractors.resub_*``); a refusal is a
``RegisterRefused`` naming the field, and leaves everything as it was."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from pia.contractors import (
    CorporateNumberError,
    checklist,
    entrustments,
    subcontract_supervision,
    validate_corporate_number,
)
from pia.errors import PiaError
from pia.wareki import format_wareki
from workbench import clock
from workbench.acting import action
from workbench.audit.actions import record
from workbench.concurrency import check_fresh
from workbench.contractors.actions import RegisterRefused
from workbench.contractors.models import (
    AttachmentKind,
    ChecklistItem,
    CheckState,
    Contract,
    ContractLink,
    ContractStatus,
    NoticeSequence,
    Resubcontract,
    ResubcontractAttachment,
    ResubcontractStatus,
)
from workbench.contractors.notices import build_letter, render_notice
from workbench.files.actions import FileRefused, store_file
from workbench.organizations.access import EDITOR_ROLES, require_role
from workbench.organizations.models import Organization, Role

CHECK_ROLES = (Role.ADMIN, Role.AUTHOR, Role.APPROVER)
DECIDER_ROLES = (Role.ADMIN, Role.APPROVER)
DEFAULT_CONDITIONS = (
    "委託先の義務と同等の義務を再委託先に負わせ、再委託先の行為について委託先が全ての責任を負うこと。",
    "再委託先による再々委託は行わないこと(やむを得ず行う場合は、事前に書面により申請し、許諾を得ること)。",
    "再委託先の作業従事者名簿及び業務の履行状況を、委託先を通じて報告すること。",
    "業務の終了時には、特定個人情報を返却又は廃棄(消去)し、その証明書を提出すること。",
)


@dataclass(frozen=True)
class ResubcontractFields:
    subcontractor_name: str
    work: str
    personal_data: str
    received_on: date | None
    subcontractor_number: str = ""
    subcontractor_address: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    link: ContractLink | None = None


@dataclass(frozen=True)
class Upload:
    """A file handed in with the 申請 (its kind, the name the user gave it, the bytes)."""

    kind: str
    name: str
    data: bytes


def _clean(contract: Contract, fields: ResubcontractFields) -> dict[str, Any]:
    values: dict[str, Any] = {
        "subcontractor_name": fields.subcontractor_name.strip(),
        "subcontractor_number": fields.subcontractor_number.strip(),
        "subcontractor_address": fields.subcontractor_address.strip(),
        "work": fields.work.strip(),
        "personal_data": fields.personal_data.strip(),
        "starts_on": fields.starts_on,
        "ends_on": fields.ends_on,
        "received_on": fields.received_on,
        "link": fields.link,
    }
    if not values["subcontractor_name"]:
        raise RegisterRefused("「再委託先名」を入力してください。", "subcontractor_name")
    if values["subcontractor_number"]:
        try:
            values["subcontractor_number"] = validate_corporate_number(values["subcontractor_number"])
        except CorporateNumberError as exc:
            raise RegisterRefused(f"「再委託先の法人番号」: {exc}", "subcontractor_number") from None
    if not values["work"]:
        raise RegisterRefused("「再委託する業務」を入力してください。", "work")
    if not values["personal_data"]:
        raise RegisterRefused("「取り扱う特定個人情報」を入力してください。", "personal_data")
    received = values["received_on"]
    if received is None:
        raise RegisterRefused("「申請の受付日」を入力してください。", "received_on")
    if received > clock.today():
        raise RegisterRefused(
            f"「申請の受付日」({format_wareki(received)})が未来の日付です。申請書を受け付けた日を入力してください。",
            "received_on",
        )
    if fields.starts_on and fields.ends_on and fields.ends_on < fields.starts_on:
        raise RegisterRefused(
            f"「再委託の期間の終わり」({format_wareki(fields.ends_on)})が「再委託の期間の始まり」"
            f"({format_wareki(fields.starts_on)})より前です。",
            "ends_on",
        )
    if fields.link is not None and fields.link.contract_id != contract.pk:
        raise RegisterRefused("「委託事項」はこの委託契約が実現している委託事項から選んでください。", "link")
    return values


def _store_uploads(resub: Resubcontract, uploads: list[Upload], user: User) -> list[str]:
    names = []
    for upload in uploads:
        if upload.kind not in AttachmentKind.values:
            raise RegisterRefused("「書類の種類」を選び直してください。", "kind")
        label = AttachmentKind(upload.kind).label
        try:
            stored = store_file(resub.organization, upload.name, upload.data, label=label, field=upload.kind, user=user)
        except FileRefused as exc:
            raise RegisterRefused(str(exc), f"file_{upload.kind}") from None
        ResubcontractAttachment.objects.create(resubcontract=resub, kind=upload.kind, file=stored)
        names.append(f"{label}: {stored.name}")
    return names


def _details(resub: Resubcontract) -> dict[str, Any]:
    return {
        "contract": resub.contract.name,
        "subcontractor": resub.subcontractor_name,
        "subcontractor_number": resub.subcontractor_number,
        "work": resub.work,
        "received_on": resub.received_on.isoformat(),
        "status": resub.get_status_display(),
    }


@action
def register_resubcontract(
    contract: Contract, fields: ResubcontractFields, uploads: list[Upload], *, user: User
) -> Resubcontract:
    """A new 再委託申請 (受付) under ``contract``, with its 申請書 (required) and other documents."""
    require_role(user, contract.organization, EDITOR_ROLES, "再委託申請を登録する")
    if contract.status == ContractStatus.ENDED:
        raise RegisterRefused(
            f"委託契約「{contract.name}」は終了しているため、再委託申請を登録できません。", "contract"
        )
    values = _clean(contract, fields)
    if not any(u.kind == AttachmentKind.APPLICATION for u in uploads):
        raise RegisterRefused(
            "「再委託申請書」のファイルを添付してください(紙の申請書はスキャンしたPDFで添付できます)。",
            f"file_{AttachmentKind.APPLICATION}",
        )
    with transaction.atomic():
        resub = Resubcontract.objects.create(
            organization=contract.organization, contract=contract, created_by=user, **values
        )
        names = _store_uploads(resub, uploads, user)
        record(
            user,
            "contractors.resub_register",
            organization=contract.organization,
            obj=resub,
            details={**_details(resub), "attachments": names},
        )
    return resub


def _locked(resub: Resubcontract) -> Resubcontract:
    return (
        Resubcontract.objects.select_for_update(of=("self",))  # PostgreSQL: not the nullable joins
        .select_related("contract__contractor", "organization", "link__assessment")
        .get(pk=resub.pk)
    )


def _require_open(resub: Resubcontract, what: str) -> None:
    if not resub.is_open:
        raise RegisterRefused(f"この再委託申請は「{resub.get_status_display()}」のため、{what}できません。", "status")


@action
def add_attachments(resub: Resubcontract, uploads: list[Upload], *, user: User) -> list[str]:
    require_role(user, resub.organization, EDITOR_ROLES, "再委託申請に書類を添付する")
    if not uploads:
        raise RegisterRefused("添付するファイルを選んでください。", "file_other")
    with transaction.atomic():
        locked = _locked(resub)
        _require_open(locked, "書類を添付")
        names = _store_uploads(locked, uploads, user)
        record(
            user,
            "contractors.resub_attach",
            organization=locked.organization,
            obj=locked,
            details={"attachments": names},
        )
    return names


def assessment_texts(resub: Resubcontract) -> tuple[str, str]:
    """⑧再委託の許諾方法 of the linked 委託事項 and Ⅲ4's 具体的な方法 for 再委託先 of its file, as the
    評価書's latest save says them now ("" when the 申請 has no 委託事項 or the 委託事項 is gone)."""
    link = resub.link
    if link is None:
        return "", ""
    document = link.assessment.versions.latest("number").document()
    entry = next((e for e in entrustments(document) if e.path == link.element_path), None)
    if entry is None:
        return "", ""
    return entry.values.get("subcontract_approval", ""), subcontract_supervision(document, entry)


@action
def start_review(resub: Resubcontract, *, user: User) -> Resubcontract:
    """受付 → 審査中, with the checklist made now: ⑧'s sentences, then the standard points."""
    require_role(user, resub.organization, EDITOR_ROLES, "再委託申請の審査を始める")
    with transaction.atomic():
        locked = _locked(resub)
        if locked.status != ResubcontractStatus.RECEIVED:
            raise RegisterRefused(
                f"この再委託申請は「{locked.get_status_display()}」のため、審査を始められません。", "status"
            )
        locked.approval_text, supervision = assessment_texts(locked)
        points = checklist(locked.approval_text, supervision)
        ChecklistItem.objects.bulk_create(
            ChecklistItem(resubcontract=locked, position=n, source=p.source, code=p.code, text=p.text)
            for n, p in enumerate(points, start=1)
        )
        locked.status = ResubcontractStatus.REVIEWING
        locked.save(update_fields=["approval_text", "status", "updated_at"])
        details = {
            "before": {"status": "受付"},
            "after": {"status": "審査中"},
            "labels": {"status": "状態"},
            "checklist": len(points),
            "from_assessment": sum(1 for p in points if p.source != "standard"),
        }
        record(user, "contractors.resub_review", organization=locked.organization, obj=locked, details=details)
    return locked


def item_values(item: ChecklistItem) -> dict[str, str]:
    """What the item's form showed (its ``seen`` fingerprint)."""
    return {"state": item.state, "note": item.note}


@action
def check_item(
    item: ChecklistItem, state: str, note: str = "", *, user: User, seen: str | None = None
) -> ChecklistItem:
    """Record one point as 確認済 or 不備 (a 不備 needs a note saying what is missing), or open it
    again; ``seen`` refuses a form shown before a colleague recorded the same item (StaleEditError)."""
    resub = item.resubcontract
    require_role(user, resub.organization, CHECK_ROLES, "再委託申請の審査項目を確認する")
    if state not in CheckState.values:
        raise RegisterRefused("「結果」を選び直してください。", "state")
    note = note.strip()
    if state == CheckState.DEFICIENT and not note:
        raise RegisterRefused("「メモ」に不備の内容を入力してください(「不備」のとき)。", "note")
    with transaction.atomic():
        locked_resub = _locked(resub)
        if locked_resub.status != ResubcontractStatus.REVIEWING:
            raise RegisterRefused(
                f"この再委託申請は「{locked_resub.get_status_display()}」のため、審査項目を変更できません。", "state"
            )
        locked = ChecklistItem.objects.select_for_update().get(pk=item.pk)
        check_fresh(seen, item_values(locked), {"state": state, "note": note})
        before = {"state": locked.get_state_display(), "note": locked.note}
        locked.state, locked.note = state, note
        locked.checked_by, locked.checked_at = (user, clock.now()) if state != CheckState.OPEN else (None, None)
        locked.save()
        details = {
            "item": locked.position,
            "text": locked.text[:200],
            "before": before,
            "after": {"state": locked.get_state_display(), "note": locked.note},
            "labels": {"state": "結果", "note": "メモ"},
        }
        record(user, "contractors.resub_check", organization=resub.organization, obj=locked_resub, details=details)
    return locked


def _next_number(organization: Organization) -> str:
    sequence, _ = NoticeSequence.objects.select_for_update().get_or_create(
        organization=organization, defaults={"prefix": default_prefix(organization.name)}
    )
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"{sequence.prefix}第{sequence.last_number}号"


def default_prefix(name: str) -> str:
    """「熊本市」 → 「熊市」: the first and last character (the usual 文書記号 of a 市町村)."""
    name = name.strip()
    return name if len(name) <= 2 else name[0] + name[-1]


def issuer_of(organization: Organization) -> str:
    sequence = NoticeSequence.objects.filter(organization=organization).first()
    if sequence is not None and sequence.issuer.strip():
        return sequence.issuer.strip()
    name = organization.name.strip()
    return f"{name}長" if name[-1:] in "市町村" else name


@action
def decide(resub: Resubcontract, decision: str, *, reason: str = "", conditions: str = "", user: User) -> Resubcontract:
    """許諾 or 不許諾, by a 管理者 or 承認者, once every item of the checklist is checked (許諾: every
    item 確認済; 不許諾: a reason). The 通知書 gets the organisation's next number, is rendered
    and kept as a stored file, all in this transaction: a failure takes no number."""
    require_role(user, resub.organization, DECIDER_ROLES, "再委託の許諾・不許諾を決定する")
    if decision not in (ResubcontractStatus.APPROVED, ResubcontractStatus.REJECTED):
        raise RegisterRefused("「決定」で「許諾」か「不許諾」を選んでください。", "decision")
    reason, conditions = reason.strip(), conditions.strip()
    if decision == ResubcontractStatus.REJECTED and not reason:
        raise RegisterRefused("「不許諾の理由」を入力してください(通知書に記載します)。", "reason")
    with transaction.atomic():
        locked = _locked(resub)
        if locked.status != ResubcontractStatus.REVIEWING:
            raise RegisterRefused(
                f"この再委託申請は「{locked.get_status_display()}」のため、決定できません"
                "(審査を始めてから決定します)。",
                "decision",
            )
        items = list(locked.checklist.all())
        open_items = [i.position for i in items if i.state == CheckState.OPEN]
        if open_items:
            listed = "、".join(str(n) for n in open_items[:10])
            raise RegisterRefused(
                f"審査項目のうち{len(open_items)}件(番号 {listed})がまだ確認されていません。"
                "すべての項目を「確認済」か「不備」にしてから決定してください。",
                "decision",
            )
        deficient = [i.position for i in items if i.state == CheckState.DEFICIENT]
        if decision == ResubcontractStatus.APPROVED and deficient:
            raise RegisterRefused(
                f"「不備」の審査項目(番号 {'、'.join(str(n) for n in deficient)})があるため許諾できません。"
                "不備が解消されたら「確認済」にするか、不許諾としてください。",
                "decision",
            )
        contractor = locked.contract.contractor
        if contractor is None:
            raise RegisterRefused(
                f"委託契約「{locked.contract.name}」の委託先が未定のため、通知書の宛先がありません。"
                "先に委託契約の「委託先」を登録してください。",
                "decision",
            )
        if decision == ResubcontractStatus.APPROVED and not conditions:
            conditions = "\n".join(DEFAULT_CONDITIONS)
        locked.status = decision
        locked.reason = reason
        locked.conditions = conditions if decision == ResubcontractStatus.APPROVED else ""
        locked.decided_by, locked.decided_at = user, clock.now()
        locked.notice_number = _next_number(locked.organization)
        letter = build_letter(locked, issuer_of(locked.organization), clock.today())
        try:
            pdf = render_notice(letter)
        except PiaError as exc:
            raise RegisterRefused(f"通知書のPDFを作成できませんでした: {exc}", "decision") from None
        kind = "許諾通知書" if decision == ResubcontractStatus.APPROVED else "不許諾通知書"
        locked.notice = store_file(
            locked.organization, f"{kind}_{locked.notice_number}.pdf", pdf, label=kind, user=user
        )
        locked.save()
        details = {
            **_details(locked),
            "notice_number": locked.notice_number,
            "reason": reason,
            "conditions": locked.conditions,
            "deficient": deficient,
        }
        record(user, "contractors.resub_decide", organization=locked.organization, obj=locked, details=details)
    return locked


@action
def withdraw(resub: Resubcontract, reason: str = "", *, user: User) -> Resubcontract:
    """取下げ: the 委託先 withdrew the 申請 (while 受付 or 審査中)."""
    require_role(user, resub.organization, EDITOR_ROLES, "再委託申請を取下げにする")
    with transaction.atomic():
        locked = _locked(resub)
        _require_open(locked, "取下げに")
        before = locked.get_status_display()
        locked.status, locked.reason = ResubcontractStatus.WITHDRAWN, reason.strip()
        locked.save(update_fields=["status", "reason", "updated_at"])
        details = {
            "before": {"status": before},
            "after": {"status": "取下げ"},
            "labels": {"status": "状態"},
            "reason": locked.reason,
        }
        record(user, "contractors.resub_withdraw", organization=locked.organization, obj=locked, details=details)
    return locked
