"""The 意見募集 as a step of the procedure: registering one on a save is the workflow step
意見聴取を開始する (its roles, the 改訂案's status, the latest save, no blocking finding at submit
level), and it takes that step (内部確認 → 意見聴取) in the same transaction (ADR 0013)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction

from pia.findings import Level, blocking
from pia.rules.validation import check
from workbench.acting import action
from workbench.assessments.actions import audit_assessment, mirror_status
from workbench.assessments.attachments import attachments_for
from workbench.assessments.models import Assessment, Revision, Status, Version
from workbench.assessments.workflow import CONSULTATION_ROLES, find_transition
from workbench.audit.actions import record
from workbench.consultation import actions
from workbench.consultation import contact as contact_settings
from workbench.consultation.carry import carry_over, previous_consultation
from workbench.consultation.models import DEFAULT_BADGE, DEFAULT_CONTACT_REASON, DEFAULT_HEADER_NOTE, Ask, Consultation
from workbench.organizations.access import has_role
from workbench.procedure import state
from workbench.procedure.actions import transition_details


@action
def open_consultation(
    version: Version,
    *,
    user: User,
    opens_on: date,
    closes_on: date,
    contact: str,
    purpose: str,
    short_reason: str = "",
    title: str = "",
    badge: str = DEFAULT_BADGE,
    header_note: str = DEFAULT_HEADER_NOTE,
    past_record: bool = False,
    ask_name: str = Ask.REQUIRED,
    ask_address: str = Ask.REQUIRED,
    ask_phone: str = Ask.OPTIONAL,
    ask_email: str = Ask.OPTIONAL,
    contact_reason: str = DEFAULT_CONTACT_REASON,
    anonymous: bool = False,
) -> Consultation:
    """Register a 意見募集 on the exact save ``version``: the workflow step 意見聴取を開始する
    (the same roles, status and findings, :func:`consultation_refusals`), which it
    also takes (内部確認 → 意見聴取). A period that starts before today is refused, unless it is
    registered as a past consultation (``past_record``: over by yesterday, kept for the record and
    never shown publicly). The 概要版's reworded parts that still fit are taken over from the
    previous 意見募集 of the same 評価書 (``consultation.carry``; the audit event names them).
    ``ask_*``, ``contact_reason`` and ``anonymous``: what the comment form asks
    (``workbench.consultation.contact``)."""
    organization = version.assessment.organization
    if not has_role(user, organization, CONSULTATION_ROLES):
        raise PermissionDenied("意見募集を始める権限がありません(実施できる役割:管理者、承認者)。")
    purpose, badge, header_note = (
        actions.posted_text(purpose),
        actions.posted_text(badge),
        actions.posted_text(header_note),
    )
    period = actions.check_period(opens_on, closes_on, short_reason, past_record)
    if not contact.strip():
        raise actions.ConsultationError("問合せ先・提出方法を入力してください。")
    actions.check_summary(purpose, badge, header_note)
    asked = contact_settings.normalized(
        {
            "ask_name": ask_name,
            "ask_address": ask_address,
            "ask_phone": ask_phone,
            "ask_email": ask_email,
            "contact_reason": contact_reason,
            "anonymous": anonymous,
        }
    )
    contact_settings.check_settings(asked)
    with transaction.atomic():
        refusals = consultation_refusals(user, version)
        if refusals:
            raise actions.ConsultationError(" ".join(refusals))
        previous = previous_consultation(version.assessment)
        consultation = Consultation.objects.create(
            version=version,
            organization=organization,
            title=title.strip() or f"{version.assessment.title}({version.revision.kind_label})",
            opens_on=opens_on,
            closes_on=closes_on,
            short_reason=period.kept_reason(short_reason),
            contact=contact.strip(),
            purpose=purpose,
            badge=badge,
            header_note=header_note,
            created_by=user,
            past_record=past_record,
            **asked,
        )
        carried = carry_over(previous, consultation) if previous is not None else []
        record(
            user,
            "consultation.open",
            organization=organization,
            obj=consultation,
            version_number=version.number,
            details={
                "opens_on": opens_on.isoformat(),
                "closes_on": closes_on.isoformat(),
                "days": period.days,
                "past_record": past_record,
                "carried_from": previous.pk if previous is not None else None,
                "carried": carried,
            },
        )
        enter_consultation(user, version)
    return consultation


# --- the 意見募集 opens through the same gate as the step 意見聴取を開始する -----------------------

_CONSULTATION_FROM = (Status.DRAFT, Status.INTERNAL_REVIEW, Status.CONSULTATION)


def consultation_refusals(user, version: Version) -> list[str]:
    """Why a 意見募集 cannot be registered on ``version`` now (empty when it can). It is the
    workflow step 意見聴取を開始する, whichever button is pressed: its roles (管理者・承認者), the
    改訂案's status (内部確認, or 意見聴取 for a further 意見募集), the latest save, and no blocking
    finding at submit level (the items recording the later steps are not required yet)."""
    assessment, revision = version.assessment, Revision.objects.get(pk=version.revision_id)
    reasons = []
    if not has_role(user, assessment.organization, CONSULTATION_ROLES):
        reasons.append("意見募集を始める権限がありません(実施できる役割:管理者、承認者)。")
    latest = assessment.latest_version()
    if latest is None or latest.pk != version.pk:
        reasons.append(f"{version.label}は最新の保存ではありません。最新の保存で意見募集を始めてください。")
    if revision.is_published:
        reasons.append("公表中の版には意見募集を行えません。編集して改訂案を作成してから始めてください。")
    elif revision.status not in _allowed_consultation_sources(assessment):
        reasons.append(
            f"評価書が「{Status(revision.status).label}」のため、意見募集を始められません"
            "(内部確認または意見聴取の状態で始めます)。"
        )
    errors = blocking(
        check(
            state.effective_document(version),
            Level.SUBMIT,
            pending=state.pending_steps(Status.CONSULTATION),
            attachments=attachments_for(assessment),
        )
    )
    if errors:
        reasons.append(
            f"要修正の指摘が{len(errors)}件あるため、意見募集を始められません。評価書の画面で指摘を確認してください。"
        )
    return reasons


def _allowed_consultation_sources(assessment: Assessment) -> tuple[str, ...]:
    """内部確認 (and 意見聴取) where the procedure has the step; otherwise (a voluntary 意見募集 of a
    基礎項目・重点項目評価書) 作成中 and 内部確認 as well."""
    body = assessment.organization.body_type
    if find_transition(assessment.form, body, Status.INTERNAL_REVIEW, Status.CONSULTATION) is not None:
        return (Status.INTERNAL_REVIEW, Status.CONSULTATION)
    return _CONSULTATION_FROM


def enter_consultation(user, version: Version) -> None:
    """Inside the 意見募集's own transaction: the 改訂案 in 内部確認 moves to 意見聴取 (audited)."""
    assessment = Assessment.objects.select_for_update().get(pk=version.assessment_id)
    revision = Revision.objects.get(pk=version.revision_id)
    step = find_transition(assessment.form, assessment.organization.body_type, revision.status, Status.CONSULTATION)
    if step is None:
        return
    source, revision.status = revision.status, Status.CONSULTATION
    revision.save(update_fields=["status"])
    mirror_status(assessment, revision)
    details = transition_details(source, Status.CONSULTATION, revision) | {"by": "consultation.open"}
    audit_assessment(user, "workflow.transition", assessment, version.number, details)
