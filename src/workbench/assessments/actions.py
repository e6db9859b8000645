"""Every write to 事務, 評価書 and versions: permission check, one transaction, one audit event."""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from pia.changes.elements import same_content
from pia.changes.upgrade import default_upgrades, upgrade_with_notes
from pia.document import Document, new_document
from pia.findings import Finding, Level, blocking
from pia.forms import FORM_KIND_LABELS, get_form
from pia.rules.validation import check
from workbench.acting import action
from workbench.assessments.models import Assessment, Jimu, Revision, Version
from workbench.audit.actions import record
from workbench.organizations.access import EDITOR_ROLES, require_role
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


class FormatRefused(Exception):
    """The document has format errors (the draft level's blocking findings: a date that is not a
    date, a choice that is not offered …) that the latest save does not have. A save never stores
    a new one; errors already stored (an imported 評価書) do not stop a save that fixes others."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(
            f"入力内容に{len(findings)}件の誤りがあります。該当欄の説明に従って直してください(まだ保存していません)。"
        )
        self.findings = findings


@action
def create_jimu(organization: Organization, name: str, *, user: User) -> Jimu:
    require_role(user, organization, (Role.ADMIN, Role.AUTHOR), "事務を登録する")
    with transaction.atomic():
        jimu = Jimu.objects.create(organization=organization, name=name)
        record(user, "jimu.create", organization=organization, obj=jimu)
    return jimu


@action
def create_assessment(jimu: Jimu, form: str, title: str, document: Document | None = None, *, user: User) -> Assessment:
    """A new 評価書 with its first version (the given document, else an empty form)."""
    organization = jimu.organization
    require_role(user, organization, EDITOR_ROLES, "評価書を作成する")
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


@action
def save_version(
    assessment: Assessment,
    document: Document,
    base_number: int,
    note: str = "",
    *,
    user: User,
    details: dict[str, object] | None = None,
) -> Version:
    """Save the document as a new save of the 評価書's 改訂案, on top of ``base_number``.

    ConflictError if that is no longer the latest save; NoChangeError if the document says the
    same as it (no save entry is made); FormatRefused if it has format errors the latest save has
    not. A save of a published 評価書 starts its 改訂案 (revising the 公表版). Saving never changes
    where the procedure stands: a consultation or review that is running stays bound to the save
    it was opened on (ADR 0005). Earlier saves are never touched."""
    require_role(user, assessment.organization, EDITOR_ROLES, "評価書を編集する")
    format_errors = blocking(check(document, Level.DRAFT))  # before the lock: most saves have none
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        latest = locked.versions.latest("number")  # every 評価書 has its first save; saves are never deleted
        if latest.number != base_number:
            raise ConflictError(latest)
        stored = latest.document()
        if same_content(stored, document):
            raise NoChangeError(latest)
        if format_errors:
            _refuse_new_format_errors(stored, format_errors)
        revision, started = revision_for_save(locked, user)
        version = create_next_save(locked, revision, latest, document, user, note)
        mirror_status(locked, revision)
        details = {"revision": revision.number, "started_revision": started, **(details or {})}
        audit_assessment(user, "version.save", locked, version.number, details)
    return version


def _refuse_new_format_errors(stored: Document, errors: list[Finding]) -> None:
    known = {(f.code, f.path) for f in blocking(check(stored, Level.DRAFT))}
    new = [f for f in errors if (f.code, f.path) not in known]
    if new:
        raise FormatRefused(new)


def revision_for_save(assessment: Assessment, user) -> tuple[Revision, bool]:
    """The 改訂案 in progress, or a new one revising the 公表版 (True when it was started now)."""
    revision = assessment.open_revision()
    if revision is not None:
        return revision, False
    base = assessment.current_publication()
    number = (assessment.revisions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    return Revision.objects.create(assessment=assessment, number=number, base=base, created_by=user), True


def create_next_save(
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


def audit_assessment(
    user, action: str, assessment: Assessment, version_number: int, details: Mapping[str, object]
) -> None:
    """The audit event of an action on a 評価書 (one of its saves named by number)."""
    record(
        user,
        action,
        organization=assessment.organization,
        obj=assessment,
        version_number=version_number,
        details=dict(details),
    )


def mirror_status(assessment: Assessment, revision: Revision) -> None:
    """The 評価書's status is its working revision's: the 改訂案's, else the 公表版's."""
    working = assessment.open_revision() or revision
    if assessment.status != working.status:
        assessment.status = working.status
        assessment.save(update_fields=["status"])


@action
def record_download(version: Version, kind: str, *, user: User) -> None:
    audit_assessment(user, "download", version.assessment, version.number, {"kind": kind})


@action
def create_for_jimu(organization: Organization, jimu_name: str, forms: list[str], *, user: User) -> list[Assessment]:
    """The 評価書 the しきい値判断 requires, under a (new or existing) 事務 of the organisation."""
    require_role(user, organization, EDITOR_ROLES, "評価書を作成する")
    with transaction.atomic():
        jimu = Jimu.objects.filter(organization=organization, name=jimu_name).first()
        if jimu is None:
            jimu = create_jimu(organization, jimu_name, user=user)
        return [create_assessment(jimu, form, f"{jimu_name} {FORM_KIND_LABELS[form]}", user=user) for form in forms]


class EditionRefused(Exception):
    """The 評価書 cannot move to the latest edition of its form (message in Japanese)."""


@action
def move_to_latest_edition(assessment: Assessment, base_number: int, *, user: User) -> tuple[Version, list[str]]:
    """Save the latest save read in the latest edition of its form (``pia.changes.upgrade``: the
    edition's mappings), as a save of the 改訂案; the notes say what the reading moved, dropped or
    relabelled and which items the edition adds. The 公表版 stays in the edition it was published
    in; every change output reads it in the newer edition."""
    latest = assessment.versions.latest("number")
    document = latest.document()
    target = get_form(document.form)
    if document.edition == target.edition:
        raise EditionRefused(f"この評価書はすでに最新の様式({target.edition_label})です。")
    chain = default_upgrades().chain(document.form, document.edition, target.edition)
    if chain is None:
        raise EditionRefused(
            f"版「{document.edition}」から版「{target.edition}」への移行表がないため、様式を移行できません。"
        )
    upgraded, notes = upgrade_with_notes(document, chain)
    note = f"様式を{target.edition_label}に移行"
    with transaction.atomic():  # the save and the 評価書's edition together, or neither
        version = save_version(assessment, upgraded, base_number, note, user=user, details={"upgrade": notes[:200]})
        Assessment.objects.filter(pk=assessment.pk).update(edition=target.edition)
    return version, notes
