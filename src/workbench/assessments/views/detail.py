"""A 評価書's overview: versions, workflow state and the transitions the user may make."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from pia.findings import blocking
from pia.rules.validation import check
from workbench.assessments import actions, procedure
from workbench.assessments.access import access_assessment, access_version, latest_version_of
from workbench.assessments.downloads import available_downloads
from workbench.assessments.editor.names import anchor
from workbench.assessments.editor.session import template_of
from workbench.assessments.editor.status import section_of
from workbench.assessments.models import Status
from workbench.assessments.package import PACKAGE_STATUSES
from workbench.assessments.workflow import status_path, transitions_for
from workbench.consultation.models import Consultation
from workbench.organizations.access import EDITOR_ROLES, has_role, roles_in
from workbench.organizations.models import Role
from workbench.reviews.models import ReviewRound


@login_required
def detail(request, pk: int):
    assessment = access_assessment(request.user, pk)
    latest = latest_version_of(assessment)
    versions = list(assessment.versions.select_related("author", "approved_by").order_by("-number"))
    document, filled = procedure.fill_from_records(latest)
    return render(
        request,
        "assessments/detail.html",
        {
            "assessment": assessment,
            "latest": latest,
            "versions": versions,
            "path": status_path(assessment.form, assessment.organization.body_type),
            "steps": _steps(request.user, assessment, latest, document),
            "from_records": procedure.filled_labels(document, filled),
            "consultation": Consultation.objects.filter(version=latest).order_by("-id").first(),
            "review": ReviewRound.objects.filter(version=latest).order_by("-started_at", "-id").first(),
            "can_edit": has_role(request.user, assessment.organization, EDITOR_ROLES),
            "downloads": available_downloads(),
            "can_package": has_role(request.user, assessment.organization, actions.PACKAGE_ROLES),
            "package_statuses": [str(s) for s in PACKAGE_STATUSES],
        },
    )


def _steps(user, assessment, latest, document) -> list[dict[str, object]]:
    """The transitions from the latest version's status, with whether this user may make them
    and the blocking findings at the level each one needs (the core's validation of ``document``,
    the latest version with the values filled from the records)."""
    mine = roles_in(user, assessment.organization)
    cache: dict[object, list] = {}
    template = template_of(document)
    steps = []
    for step in transitions_for(assessment.form, assessment.organization.body_type):
        if step.source != latest.status:
            continue
        key = (step.level, procedure.pending_steps(step.target))
        if step.level is not None and key not in cache:
            cache[key] = blocking(check(document, step.level, pending=key[1]))
        errors = cache.get(key, []) if step.level is not None else []
        steps.append(
            {
                "step": step,
                "allowed": bool(mine & set(step.roles)),
                "waiting": procedure.gate_reasons(latest, step.source, step.target),
                "errors": [_finding_row(template, f) for f in errors[:20]],
                "error_count": len(errors),
                "role_labels": "、".join(_role_label(r) for r in step.roles),
            }
        )
    return steps


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
        actions.transition(request.user, version, target)
    except actions.TransitionRefused as refused:
        messages.error(request, str(refused))
        return redirect("assessment_detail", pk)
    messages.success(request, f"第{version.number}版を「{Status(target).label}」にしました。")
    return redirect("assessment_detail", pk)
