"""The actions of the procedure: the workflow steps of a 改訂案 (承認申請, 提出, 公表 …), the
意見募集 as the step 意見聴取を開始する, the gate's one-click fixes and the 提出用一式.

They span the whole procedure (the saves of ``assessments``, the records of ``consultation`` and
``reviews``), so they live above those apps (ADR 0013). Like every action: the permission check,
one transaction, one audit event; refusals are Japanese messages."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import User
from django.db import transaction

from pia.changes import diff
from pia.changes.fill import fill_change_table
from pia.changes.gate import PUBLICATION_DATE, assessment_changes, same_value
from pia.document import Document
from pia.errors import PiaError
from pia.findings import Finding
from pia.wareki import format_wareki
from workbench import clock
from workbench.acting import action
from workbench.assessments.actions import (
    NoChangeError,
    audit_assessment,
    create_next_save,
    mirror_status,
    save_version,
)
from workbench.assessments.models import Assessment, Revision, Status, Version
from workbench.assessments.revisions import baseline
from workbench.assessments.workflow import Transition, find_transition
from workbench.audit.actions import record
from workbench.organizations.access import require_role
from workbench.organizations.models import Role
from workbench.procedure import state
from workbench.procedure.package import SubmissionPackage, build_package, package_allowed
from workbench.procedure.steps import check_step


@dataclass
class TransitionRefused(Exception):
    message: str
    findings: list[Finding] = field(default_factory=list)

    def __str__(self) -> str:
        return self.message


@action
def transition(version: Version, target: str, *, user: User, on: date | None = None) -> Version:
    """Move the 改訂案 whose latest save is ``version`` to ``target`` if the user's role, the
    procedure records, the gate and the findings allow it. 承認して提出済にする binds the approval
    and the submission (提出日 ``on``, default today) to this exact save; 公表 goes through
    :func:`publish` (公表日 ``on``). Returns the save the step is bound to."""
    if target == Status.PUBLISHED:
        return publish(version, published_on=on or clock.today(), user=user)
    assessment = version.assessment
    step = _allowed_step(user, assessment, version.revision, target)
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        revision = _check_still_latest(locked, version, step)
        _check_findings(version, step)
        source = revision.status
        revision.status = target
        fields = ["status"]
        details = transition_details(source, target, revision)
        if step.approves:
            submitted_on = on or clock.today()
            version.approved_by, version.approved_at = user, clock.now()
            version.save(update_fields=["approved_by", "approved_at"])
            revision.submitted_version, revision.submitted_on = version, submitted_on
            fields += ["submitted_version", "submitted_on"]
            details["submitted_on"] = submitted_on.isoformat()
        revision.save(update_fields=fields)
        mirror_status(locked, revision)
        audit_assessment(user, "workflow.transition", locked, version.number, details)
    return version


@action
def publish(version: Version, *, user: User, published_on: date) -> Version:
    """公表: the 改訂案 becomes the 公表中の版 with its 公表日; the former 公表版 becomes a 過去の公表版.

    When the cover's 公表日 is not ``published_on`` yet, it is written in a last save (shown to the
    user beforehand as the gate's 公表日 finding), and that save is what is published. Refused
    while the gate has errors (an open 意見募集 on the 評価書 among them). Returns the published save."""
    assessment = version.assessment
    step = _allowed_step(user, assessment, version.revision, Status.PUBLISHED)
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        revision = _check_still_latest(locked, version, step)
        published = _publication_save(user, locked, revision, version, published_on)
        _check_findings(published, step, publication_date=published_on)
        previous = _supersede_current(locked, revision)
        source = revision.status
        revision.status, revision.published_version = Status.PUBLISHED, published
        revision.published_on, revision.published_by = published_on, user
        revision.save(update_fields=["status", "published_version", "published_on", "published_by"])
        mirror_status(locked, revision)
        details = transition_details(source, Status.PUBLISHED, revision)
        details |= {"published_on": published_on.isoformat(), "superseded": previous.number if previous else None}
        audit_assessment(user, "workflow.transition", locked, published.number, details)
    return published


def _supersede_current(assessment: Assessment, revision: Revision) -> Revision | None:
    """The 公表中の版 other than ``revision`` becomes a 過去の公表版 (now); it is returned."""
    previous = assessment.current_publication()
    if previous is None or previous.pk == revision.pk:
        return None
    previous.superseded_at = clock.now()
    previous.save(update_fields=["superseded_at"])
    return previous


def _publication_save(user, assessment: Assessment, revision: Revision, version: Version, day: date) -> Version:
    """The save to publish: ``version`` when it already says everything, else a last save with the
    cover's 公表日 set to ``day`` and the records' values written where the text left them blank
    (what every output already showed, ADR 0004), so the published text stands on its own."""
    document, filled = state.fill_from_records(version)
    before: dict[str, object] = dict.fromkeys(filled)
    item_id = state.publication_item(version)
    template = state.template_of(version)
    if item_id is not None and not same_value(template.item(item_id), document.values.get(item_id), day):
        before[item_id] = document.values.get(item_id)
        document.values[item_id] = day.isoformat()
    if not before:
        return version
    note = f"公表日を{format_wareki(day)}とする" if item_id in before else "手続の記録の値を記入して公表する"
    saved = create_next_save(assessment, revision, version, document, user, note)
    details = {
        "revision": revision.number,
        "before": before,
        "after": {path: document.values[path] for path in before},
    }
    audit_assessment(user, "version.save", assessment, saved.number, details)
    return saved


def transition_details(source: str, target: str, revision: Revision) -> dict[str, object]:
    return {
        "from": source,
        "to": target,
        "from_label": Status(source).label,
        "to_label": Status(target).label,
        "revision": revision.number,
    }


def _allowed_step(user, assessment: Assessment, revision: Revision, target: str) -> Transition:
    body = assessment.organization.body_type
    step = find_transition(assessment.form, body, revision.status, target)
    if step is None:
        raise TransitionRefused(f"「{Status(revision.status).label}」から「{Status(target).label}」には進めません。")
    require_role(user, assessment.organization, step.roles, f"「{step.label}」を行う")
    return step


def _check_still_latest(assessment: Assessment, version: Version, step: Transition) -> Revision:
    """The revision the step moves, re-read under the lock: ``version`` must be its latest save."""
    latest = assessment.versions.order_by("-number").first()
    if latest is None or latest.pk != version.pk:
        raise TransitionRefused(
            f"{version.label}は最新の保存ではありません。"
            f"最新の保存({latest.label if latest else '—'})で手続を進めてください。"
        )
    revision = Revision.objects.get(pk=version.revision_id)
    if revision.status != step.source:
        raise TransitionRefused("この評価書の状態は他の利用者により変更されています。画面を更新してください。")
    version.revision = revision
    return revision


def _check_findings(version: Version, step: Transition, *, publication_date: date | None = None) -> None:
    """The procedure records and the gate first (意見募集, 点検・承認, 提出, 公表), then the
    document at the step's level: the same check the 評価書 page shows (``steps.check_step``)."""
    checked = check_step(version, step, publication_date=publication_date)
    if checked.waiting or checked.gate_errors:
        messages = checked.waiting + [f.message for f in checked.gate_errors]
        raise TransitionRefused(f"「{step.label}」を行えません:" + " ".join(messages), checked.gate_errors)
    if checked.errors:
        raise TransitionRefused(
            f"{len(checked.errors)}件の要修正の指摘があるため、「{step.label}」を行えません。", checked.errors
        )


