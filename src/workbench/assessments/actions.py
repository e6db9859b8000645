"""Every write to 事務, 評価書 and versions: permission check, one transaction, one audit event."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from pia.document import Document, new_document
from pia.findings import Finding, blocking
from pia.forms import FORM_KIND_LABELS, get_form
from pia.rules.validation import check
from workbench.assessments import procedure
from workbench.assessments.models import Assessment, Jimu, Status, Version
from workbench.assessments.package import SubmissionPackage, build_package, package_allowed
from workbench.assessments.workflow import Transition, find_transition
from workbench.audit.actions import record
from workbench.organizations.access import EDITOR_ROLES, has_role
from workbench.organizations.models import Organization, Role


class ConflictError(Exception):
    """Another version was saved after the one the editor started from."""

    def __init__(self, latest: Version) -> None:
        super().__init__(f"第{latest.number}版が先に保存されています。")
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
        version = Version.objects.create(
            assessment=assessment, number=1, content=document.to_data(), author=user, note="新規作成"
        )
        record(user, "assessment.create", organization=organization, obj=assessment, version_number=version.number)
    return assessment


def save_version(
    user, assessment: Assessment, document: Document, base_number: int, note: str = "", audit: dict | None = None
) -> Version:
    """Save the document as a new version on top of ``base_number``; ConflictError if that
    is no longer the latest version. Earlier versions are never touched. ``audit`` adds details
    to the audit event (a merged save says what it was merged with)."""
    _require(user, assessment.organization, EDITOR_ROLES, "評価書を編集する")
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        latest = locked.versions.latest("number")  # every 評価書 has 第1版; versions are never deleted
        if latest.number != base_number:
            raise ConflictError(latest)
        version = _create_next(locked, latest, document, user, note)
        _set_status(locked, Status.DRAFT)
        record(
            user,
            "version.save",
            organization=locked.organization,
            obj=locked,
            version_number=version.number,
            details=audit,
        )
    return version


def _create_next(assessment: Assessment, latest: Version, document: Document, user, note: str) -> Version:
    """The next version; a racing save (SQLite has no row locks) hits the unique number."""
    try:
        with transaction.atomic():
            return Version.objects.create(
                assessment=assessment,
                number=latest.number + 1,
                content=document.to_data(),
                author=user,
                parent=latest,
                note=note[:300],
            )
    except IntegrityError:
        raise ConflictError(assessment.versions.latest("number")) from None


def _set_status(assessment: Assessment, status: str) -> None:
    assessment.status = status
    assessment.save(update_fields=["status"])


def transition(user, version: Version, target: str) -> Version:
    """Move the latest version to ``target`` if the user's role and the findings allow it."""
    assessment = version.assessment
    step = _allowed_step(user, assessment, version, target)
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        _check_still_latest(locked, version, step)
        _check_findings(version, step)
        source = version.status
        version.status = target
        fields = ["status"]
        if step.approves:
            version.approved_by, version.approved_at = user, timezone.now()
            fields += ["approved_by", "approved_at"]
        version.save(update_fields=fields)
        _set_status(locked, target)
        details = {"from": source, "to": target, "from_label": Status(source).label, "to_label": Status(target).label}
        record(
            user,
            "workflow.transition",
            organization=locked.organization,
            obj=locked,
            version_number=version.number,
            details=details,
        )
    return version


def _allowed_step(user, assessment: Assessment, version: Version, target: str) -> Transition:
    body = assessment.organization.body_type
    step = find_transition(assessment.form, body, version.status, target)
    if step is None:
        raise TransitionRefused(f"「{Status(version.status).label}」から「{Status(target).label}」には進めません。")
    _require(user, assessment.organization, step.roles, f"「{step.label}」を行う")
    return step


def _check_still_latest(assessment: Assessment, version: Version, step: Transition) -> None:
    latest = assessment.versions.order_by("-number").first()
    if latest is None or latest.pk != version.pk:
        raise TransitionRefused(f"第{version.number}版は最新の版ではありません。最新の版で手続を進めてください。")
    version.refresh_from_db(fields=["status"])
    if version.status != step.source:
        raise TransitionRefused("この版の状態は他の利用者により変更されています。画面を更新してください。")


def _check_findings(version: Version, step: Transition) -> None:
    """The procedure records first (意見募集, 点検・承認), then the document at the step's level."""
    reasons = procedure.gate_reasons(version, step.source, step.target)
    if reasons:
        raise TransitionRefused(f"「{step.label}」を行えません:" + " ".join(reasons))
    if step.level is None:
        return
    document = procedure.effective_document(version)
    errors = blocking(check(document, step.level, pending=procedure.pending_steps(step.target)))
    if errors:
        raise TransitionRefused(f"{len(errors)}件の要修正の指摘があるため、「{step.label}」を行えません。", errors)


def record_download(user, version: Version, kind: str) -> None:
    assessment = version.assessment
    record(
        user,
        "download",
        organization=assessment.organization,
        obj=assessment,
        version_number=version.number,
        details={"kind": kind},
    )


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
            f"第{version.number}版は「{Status(version.status).label}」のため、提出用一式は作成できません"
            "(承認申請・提出済・公表の版のみ)。"
        )
    package = build_package(version)
    details = {
        "kind": "submission-zip",
        "files": [entry.name for entry in package.entries],
        "sha256": hashlib.sha256(package.data).hexdigest(),
    }
    with transaction.atomic():
        record(
            user,
            "download",
            organization=assessment.organization,
            obj=assessment,
            version_number=version.number,
            details=details,
        )
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
    """Demo/import only: give an existing version a workflow status without the workflow
    (e.g. a 評価書 that was published before the workbench was introduced). Audited."""
    with transaction.atomic():
        version.status = status
        version.save(update_fields=["status"])
        assessment = version.assessment
        latest = assessment.latest_version()
        if latest is not None and latest.pk == version.pk:
            _set_status(assessment, status)
        record(
            None,
            "workflow.transition",
            organization=assessment.organization,
            obj=assessment,
            version_number=version.number,
            details={"to": status, "to_label": Status(status).label, "username": "import", "imported": True},
        )
    return version
