"""しきい値判断 page: the core's judgement with its reasons, and creating the required 評価書."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from pia.forms import FORM_KIND_LABELS
from pia.rules import ThresholdInput, judge, load_rules
from workbench import clock
from workbench.assessments import actions
from workbench.assessments.forms import CreateAssessmentForm, ThresholdForm
from workbench.feedback import flash_errors
from workbench.organizations.access import EDITOR_ROLES, has_role, organizations_of


def _editable_organizations(user):
    return [o for o in organizations_of(user) if has_role(user, o, EDITOR_ROLES)]


@login_required
def threshold(request):
    form = ThresholdForm(request.GET or None)
    result = voluntary = None
    create_form = None
    if form.is_bound and form.is_valid():
        result = _judge(form.cleaned_data)
        voluntary = [load_rules().on(result.on).level(v).name for v in result.voluntary]
        organizations = _editable_organizations(request.user)
        if organizations and result.required:
            create_form = CreateAssessmentForm(
                organizations=organizations, initial={"forms_to_create": list(result.required)}
            )
    context = {"form": form, "result": result, "voluntary": voluntary, "create_form": create_form}
    return render(request, "assessments/threshold.html", context)


def _judge(data):
    facts = ThresholdInput(
        subjects=data.get("subjects") or 0,
        handlers=data.get("handlers") or 0,
        on=data.get("on") or clock.today(),
        incident_dates=data["incidents"],
        exemptions=tuple(data.get("exemptions") or ()),
    )
    return judge(facts)


@require_POST
@login_required
def create_required(request):
    organizations = _editable_organizations(request.user)
    form = CreateAssessmentForm(request.POST, organizations=organizations)
    if not form.is_valid():
        flash_errors(request, form)
        return redirect("threshold")
    organization = next(o for o in organizations if o.pk == form.cleaned_data["organization"])
    created = actions.create_for_jimu(
        organization, form.cleaned_data["jimu_name"], form.cleaned_data["forms_to_create"], user=request.user
    )
    names = "、".join(FORM_KIND_LABELS[a.form] for a in created)
    messages.success(request, f"「{form.cleaned_data['jimu_name']}」の{names}を作成しました。")
    return redirect("assessment_detail", created[-1].pk)