# --- one-click fixes of the gate (each a new save, audited with what it changed) -------------


class FixRefused(Exception):
    """A fix that cannot be made (Japanese message)."""


@action
def apply_fix(version: Version, kind: str, *, user: User) -> Version:
    """Make the fix ``kind`` of the gate on top of ``version`` (the latest save) as a new save:
    ``records`` writes this round's procedure records into the items that record them (Ⅵ, the
    cover's 承認日), ``change-rows`` adds the (別添3) rows the changes against the 公表版 lack."""
    fixes = {"records": _with_record_values, "change-rows": _with_change_rows}
    if kind not in fixes:
        raise FixRefused("この修正はありません。")
    if version.revision.is_published:
        raise FixRefused("公表した版は変更できません。編集して改訂案を作成してください。")
    document, note, details = fixes[kind](version)
    if not details:
        raise FixRefused("直すところはありません(すでに記録・差分のとおりです)。")
    try:
        return save_version(version.assessment, document, version.number, note, details=details, user=user)
    except NoChangeError:
        raise FixRefused("直すところはありません(すでに記録・差分のとおりです)。") from None


def _with_record_values(version: Version) -> tuple[Document, str, dict[str, object]]:
    """The save with this round's recorded values in the items that record them (old → new kept)."""
    document, template = version.document(), state.template_of(version)
    before: dict[str, object] = {}
    after: dict[str, object] = {}
    for record_field, value in state.record_fields(version).items():
        item_id = template.item_filled_from(record_field)
        if item_id is None or record_field == PUBLICATION_DATE:
            continue
        written = document.values.get(item_id)
        if not same_value(template.item(item_id), written, value):
            before[item_id], after[item_id] = written, value
            document.values[item_id] = value
    details: dict[str, object] = {"fix": "records", "before": before, "after": after} if after else {}
    return document, "手続の記録(意見募集・第三者点検・承認)の値に更新しました", details


