"""Every write to 事務, 評価書 and versions: permission check, one transaction, one audit event."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from pia.changes import diff
from pia.changes.elements import same_content
from pia.changes.fill import fill_change_table
from pia.changes.gate import PUBLICATION_DATE, assessment_changes, same_value
from pia.document import Document, new_document
from pia.errors import PiaError
from pia.findings import Finding, Level, blocking
from pia.forms import FORM_KIND_LABELS, get_form
from pia.rules.validation import check
from pia.wareki import format_wareki
from workbench.assessments import procedure
from workbench.assessments.models import Assessment, Jimu, Revision, Status, Version
from workbench.assessments.package import SubmissionPackage, build_package, package_allowed
from workbench.assessments.revisions import baseline
from workbench.assessments.workflow import CONSULTATION_ROLES, Transition, find_transition
from workbench.audit.actions import record
from workbench.consultation import clock
from workbench.organizations.access import EDITOR_ROLES, has_role
from workbench.organizations.models import Organization, Role


class ConflictError(Exception):
    """Another version was saved after the one the editor started from."""

    def __init__(self, latest: Version) -> None:
        super().__init__(f"{latest.label}が先に保存されています。")
        self.latest = latest


class NoChangeError(Exception):
    """The document says the same as the latest save: nothing is saved."""

    def __init__(self, latest: Version) -> None:
        super().__init__(f"変更がないため保存しませんでした(最新は{latest.label}のままです)。")
        self.latest = latest


@dataclass
class TransitionRefused(Exception):
    message: str
    findings: list[Finding] = field(default_factory=list)

    def __str__(self) -> str:
        return self.message


def _require(user, organization: Organization, roles, what: str) -> None:
    if not has_role(user, organization, roles):
        raise PermissionDenied(f"{what}権限がありません。")


def create_jimu(user, organization: Organization, name: str) -> Jimu:
    _require(user, organization, (Role.ADMIN, Role.AUTHOR), "事務を登録する")
    with transaction.atomic():
        jimu = Jimu.objects.create(organization=organization, name=name)
        record(user, "jimu.create", organization=organization, obj=jimu)
    return jimu


def create_assessment(user, jimu: Jimu, form: str, title: str, document: Document | None = None) -> Assessment:
    """A new 評価書 with its first version (the given document, else an empty form)."""
    organization = jimu.organization
    _require(user, organization, EDITOR_ROLES, "評価書を作成する")
    template = get_form(form, document.edition if document else None)
    document = document or new_document(template, organization.body_type)
    with transaction.atomic():
        assessment = Assessment.objects.create(jimu=jimu, title=title, form=form, edition=template.edition)
        revision = Revision.objects.create(assessment=assessment, number=1, created_by=user)
        version = Version.objects.create(
            assessment=assessment, revision=revision, number=1, content=document.to_data(), author=user, note="新規作成"
        )
        record(user, "assessment.create", organization=organization, obj=assessment, version_number=version.number)
    return assessment


def save_version(
    user,
    assessment: Assessment,
    document: Document,
    base_number: int,
    note: str = "",
    *,
    details: dict[str, object] | None = None,
) -> Version:
    """Save the document as a new save of the 評価書's 改訂案, on top of ``base_number``.

    ConflictError if that is no longer the latest save; NoChangeError if the document says the
    same as it (no save entry is made). A save of a published 評価書 starts its 改訂案 (revising
    the 公表版). Saving never changes where the procedure stands: a consultation or review that
    is running stays bound to the save it was opened on (ADR 0005). Earlier saves are never touched."""
    _require(user, assessment.organization, EDITOR_ROLES, "評価書を編集する")
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        latest = locked.versions.latest("number")  # every 評価書 has its first save; saves are never deleted
        if latest.number != base_number:
            raise ConflictError(latest)
        if same_content(latest.document(), document):
            raise NoChangeError(latest)
        revision, started = _revision_for_save(locked, user)
        version = _create_next(locked, revision, latest, document, user, note)
        _mirror_status(locked, revision)
        details = {"revision": revision.number, "started_revision": started, **(details or {})}
        _audit(user, "version.save", locked, version.number, details)
    return version


def _revision_for_save(assessment: Assessment, user) -> tuple[Revision, bool]:
    """The 改訂案 in progress, or a new one revising the 公表版 (True when it was started now)."""
    revision = assessment.open_revision()
    if revision is not None:
        return revision, False
    base = assessment.current_publication()
    number = (assessment.revisions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    return Revision.objects.create(assessment=assessment, number=number, base=base, created_by=user), True


def _create_next(
    assessment: Assessment, revision: Revision, latest: Version, document: Document, user, note: str
) -> Version:
    """The next save; a racing save (SQLite has no row locks) hits the unique number."""
    try:
        with transaction.atomic():
            return Version.objects.create(
                assessment=assessment,
                revision=revision,
                number=latest.number + 1,
                content=document.to_data(),
                author=user,
                parent=latest,
                note=note[:300],
            )
    except IntegrityError:
        raise ConflictError(assessment.versions.latest("number")) from None


def _audit(user, action: str, assessment: Assessment, version_number: int, details: Mapping[str, object]) -> None:
    """The audit event of an action on a 評価書 (one of its saves named by number)."""
    record(
        user,
        action,
        organization=assessment.organization,
        obj=assessment,
        version_number=version_number,
        details=dict(details),
    )


def _mirror_status(assessment: Assessment, revision: Revision) -> None:
    """The 評価書's status is its working revision's: the 改訂案's, else the 公表版's."""
    working = assessment.open_revision() or revision
    if assessment.status != working.status:
        assessment.status = working.status
        assessment.save(update_fields=["status"])


def transition(user, version: Version, target: str, *, on: date | None = None) -> Version:
    """Move the 改訂案 whose latest save is ``version`` to ``target`` if the user's role, the
    procedure records, the gate and the findings allow it. 承認して提出済にする binds the approval
    and the submission (提出日 ``on``, default today) to this exact save; 公表 goes through
    :func:`publish` (公表日 ``on``). Returns the save the step is bound to."""
    if target == Status.PUBLISHED:
        return publish(user, version, published_on=on or clock.today())
    assessment = version.assessment
    step = _allowed_step(user, assessment, version.revision, target)
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        revision = _check_still_latest(locked, version, step)
        _check_findings(version, step)
        source = revision.status
        revision.status = target
        fields = ["status"]
        details = _transition_details(source, target, revision)
        if step.approves:
            submitted_on = on or clock.today()
            version.approved_by, version.approved_at = user, timezone.now()
            version.save(update_fields=["approved_by", "approved_at"])
            revision.submitted_version, revision.submitted_on = version, submitted_on
            fields += ["submitted_version", "submitted_on"]
            details["submitted_on"] = submitted_on.isoformat()
        revision.save(update_fields=fields)
        _mirror_status(locked, revision)
        _audit(user, "workflow.transition", locked, version.number, details)
    return version


def publish(user, version: Version, *, published_on: date) -> Version:
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
        previous = locked.current_publication()
        if previous is not None:
            previous.superseded_at = timezone.now()
            previous.save(update_fields=["superseded_at"])
        source = revision.status
        revision.status, revision.published_version = Status.PUBLISHED, published
        revision.published_on, revision.published_by = published_on, user
        revision.save(update_fields=["status", "published_version", "published_on", "published_by"])
        _mirror_status(locked, revision)
        details = _transition_details(source, Status.PUBLISHED, revision)
        details |= {"published_on": published_on.isoformat(), "superseded": previous.number if previous else None}
        _audit(user, "workflow.transition", locked, published.number, details)
    return published


def _publication_save(user, assessment: Assessment, revision: Revision, version: Version, day: date) -> Version:
    """The save to publish: ``version`` when it already says everything, else a last save with the
    cover's 公表日 set to ``day`` and the records' values written where the text left them blank
    (what every output already showed, ADR 0004), so the published text stands on its own."""
    document, filled = procedure.fill_from_records(version)
    before: dict[str, object] = dict.fromkeys(filled)
    item_id = procedure.publication_item(version)
    template = procedure.template_of(version)
    if item_id is not None and not same_value(template.item(item_id), document.values.get(item_id), day):
        before[item_id] = document.values.get(item_id)
        document.values[item_id] = day.isoformat()
    if not before:
        return version
    note = f"公表日を{format_wareki(day)}とする" if item_id in before else "手続の記録の値を記入して公表する"
    saved = _create_next(assessment, revision, version, document, user, note)
    details = {
        "revision": revision.number,
        "before": before,
        "after": {path: document.values[path] for path in before},
    }
    _audit(user, "version.save", assessment, saved.number, details)
    return saved


def _transition_details(source: str, target: str, revision: Revision) -> dict[str, object]:
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
    _require(user, assessment.organization, step.roles, f"「{step.label}」を行う")
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
    document at the step's level."""
    reasons = procedure.gate_reasons(version, step.source, step.target)
    gate = blocking(procedure.release_findings(version, step.target, publication_date=publication_date))
    if reasons or gate:
        raise TransitionRefused(f"「{step.label}」を行えません:" + " ".join(reasons + [f.message for f in gate]), gate)
    if step.level is None:
        return
    document = procedure.effective_document(version)
    errors = blocking(check(document, step.level, pending=procedure.pending_steps(step.target)))
    if errors:
        raise TransitionRefused(f"{len(errors)}件の要修正の指摘があるため、「{step.label}」を行えません。", errors)


