"""The pages of the controls: a 評価書's controls with their status, making a control from a
measure, a control with its check records, the organisation-wide list of what needs attention,
and the yearly 見直し of a 評価書.

Reads go through ``controls.access`` (another body's control is a 404; a member who is only
第三者点検委員 sees none); every write is one call of ``controls.actions``. A refusal comes back
at its field with the input kept (HTTP 422)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from pia.controls import Candidate, suggest_frequency
from pia.rules.calendar import add_years
from pia.rules.deadlines import DeadlineError, compute_deadlines
from workbench import clock
from workbench.assessments.models import Assessment
from workbench.controls import actions
from workbench.controls.access import access_control, access_controlled_assessment, can_edit, controls_for
from workbench.controls.forms import CheckForm, ControlForm, ReviewForm
from workbench.controls.models import Conclusion, Control, Review
from workbench.controls.status import (
    attention_rows,
    latest_candidates,
    status_of,
    statuses_for_assessment,
)
from workbench.files.actions import FileRefused, read_upload
from workbench.organizations.models import Membership, Role

WHOLE = "t"  # the choice of a measure's whole text (else the index of a sentence)


def _require_edit(user, organization, what: str) -> None:
    if not can_edit(user, organization):
        raise PermissionDenied(f"{what}権限がありません。")


# --- a 評価書's controls ----------------------------------------------------------------------


@login_required
def assessment_controls(request, pk: int):
    assessment = access_controlled_assessment(request.user, pk)
    controls = list(Control.objects.filter(assessment=assessment).select_related("owner"))
    context = {
        "assessment": assessment,
        "statuses": statuses_for_assessment(assessment, controls, clock.today()),
        "can_edit": can_edit(request.user, assessment.organization),
        "latest_review": Review.objects.filter(assessment=assessment).first(),
    }
    return render(request, "controls/assessment_controls.html", context)


def _choices(found: dict[str, Candidate]) -> dict[str, tuple[Candidate, str]]:
    """Every choice value → (candidate, the text chosen): the whole text and each sentence."""
    result: dict[str, tuple[Candidate, str]] = {}
    for candidate in found.values():
        result[f"{candidate.path}|{WHOLE}"] = (candidate, candidate.text)
        for n, sentence in enumerate(candidate.sentences):
            result[f"{candidate.path}|{n}"] = (candidate, sentence)
    return result


def _owners(assessment: Assessment) -> list[tuple[int, str]]:
    members = (
        Membership.objects.filter(organization=assessment.organization)
        .exclude(role=Role.REVIEWER)
        .select_related("user")
        .order_by("user__username")
    )
    seen: dict[int, str] = {}
    for m in members:
        seen.setdefault(m.user.pk, m.user.get_full_name() or m.user.get_username())
    return list(seen.items())


@login_required
def control_new(request, pk: int):
    """Step 1 (no choice yet): every measure text of the latest save with its sentences. Step 2:
    the chosen one, with the frequency the text suggests pre-selected for the user to confirm."""
    assessment = access_controlled_assessment(request.user, pk)
    _require_edit(request.user, assessment.organization, "管理項目を作る")
    found = latest_candidates(assessment) or {}
    choices = _choices(found)
    owners = _owners(assessment)
    if request.method == "POST":
        form = ControlForm(request.POST, owners=owners)
        picked = choices.get(request.POST.get("choice", ""))
        if form.is_valid():
            if picked is None:
                form.add_error(None, "措置を選び直してください(最新の保存にありません)。")
            else:
                data = form.cleaned_data
                fields = actions.ControlFields(
                    element_path=picked[0].path,
                    chosen_text=picked[1],
                    title=data["title"],
                    owner=get_user_model().objects.get(pk=data["owner"]),
                    frequency=data["frequency"],
                    starts_on=data["starts_on"],
                    due_dates=data["due_dates"],
                )
                try:
                    control = actions.create_control(assessment, fields, user=request.user)
                except actions.ControlRefused as exc:
                    form.add_refusal(exc.field, str(exc))
                else:
                    messages.success(request, f"管理項目「{control.title}」を作りました。")
                    return redirect("control_detail", control.pk)
        return _new_page(request, assessment, found, picked, form, status=422)
    picked = choices.get(request.GET.get("choice", ""))
    if picked is None:
        if request.GET.get("choice"):
            messages.error(request, "選んだ措置が最新の保存にありません。選び直してください。")
        return _new_page(request, assessment, found, None, None)
    suggestion = suggest_frequency(picked[1]) or suggest_frequency(picked[0].text)
    initial = {
        "choice": request.GET["choice"],
        "title": picked[1][:60],
        "owner": request.user.pk if request.user.pk in dict(owners) else "",
        "frequency": suggestion.code if suggestion else "",
        "starts_on": clock.today().isoformat(),
    }
    return _new_page(
        request, assessment, found, picked, ControlForm(initial=initial, owners=owners), suggestion=suggestion
    )


def _new_page(request, assessment, found, picked, form, *, status: int = 200, suggestion=None):
    context = {
        "assessment": assessment,
        "candidates": list(found.values()),
        "picked": picked,
        "form": form,
        "suggestion": suggestion,
        "whole": WHOLE,
    }
    return render(request, "controls/control_new.html", context, status=status)


# --- one control ------------------------------------------------------------------------------


@login_required
def control_detail(request, pk: int):
    control = access_control(request.user, pk)
    return _detail_page(request, control, None)


def _detail_page(request, control: Control, form: CheckForm | None, status: int = 200):
    today = clock.today()
    context = {
        "control": control,
        "status": status_of(control, today, latest_candidates(control.assessment)),
        "can_edit": can_edit(request.user, control.organization) and control.active,
        "form": form or CheckForm(initial={"checked_on": today.isoformat()}),
    }
    return render(request, "controls/control_detail.html", context, status=status)


@require_POST
@login_required
def control_check(request, pk: int):
    control = access_control(request.user, pk)
    _require_edit(request.user, control.organization, "確認を記録する")
    form = CheckForm(request.POST)
    uploads = request.FILES.getlist("evidence_files")
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_check(
                control,
                checked_on=data["checked_on"],
                result=data["result"],
                note=data["note"],
                evidence=data["evidence"],
                files=[(f.name, read_upload(f, label=actions.EVIDENCE_LABEL, field="evidence_files")) for f in uploads],
                user=request.user,
            )
        except (actions.ControlRefused, FileRefused) as exc:
            form.add_refusal(exc.field, str(exc))
        else:
            messages.success(request, "確認を記録しました。")
            return redirect("control_detail", control.pk)
    return _detail_page(request, control, form, status=422)


@require_POST
@login_required
def control_acknowledge(request, pk: int):
    control = access_control(request.user, pk)
    _require_edit(request.user, control.organization, "管理項目の記載を確認する")
    try:
        actions.acknowledge_text(control, chosen_text=request.POST.get("chosen_text") or None, user=request.user)
    except actions.ControlRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "評価書の新しい記載を確認しました。")
    return redirect("control_detail", control.pk)


@require_POST
@login_required
def control_end(request, pk: int):
    control = access_control(request.user, pk)
    _require_edit(request.user, control.organization, "管理を終える")
    actions.end_control(control, user=request.user)
    messages.success(request, f"管理項目「{control.title}」の管理を終えました(記録は残ります)。")
    return redirect("assessment_controls", control.assessment_id)


# --- what needs attention ---------------------------------------------------------------------


@login_required
def attention(request):
    """Every active control of the user's organisations that is overdue, has a 不適合 without a
    later 適合 check, or whose 評価書 text changed."""
    rows = attention_rows(request.user, clock.today())
    count = controls_for(request.user).filter(active=True).count()
    return render(request, "controls/attention.html", {"rows": rows, "count": count})


# --- the yearly 見直し --------------------------------------------------------------------------


@login_required
def assessment_review(request, pk: int):
    assessment = access_controlled_assessment(request.user, pk)
    if request.method == "POST":
        _require_edit(request.user, assessment.organization, "見直しを記録する")
        form = ReviewForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                review = actions.record_review(
                    assessment,
                    reviewed_on=data["reviewed_on"],
                    conclusion=data["conclusion"],
                    note=data["note"],
                    user=request.user,
                )
            except actions.ControlRefused as exc:
                form.add_refusal(exc.field, str(exc))
            else:
                text = f"見直し({review.get_conclusion_display()})を記録しました。"
                if review.conclusion == Conclusion.SIGNIFICANT:
                    text += "重要な変更に当たるため、評価の再実施が必要です。"
                messages.success(request, text)
                return redirect("assessment_review", assessment.pk)
        return _review_page(request, assessment, form, status=422)
    return _review_page(request, assessment, None)


def _review_page(request, assessment: Assessment, form: ReviewForm | None, status: int = 200):
    today = clock.today()
    since = add_years(today, -1)  # the past year: from the same day a year ago
    controls = list(Control.objects.filter(assessment=assessment).select_related("owner"))
    statuses = statuses_for_assessment(assessment, controls, today)
    for s in statuses:
        s.year_checks = [r for r in s.checks if r.checked_on >= since]  # type: ignore[attr-defined]
        s.year_missed = [label for p, label in zip(s.missed, s.missed_labels, strict=True) if p.last >= since]  # type: ignore[attr-defined]
    reviews = list(Review.objects.filter(assessment=assessment).select_related("reviewed_by"))
    context = {
        "assessment": assessment,
        "statuses": statuses,
        "since": since,
        "today": today,
        "reviews": reviews,
        "deadlines": _deadlines(assessment, reviews[0].reviewed_on if reviews else None, today),
        "can_edit": can_edit(request.user, assessment.organization),
        "form": form or ReviewForm(initial={"reviewed_on": today.isoformat()}),
        "significant": Conclusion.SIGNIFICANT,
    }
    return render(request, "controls/review.html", context, status=status)


def _deadlines(assessment: Assessment, reviewed: date | None, today: date):
    """The deadlines of the 公表中の版, with the last 見直し as the start of the yearly one."""
    published = assessment.current_publication()
    if published is None or published.published_on is None:
        return []
    since = reviewed if reviewed is not None and reviewed >= published.published_on else None  # as the portfolio
    try:
        return compute_deadlines(published.published_on, today, reviewed=since)
    except DeadlineError:
        return []
