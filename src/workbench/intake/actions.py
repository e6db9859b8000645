"""Every write of 取り込み: upload, the decisions on unplaced text, registration, cancelling.

Like every action: the permission check, one transaction, one audit event; refusals are
Japanese messages (:class:`IntakeRefused`) and leave everything as it was.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date

from django.contrib.auth.models import User
from django.db import transaction

from pia.document import Document, role_text
from pia.document.images import figure_problem, figures_in
from pia.forms import FORM_KIND_LABELS, get_form
from pia.imports.api import import_bytes
from workbench import clock
from workbench.acting import action
from workbench.assessments.actions import (
    audit_assessment,
    create_assessment,
    create_jimu,
    create_next_save,
    revision_for_save,
)
from workbench.assessments.attachments import keep_figure
from workbench.assessments.models import Assessment, Jimu, Version
from workbench.assessments.workflow import PUBLISH_ROLES
from workbench.audit.actions import record
from workbench.intake.models import Decision, Fragment, Intake, IntakeFigure, IntakeState
from workbench.intake.review import append_text
from workbench.organizations.access import EDITOR_ROLES, require_role
from workbench.organizations.models import Organization
from workbench.procedure.actions import record_publication

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # an 80-page 評価書 saved as PDF is a few MB


def too_large_message() -> str:
    return f"ファイルが大きすぎます。{MAX_UPLOAD_BYTES // (1024 * 1024)}MBまでのファイルを取り込めます。"


class IntakeRefused(Exception):
    """The step cannot be taken (message in Japanese); nothing was changed."""


@action
def upload(
    organization: Organization, name: str, data: bytes, *, user: User, form: str = "auto", edition: str | None = None
) -> Intake:
    """Import the file and keep it, its document and the text left unplaced, for review.
    ``pia.imports.model.ImportRefused`` (a scan, a protected or corrupt file …) creates nothing."""
    require_role(user, organization, EDITOR_ROLES, "評価書を取り込む")
    if len(data) > MAX_UPLOAD_BYTES:
        raise IntakeRefused(too_large_message())
    result = import_bytes(data, name, form=form, edition=edition)
    document = result.document.copy()
    document.body_type = organization.body_type
    report = result.report
    with transaction.atomic():
        intake = Intake.objects.create(
            organization=organization,
            uploaded_by=user,
            source_name=name[:255],
            source_format=report.source_format,
            source_size=len(data),
            source_sha256=hashlib.sha256(data).hexdigest(),
            source=data,
            document=document.to_data(),
            report=report.to_data(),
        )
        Fragment.objects.bulk_create(
            Fragment(
                intake=intake,
                position=n,
                text=piece.text,
                page=piece.place.page,
                where=piece.place.where[:200],
                near=(piece.path or piece.near)[:500],
            )
            for n, piece in enumerate(report.unplaced, start=1)
        )
        figures = _keep_imported_figures(intake, document, getattr(result, "attachments", None) or {})
        details = {
            "sha256": intake.source_sha256,
            "format": report.source_format,
            "form": report.form,
            "edition": report.edition,
            "items_filled": report.items_filled,
            "options_recognised": report.options_recognised,
            "unplaced": report.unplaced_count,
            "figures": figures,
        }
        record(user, "intake.upload", organization=organization, obj=intake, details=details)
    return intake


def _keep_imported_figures(intake: Intake, document: Document, found: Mapping[str, bytes]) -> int:
    """Keep the bytes of every figure the imported document references, from the importer's
    ``ImportResult.attachments`` (SHA-256 → bytes; absent before the importer reads figures, so
    read with ``getattr``). Bytes that do not match their hash or are not a PNG/JPEG the item
    takes are not kept: the figure then reads as missing (``image.missing``) until replaced in
    the editor. How many were kept."""
    template = get_form(document.form, document.edition)
    kept: dict[str, IntakeFigure] = {}
    for _path, item, ref in figures_in(document, template):
        data = found.get(ref.sha256)
        if ref.sha256 in kept or data is None or figure_problem(ref, item, {ref.sha256: data}):
            continue
        kept[ref.sha256] = IntakeFigure(
            intake=intake, sha256=ref.sha256, file=ref.file, media_type=ref.media_type, data=data
        )
    IntakeFigure.objects.bulk_create(kept.values())
    return len(kept)


def _give_figures(intake: Intake, assessment: Assessment, document: Document, user: User) -> int:
    """The imported figures become the 評価書's (``assessments.Attachment``; the same bytes already
    there are shared). How many the document references that were given."""
    template = get_form(document.form, document.edition)
    wanted = {ref.sha256 for _path, _item, ref in figures_in(document, template)}
    given = 0
    for figure in intake.figures.filter(sha256__in=wanted):
        keep_figure(assessment, bytes(figure.data), figure.file, user)
        given += 1
    return given


def _locked_for_review(intake: Intake) -> Intake:
    locked = Intake.objects.select_for_update().get(pk=intake.pk)
    if not locked.reviewing:
        raise IntakeRefused(f"この取り込みは{locked.get_state_display()}のため、変更できません。")
    return locked


def _open_fragment(intake: Intake, position: int) -> Fragment:
    fragment = intake.fragments.select_for_update().filter(position=position).first()
    if fragment is None:
        raise IntakeRefused("指定したテキストはこの取り込みにありません。")
    if not fragment.is_open:
        who = fragment.decided_by.get_username() if fragment.decided_by else ""
        raise IntakeRefused(f"このテキストは{who}さんがすでに「{fragment.get_decision_display()}」にしています。")
    return fragment


@action
def assign(intake: Intake, position: int, target: str, *, user: User) -> Fragment:
    """Append the fragment's text to the text item ``target`` (an element path) of the document."""
    require_role(user, intake.organization, EDITOR_ROLES, "取り込んだ内容を直す")
    with transaction.atomic():
        locked = _locked_for_review(intake)
        fragment = _open_fragment(locked, position)
        document = locked.imported_document()
        template = get_form(document.form, document.edition)
        updated = append_text(document, template, target, fragment.text)  # AssignRefused: nothing changed
        locked.document = updated.to_data()
        locked.save(update_fields=["document"])
        _decide(fragment, Decision.ASSIGNED, user, target)
        record(user, "intake.assign", organization=locked.organization, obj=locked, details=_details(fragment))
    return fragment