# --- one-click fixes of the gate (each a new save, audited with what it changed) -------------


class FixRefused(Exception):
    """A fix that cannot be made (Japanese message)."""


def apply_fix(user, version: Version, kind: str) -> Version:
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
        return save_version(user, version.assessment, document, version.number, note, details=details)
    except NoChangeError:
        raise FixRefused("直すところはありません(すでに記録・差分のとおりです)。") from None


def _with_record_values(version: Version) -> tuple[Document, str, dict[str, object]]:
    """The save with this round's recorded values in the items that record them (old → new kept)."""
    document, template = version.document(), procedure.template_of(version)
    before: dict[str, object] = {}
    after: dict[str, object] = {}
    for record_field, value in procedure.record_fields(version).items():
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
    template, old = procedure.template_of(version), published.document()
    try:
        changes = assessment_changes(template, diff(old, version.document()))
        document, rows = fill_change_table(old, version.document(), clock.today(), changes=changes)
    except PiaError as exc:
        raise FixRefused(f"変更箇所を追加できませんでした:{exc}") from None
    details: dict[str, object] = {"fix": "change-rows", "added": [row.item for row in rows]} if rows else {}
    return document, f"公表中の版との差分から変更箇所を{len(rows)}行追加しました", details


# --- the 意見募集 opens through the same gate as the step 意見聴取を開始する -----------------------

