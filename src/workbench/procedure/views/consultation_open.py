"""The page that registers a 意見募集 on a save: the workflow step 意見聴取を開始する."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from pia.rules.comment_period import default_comment_period, min_comment_days
from workbench import clock
from workbench.assessments.access import access_version
from workbench.consultation import actions as consultation_actions
from workbench.consultation.carry import CARRIED_LABELS, carried_inputs, previous_consultation
from workbench.consultation.forms import ContactSettingsForm, OpenForm
from workbench.consultation.public_views import period_text
from workbench.procedure import consultations


@login_required
def open_consultation(request, pk: int, number: int):
    version = access_version(request.user, pk, number)
    refusals = consultations.consultation_refusals(request.user, version)
    start, end = default_comment_period(clock.today())
    minimum = min_comment_days(start)
    previous = previous_consultation(version.assessment)
    if request.method == "POST" and not refusals:
        form = OpenForm(request.POST)
        if form.is_valid():
            try:
                consultation = consultations.open_consultation(version, **form.cleaned_data, user=request.user)
            except consultation_actions.ConsultationError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"意見募集を登録しました(期間 {period_text(consultation)})。")
                _tell_carried(request, consultation, previous)
                return redirect("consultation_staff", consultation.pk)
        status = 422
    else:
        initial = {
            "opens_on": start,
            "closes_on": end,
            **ContactSettingsForm.initial_values(previous),  # the body's rules, as it set them last time
            **(carried_inputs(previous) if previous else {}),
        }
        form, status = OpenForm(initial=initial), 200
    context = {"version": version, "form": form, "refusals": refusals, "minimum": minimum, "previous": previous}
    return render(request, "procedure/consultation_open.html", context, status=status)


def _tell_carried(request, consultation, previous) -> None:
    """Name the 概要版's parts taken over from the previous 意見募集 (set on the fresh one only so)."""
    names = [label for name, label in CARRIED_LABELS.items() if getattr(consultation, name)]
    if previous is not None and names:
        messages.info(
            request,
            f"前回の意見募集「{previous.title}」から概要版の{'・'.join(names)}を引き継ぎました"
            "(日程の時期は今回の期間から作成しています)。",
        )