@action
def discard(intake: Intake, positions: list[int] | None = None, *, user: User) -> int:
    """Discard the fragments at ``positions`` (None: every fragment still open); how many."""
    require_role(user, intake.organization, EDITOR_ROLES, "取り込んだ内容を直す")
    with transaction.atomic():
        locked = _locked_for_review(intake)
        if positions is None:
            fragments = list(locked.fragments.select_for_update().filter(decision=Decision.OPEN))
        else:
            fragments = [_open_fragment(locked, p) for p in positions]
        for fragment in fragments:
            _decide(fragment, Decision.DISCARDED, user, "")
        details = {"positions": [f.position for f in fragments], "texts": [f.text[:200] for f in fragments]}
        record(user, "intake.discard", organization=locked.organization, obj=locked, details=details)
    return len(fragments)


def _decide(fragment: Fragment, decision: str, user: User, target: str) -> None:
    fragment.decision, fragment.target = decision, target
    fragment.decided_by, fragment.decided_at = user, clock.now()
    fragment.save(update_fields=["decision", "target", "decided_by", "decided_at"])


def _details(fragment: Fragment) -> dict[str, object]:
    return {"position": fragment.position, "text": fragment.text[:200], "target": fragment.target}


@action
def cancel(intake: Intake, *, user: User) -> Intake:
    require_role(user, intake.organization, EDITOR_ROLES, "取り込みを取り消す")
    with transaction.atomic():
        locked = _locked_for_review(intake)
        locked.state, locked.ended_at = IntakeState.CANCELLED, clock.now()
        locked.save(update_fields=["state", "ended_at"])
        record(user, "intake.cancel", organization=locked.organization, obj=locked)
    return locked


