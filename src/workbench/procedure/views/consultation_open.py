"""The page that registers a 意見募集 on a save: the workflow step 意見聴取を開始する."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from pia.rules.comment_period import default_comment_period, min_comment_days
from workbench import clock
from workbench.assessments.access import access_version
from workbench.consultation import actions as consultation_actions
from workbench.consultation.forms import ContactSettingsForm, OpenForm
from workbench.consultation.public_views import period_text
from workbench.procedure import consultations


@login_required
def open_consultation(request, pk: int, number: int):
    version = access_version(request.user, pk, number)
    refusals = consultations.consultation_refusals(request.user, version)
    start, end = default_comment_period(clock.today())
    minimum = min_comment_days(start)
    if request.method == "POST" and not refusals:
        form = OpenForm(request.POST)
        if form.is_valid():
            try:
                consultation = consultations.open_consultation(version, **form.cleaned_data, user=request.user)
            except consultation_actions.ConsultationError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"意見募集を登録しました(期間 {period_text(consultation)})。")
                return redirect("consultation_staff", consultation.pk)
        status = 422
    else:
        initial = {"opens_on": start, "closes_on": end, **ContactSettingsForm.initial_values()}
        form, status = OpenForm(initial=initial), 200
    context = {"version": version, "form": form, "refusals": refusals, "minimum": minimum}
    return render(request, "procedure/consultation_open.html", context, status=status)
