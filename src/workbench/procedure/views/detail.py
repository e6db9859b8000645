"""A 評価書's overview: its 公表版 and 改訂案, which save each procedure step is bound to, the
gate before the next step (with one-click fixes) and the transitions the user may make."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from pia.findings import Finding
from pia.wareki import format_wareki
from workbench import clock
from workbench.assessments import actions
from workbench.assessments.access import access_assessment, access_version, latest_version_of
from workbench.assessments.downloads import available_downloads
from workbench.assessments.editions import edition_offer
from workbench.assessments.editor.names import anchor
from workbench.assessments.editor.session import template_of
from workbench.assessments.editor.status import section_of
from workbench.assessments.models import Status, Version
from workbench.assessments.revisions import baseline, saves_since
from workbench.assessments.workflow import CONSULTATION_ROLES, status_path, transitions_for
from workbench.consultation.models import Consultation, ConsultationState
from workbench.organizations.access import EDITOR_ROLES, has_role, roles_in
from workbench.organizations.models import Role
from workbench.procedure import actions as procedure_actions
from workbench.procedure import state
from workbench.procedure.package import package_allowed
from workbench.procedure.steps import ErrorCache, check_step
from workbench.reviews.models import ReviewRound

# The gate's findings that a button on this page fixes (each makes a new save, audited).
FIXES = {
    "gate.record_outdated": ("records", "手続の記録の値に更新する"),
    "gate.change_row_missing": ("change-rows", "公表中の版との差分から変更箇所を追加する"),
}


@login_required
def detail(request, pk: int):
    assessment = access_assessment(request.user, pk)
    latest = latest_version_of(assessment)
    working = latest.revision
    published = assessment.current_publication()
    document, filled = state.fill_from_records(latest)
    saves = list(working.saves.select_related("author", "approved_by").order_by("-number"))
    return render(
        request,
        "procedure/detail.html",
        {
            "assessment": assessment,
            "latest": latest,
            "working": working,
            "published": published if published is not None and published.pk != working.pk else None,
            "baseline": baseline(latest),
            "saves": [_save_row(request.user, assessment, v) for v in saves],
            "path": status_path(assessment.form, assessment.organization.body_type),
            "steps": _steps(request.user, assessment, latest, document),
            "from_records": state.filled_labels(document, filled),
            "bindings": _bindings(latest),
            "can_edit": has_role(request.user, assessment.organization, EDITOR_ROLES),
            # a role other than 第三者点検委員: the organisation's own pages (controls, 見直し) are theirs
            "full_view": bool(roles_in(request.user, assessment.organization) - {Role.REVIEWER}),
            "can_decide": has_role(request.user, assessment.organization, CONSULTATION_ROLES),
            "can_start_review": _can_start_review(request.user, latest),
            "voluntary_consultation": _voluntary_consultation(request.user, assessment, working),
            "downloads": available_downloads(),
            "edition": edition_offer(latest),
            "today": clock.today(),
        },
    )


def _save_row(user, assessment, version) -> dict[str, object]:
    can_package = has_role(user, assessment.organization, procedure_actions.PACKAGE_ROLES) and package_allowed(version)
    return {"version": version, "package": can_package}


@dataclass(frozen=True)
class Binding:
    """A procedure record of this round and the save it is bound to."""

    kind: str
    title: str
    state: str
    version: Version
    url: tuple[str, int] | None = None
    collecting: bool = False  # a 意見募集 that citizens are commenting on now

    @property
    def after(self) -> int:
        """How many saves came after the bound one (the text read is that save, not the latest)."""
        return saves_since(self.version)


def _bindings(latest) -> list[Binding]:
    """The procedure records of this round: its consultations, its rounds and its submission."""
    revision = latest.revision
    rows = [
        _consultation_binding(c)
        for c in Consultation.objects.filter(version__revision=revision).select_related("version")
    ]
    rows += [
        Binding(r.get_kind_display(), "", "終了" if r.closed else "実施中", r.version, ("review_round", r.pk))
        for r in ReviewRound.objects.filter(version__revision=revision).select_related("version")
    ]
    if revision.submitted_version is not None:
        on = revision.submitted_on
        rows.append(
            Binding("提出", "", f"提出日 {format_wareki(on)}" if on else "提出日の記録なし", revision.submitted_version)
        )
    return rows


def _consultation_binding(consultation: Consultation) -> Binding:
    now = consultation.state()
    link = ("consultation_staff", consultation.pk)
    collecting = now == ConsultationState.OPEN
    return Binding("意見募集", consultation.title, now.label, consultation.version, link, collecting)


def _voluntary_consultation(user, assessment, working) -> bool:
    """A 意見募集 the procedure does not require (基礎項目・重点項目評価書) may still be held."""
    steps = {key for key, _ in status_path(assessment.form, assessment.organization.body_type)}
    return (
        not working.is_published
        and Status.CONSULTATION not in steps
        and has_role(user, assessment.organization, CONSULTATION_ROLES)
    )


def _can_start_review(user, latest) -> bool:
    if latest.revision.is_published or not has_role(user, latest.assessment.organization, EDITOR_ROLES):
        return False
    return not ReviewRound.objects.filter(version__revision=latest.revision, closed_at__isnull=True).exists()


def _steps(user, assessment, latest, document) -> list[dict[str, object]]:
    """The transitions from the 改訂案's status, with whether this user may make them and the
    step's check (``steps.check_step``, what the action checks too) on ``document``, the latest
    save with the values filled from the records."""
    if latest.revision.is_published:
        return []
    mine = roles_in(user, assessment.organization)
    cache: ErrorCache = {}
    template = template_of(document)
    steps = []
    for step in transitions_for(assessment.form, assessment.organization.body_type):
        if step.source != latest.revision.status:
            continue
        checked = check_step(latest, step, publication_date=clock.today(), document=document, cache=cache)
        outdated = any(f.code == "gate.consultation_outdated" for f in checked.gate)
        allowed = bool(mine & set(step.roles))
        steps.append(
            {
                "step": step,
                "allowed": allowed,
                "can_take": allowed and checked.ready,
                "waiting": checked.waiting,
                "gate": checked.gate,
                "fixes": _fixes(checked.gate),
                "errors": [_finding_row(template, f) for f in checked.errors[:20]],
                "error_count": len(checked.errors),
                "role_labels": "、".join(_role_label(r) for r in step.roles),
                "via_consultation": step.target == Status.CONSULTATION,
                "proceed": state.latest_consultation(latest) if outdated else None,
                "dated": step.approves or step.target == Status.PUBLISHED,
            }
        )
    return steps


def _fixes(gate: list[Finding]) -> list[tuple[str, str]]:
    """The one-click fixes for the gate's findings, each once (kind, button label)."""
    return list(dict.fromkeys(FIXES[f.code] for f in gate if f.code in FIXES))