def _with_change_rows(version: Version) -> tuple[Document, str, dict[str, object]]:
    """The save with the (別添3) rows that the changes against the 公表版 lack."""
    published = baseline(version)
    if published is None:
        raise FixRefused("公表中の版がない(最初の評価書の)ため、差分から変更箇所を追加できません。")
    template, old = state.template_of(version), published.document()
    try:
        changes = assessment_changes(template, diff(old, version.document()))
        document, rows = fill_change_table(old, version.document(), clock.today(), changes=changes)
    except PiaError as exc:
        raise FixRefused(f"変更箇所を追加できませんでした:{exc}") from None
    details: dict[str, object] = {"fix": "change-rows", "added": [row.item for row in rows]} if rows else {}
    return document, f"公表中の版との差分から変更箇所を{len(rows)}行追加しました", details


PACKAGE_ROLES = (Role.ADMIN, Role.AUTHOR, Role.APPROVER, Role.VIEWER)


class PackageRefused(Exception):
    """The version is not in a status from which it can be submitted."""


@action
def submission_package(version: Version, *, user: User) -> SubmissionPackage:
    """提出用一式 (ZIP) of a version in 承認申請/提出済/公表 for the organisation's staff (not the
    第三者点検委員). Rendering errors of the core propagate and nothing is recorded; a built
    package is audited with its file names and the ZIP's SHA-256."""
    assessment = version.assessment
    require_role(user, assessment.organization, PACKAGE_ROLES, "提出用一式を作成する")
    if not package_allowed(version):
        raise PackageRefused(
            f"{version.label}は提出用一式を作成できる保存ではありません(承認申請・提出済・公表の版の、"
            f"手続の対象の保存のみ。いまの状態:{Status(version.revision.status).label})。"
        )
    package = build_package(version)
    details = {
        "kind": "submission-zip",
        "files": [entry.name for entry in package.entries],
        "sha256": hashlib.sha256(package.data).hexdigest(),
    }
    with transaction.atomic():
        audit_assessment(user, "download", assessment, version.number, details)
    return package


@action
def seed_status(version: Version, status: str) -> Version:
    """Demo only: give the revision whose latest save is ``version`` a workflow status without the
    workflow (a published one's 公表日 is the cover's, else today). Audited."""
    if status == Status.PUBLISHED:
        day = state.written_publication_date(version) or clock.today()
        return record_publication(version, published_on=day, user=None, details={"username": "import"})
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=version.assessment_id)
        revision = Revision.objects.get(pk=version.revision_id)
        revision.status = status
        revision.save(update_fields=["status"])
        mirror_status(assessment, revision)
        _audit_seeded(None, assessment, version, status, {"username": "import"})
    return version


@action
def record_publication(
    version: Version, *, published_on: date, user: User | None, details: dict[str, object] | None = None
) -> Version:
    """Record that the revision whose latest save is ``version`` was published on ``published_on``
    before the workbench knew of it (a 公表版 brought in from a file, or demo data): it becomes the
    公表中の版 without the workflow's steps, the former 公表版 a 過去の公表版. Audited as imported.
    The caller has checked the permission (this is the last step of its own action)."""
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=version.assessment_id)
        revision = Revision.objects.get(pk=version.revision_id)
        previous = _supersede_current(assessment, revision)
        revision.status, revision.published_version, revision.published_on = Status.PUBLISHED, version, published_on
        revision.published_by = user
        revision.save(update_fields=["status", "published_version", "published_on", "published_by"])
        mirror_status(assessment, revision)
        extra = {"published_on": published_on.isoformat(), "superseded": previous.number if previous else None}
        _audit_seeded(user, assessment, version, Status.PUBLISHED, extra | (details or {}))
    return version


def _audit_seeded(user, assessment: Assessment, version: Version, status: str, details: dict[str, object]) -> None:
    record(
        user,
        "workflow.transition",
        organization=assessment.organization,
        obj=assessment,
        version_number=version.number,
        details={"to": status, "to_label": Status(status).label, "imported": True, **details},
    )


@action
def record_register_download(organization, kind: str, *, user: User) -> None:
    """The 計画管理書 was downloaded (``kind``: xlsx | pdf)."""
    record(user, "plan.download", organization=organization, obj=organization, details={"kind": kind})