_CONSULTATION_FROM = (Status.DRAFT, Status.INTERNAL_REVIEW, Status.PUBLIC_COMMENT)


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
            procedure.effective_document(version), Level.SUBMIT, pending=procedure.pending_steps(Status.PUBLIC_COMMENT)
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
    if find_transition(assessment.form, body, Status.INTERNAL_REVIEW, Status.PUBLIC_COMMENT) is not None:
        return (Status.INTERNAL_REVIEW, Status.PUBLIC_COMMENT)
    return _CONSULTATION_FROM


def enter_public_comment(user, version: Version) -> None:
    """Inside the 意見募集's own transaction: the 改訂案 in 内部確認 moves to 意見聴取 (audited)."""
    assessment = Assessment.objects.select_for_update().get(pk=version.assessment_id)
    revision = Revision.objects.get(pk=version.revision_id)
    step = find_transition(assessment.form, assessment.organization.body_type, revision.status, Status.PUBLIC_COMMENT)
    if step is None:
        return
    source, revision.status = revision.status, Status.PUBLIC_COMMENT
    revision.save(update_fields=["status"])
    _mirror_status(assessment, revision)
    details = _transition_details(source, Status.PUBLIC_COMMENT, revision) | {"by": "consultation.open"}
    _audit(user, "workflow.transition", assessment, version.number, details)


def record_download(user, version: Version, kind: str) -> None:
    _audit(user, "download", version.assessment, version.number, {"kind": kind})


PACKAGE_ROLES = (Role.ADMIN, Role.AUTHOR, Role.APPROVER, Role.VIEWER)


class PackageRefused(Exception):
    """The version is not in a status from which it can be submitted."""


def submission_package(user, version: Version) -> SubmissionPackage:
    """提出用一式 (ZIP) of a version in 承認申請/提出済/公表 for the organisation's staff (not the
    第三者点検委員). Rendering errors of the core propagate and nothing is recorded; a built
    package is audited with its file names and the ZIP's SHA-256."""
    assessment = version.assessment
    _require(user, assessment.organization, PACKAGE_ROLES, "提出用一式を作成する")
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
        _audit(user, "download", assessment, version.number, details)
    return package


def create_for_jimu(user, organization: Organization, jimu_name: str, forms: list[str]) -> list[Assessment]:
    """The 評価書 the しきい値判断 requires, under a (new or existing) 事務 of the organisation."""
    _require(user, organization, EDITOR_ROLES, "評価書を作成する")
    with transaction.atomic():
        jimu = Jimu.objects.filter(organization=organization, name=jimu_name).first()
        if jimu is None:
            jimu = create_jimu(user, organization, jimu_name)
        return [create_assessment(user, jimu, form, f"{jimu_name} {FORM_KIND_LABELS[form]}") for form in forms]


def seed_status(version: Version, status: str) -> Version:
    """Demo/import only: give the revision whose latest save is ``version`` a workflow status
    without the workflow (e.g. a 評価書 that was published before the workbench was introduced:
    its 公表日 is the cover's, else today). Audited."""
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=version.assessment_id)
        revision = Revision.objects.get(pk=version.revision_id)
        if status == Status.PUBLISHED:
            previous = assessment.current_publication()
            if previous is not None and previous.pk != revision.pk:
                previous.superseded_at = timezone.now()
                previous.save(update_fields=["superseded_at"])
            revision.published_version = version
            revision.published_on = procedure.written_publication_date(version) or clock.today()
        revision.status = status
        revision.save(update_fields=["status", "published_version", "published_on"])
        version.revision = revision
        _mirror_status(assessment, revision)
        record(
            None,
            "workflow.transition",
            organization=assessment.organization,
            obj=assessment,
            version_number=version.number,
            details={"to": status, "to_label": Status(status).label, "username": "import", "imported": True},
        )
    return version