@action
def register(
    intake: Intake,
    *,
    user: User,
    published_on: date,
    assessment: Assessment | None = None,
    jimu_name: str = "",
) -> Intake:
    """The imported document becomes the 公表版 (公表日 ``published_on``, written on its cover) of
    ``assessment``, or of a new 評価書 under the 事務 ``jimu_name`` (created when the organisation
    has none of that name). Refused while text is left undecided."""
    require_role(user, intake.organization, PUBLISH_ROLES, "取り込んだ評価書を公表版として登録する")
    with transaction.atomic():
        locked = _locked_for_review(intake)
        undecided = locked.fragments.filter(decision=Decision.OPEN).count()
        if undecided:
            raise IntakeRefused(
                f"配置できなかったテキストが{undecided}件、未確認のまま残っています。"
                "項目に追記するか破棄してから登録してください。"
            )
        document = _with_publication_date(locked.imported_document(), published_on)
        if assessment is None:
            target = _new_assessment(locked, document, jimu_name, user)
            version = target.versions.get()
        else:
            target, version = _new_publication_save(locked, assessment, document, published_on, user)
        figures = _give_figures(locked, target, document, user)
        record_publication(version, published_on=published_on, user=user, details={"intake": locked.pk})
        locked.state, locked.assessment, locked.version = IntakeState.REGISTERED, target, version
        locked.ended_at = clock.now()
        locked.save(update_fields=["state", "assessment", "version", "ended_at"])
        details = {
            "assessment": target.pk,
            "version": version.number,
            "published_on": published_on.isoformat(),
            "figures": figures,
        }
        record(user, "intake.register", organization=locked.organization, obj=locked, details=details)
    return locked


def _with_publication_date(document: Document, day: date) -> Document:
    item = get_form(document.form, document.edition).item_for_role("publication_date")
    if item is not None:
        document.values[item.id] = day.isoformat()
    return document


def _new_assessment(intake: Intake, document: Document, jimu_name: str, user: User) -> Assessment:
    name = jimu_name.strip() or role_text(document, "jimu_name").strip()
    if not name:
        raise IntakeRefused("事務の名称を入力してください(取り込んだ評価書に事務の名称がありません)。")
    jimu = Jimu.objects.filter(organization=intake.organization, name=name).first()
    if jimu is None:
        jimu = create_jimu(intake.organization, name[:300], user=user)
    title = role_text(document, "name").strip() or f"{name} {FORM_KIND_LABELS[document.form]}"
    return create_assessment(jimu, document.form, title[:300], document, user=user)


def _new_publication_save(
    intake: Intake, assessment: Assessment, document: Document, day: date, user: User
) -> tuple[Assessment, Version]:
    """A save of ``assessment`` holding the imported 公表版, in a revision of its own."""
    if assessment.organization.pk != intake.organization.pk:
        raise IntakeRefused("別の団体の評価書には登録できません。")
    require_role(user, assessment.organization, EDITOR_ROLES, "評価書を編集する")
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.form != document.form:
        raise IntakeRefused(
            f"取り込んだのは{FORM_KIND_LABELS[document.form]}です。{locked.level_label}の評価書には登録できません。"
        )
    _check_replaceable(locked, day)
    latest = locked.versions.latest("number")
    revision, _ = revision_for_save(locked, user)
    version = create_next_save(locked, revision, latest, document, user, f"取り込んだ公表版({intake.source_name})")
    details = {"revision": revision.number, "intake": intake.pk}
    audit_assessment(user, "version.save", locked, version.number, details)
    return locked, version


def _check_replaceable(assessment: Assessment, day: date) -> None:
    """Registering must not turn a colleague's 改訂案 into a 公表版, nor bury a later 公表版."""
    current = assessment.current_publication()
    if current is not None and current.published_on is not None and current.published_on >= day:
        raise IntakeRefused(
            f"この評価書の公表中の版は{current.label}です。それより後の公表日でなければ登録できません。"
        )
    working = assessment.open_revision()
    if working is not None and working.saves.count() > (0 if working.base_id else 1):
        raise IntakeRefused(
            f"この評価書には作成中の{working.label}があります。登録するとその内容が公表版になってしまうため、"
            "新しい評価書として登録するか、改訂案を公表してから登録してください。"
        )


@action
def record_download(intake: Intake, kind: str, *, user: User) -> None:
    record(user, "download", organization=intake.organization, obj=intake, details={"kind": kind})