def _finding_row(template, finding) -> dict[str, object]:
    return {"finding": finding, "anchor": anchor(finding.path), "section": section_of(template, finding.path)}


def _role_label(role: str) -> str:
    return Role(role).label


@require_POST
@login_required
def transition(request, pk: int, number: int):
    version = access_version(request.user, pk, number)
    target = request.POST.get("target", "")
    if target not in Status.values:
        messages.error(request, "変更先の状態が正しくありません。")
        return redirect("assessment_detail", pk)
    try:
        on = _posted_date(target, request.POST.get("on", ""))
    except ValueError as bad:
        messages.error(request, str(bad))
        return redirect("assessment_detail", pk)
    try:
        bound = procedure_actions.transition(version, target, on=on, user=request.user)
    except procedure_actions.TransitionRefused as refused:
        messages.error(request, str(refused))
        return redirect("assessment_detail", pk)
    messages.success(request, f"{bound.revision.kind_label}を「{Status(target).label}」にしました({bound.label})。")
    return redirect("assessment_detail", pk)


def _posted_date(target: str, raw: str) -> date | None:
    """The 提出日 / 公表日 posted with the step (None when not given); ValueError with a message."""
    if not raw.strip():
        return None
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        what = "公表日" if target == Status.PUBLISHED else "提出日"
        raise ValueError(f"「{what}」の日付が正しくありません(例:2026-04-01)。") from None


@require_POST
@login_required
def fix(request, pk: int, number: int, kind: str):
    """One-click fixes of the gate: each makes a new save (audited), never silently."""
    version = access_version(request.user, pk, number)
    try:
        saved = procedure_actions.apply_fix(version, kind, user=request.user)
    except procedure_actions.FixRefused as refused:
        messages.error(request, str(refused))
    except actions.ConflictError as conflict:
        messages.error(
            request, f"{conflict.latest.label}が先に保存されています。画面を更新してからもう一度押してください。"
        )
    else:
        messages.success(request, f"{saved.note}({saved.label}として保存しました)。")
    return redirect("assessment_detail", pk)
