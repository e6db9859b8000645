"""The pages of 取り込み: upload, review of the text left unplaced, registration as 公表版."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from pia.document import role_text
from pia.errors import PiaError
from pia.findings import Level, blocking
from pia.forms import FORM_KIND_LABELS, get_form
from pia.render import pdf_bytes, print_model
from pia.rules.validation import check
from pia.wareki import format_wareki
from workbench.assessments.models import Assessment
from workbench.assessments.workflow import PUBLISH_ROLES
from workbench.feedback import flash_errors
from workbench.intake import actions
from workbench.intake.access import access_intake, intakes_for
from workbench.intake.forms import AssignForm, RegisterForm, UploadForm
from workbench.intake.models import Intake
from workbench.intake.review import AssignRefused, FragmentRow, Group, groups, text_targets
from workbench.organizations.access import EDITOR_ROLES, has_role, organizations_of
from workbench.responses import attachment, safe_name

SOURCE_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "text": "text/plain; charset=utf-8",
}


def _editable_organizations(user):
    return [o for o in organizations_of(user) if has_role(user, o, EDITOR_ROLES)]


@login_required
def intake_list(request):
    organizations = _editable_organizations(request.user)
    status = 200
    if request.method == "POST" and organizations:
        form = UploadForm(request.POST, request.FILES, organizations=organizations)
        if form.is_valid():
            intake = _upload(request, form, organizations)
            if intake is not None:
                return redirect("intake_review", intake.pk)
        status = 422
    else:
        form = UploadForm(organizations=organizations)
    recent = intakes_for(request.user).defer("source", "document")[:100]
    context = {"form": form, "organizations": organizations, "intakes": recent}
    return render(request, "intake/list.html", context, status=status)


def _upload(request, form: UploadForm, organizations) -> Intake | None:
    data = form.cleaned_data
    organization = next(o for o in organizations if o.pk == data["organization"])
    upload = data["file"]
    if upload.size > actions.MAX_UPLOAD_BYTES:
        form.add_error("file", actions.too_large_message())
        return None
    try:
        intake = actions.upload(
            organization,
            upload.name,
            upload.read(),
            form=data["form"],
            edition=data["edition"] or None,
            user=request.user,
        )
    except (PiaError, actions.IntakeRefused) as exc:
        form.add_error("file", f"「{upload.name}」を取り込めません: {exc}")
        return None
    report = intake.import_report()
    messages.success(
        request,
        f"「{intake.source_name}」を取り込みました(記入した項目 {report.items_filled}、"
        f"読み取った選択 {report.options_recognised}、配置できなかったテキスト {report.unplaced_count}件)。",
    )
    return intake


@login_required
def intake_review(request, pk: int):
    intake = access_intake(request.user, pk)
    context = _review_context(request.user, intake)
    published = intake.import_report().publication_date
    initial = {
        "published_on": format_wareki(published) if published else "",
        "jimu_name": role_text(intake.imported_document(), "jimu_name").strip()[:300],
    }
    context["register_form"] = RegisterForm(initial=initial, assessments=context["assessments"])
    return render(request, "intake/review.html", context)


def _review_context(user, intake: Intake) -> dict[str, Any]:
    document = intake.imported_document()
    template = get_form(document.form, document.edition)
    fragments = list(intake.fragments.select_related("decided_by"))
    can_edit = intake.reviewing and has_role(user, intake.organization, EDITOR_ROLES)
    can_register = can_edit and has_role(user, intake.organization, PUBLISH_ROLES)
    same_file = (
        intakes_for(user).filter(source_sha256=intake.source_sha256).exclude(pk=intake.pk).defer("source", "document")
    )
    assessments = Assessment.objects.filter(jimu__organization=intake.organization, form=document.form)
    return {
        "intake": intake,
        "report": intake.import_report(),
        "template": template,
        "form_label": FORM_KIND_LABELS[document.form],
        "groups": groups(document, template, fragments),
        "open_count": sum(1 for f in fragments if f.is_open),
        "fragment_count": len(fragments),
        "format_errors": blocking(check(document, Level.DRAFT)),
        "can_edit": can_edit,
        "can_register": can_register,
        "same_file": list(same_file),
        "assessments": list(assessments.select_related("jimu")),
    }


@login_required
def fragment(request, pk: int, position: int):
    """One fragment with every text item of the document to choose from."""
    intake = access_intake(request.user, pk)
    context = _review_context(request.user, intake)
    groups_: list[Group] = context["groups"]
    row = next((r for g in groups_ for r in g.rows if r.fragment.position == position), None)
    if row is None:
        return redirect("intake_review", pk)
    every = text_targets(intake.imported_document(), context["template"])
    context["row"] = FragmentRow(row.fragment, row.default_target, every, row.target_label)
    return render(request, "intake/fragment.html", context)


@require_POST
@login_required
def decide(request, pk: int, position: int):
    intake = access_intake(request.user, pk)
    back = reverse("intake_review", args=[pk]) + f"#fragment-{position}"
    try:
        if request.POST.get("decision") == "discard":
            actions.discard(intake, [position], user=request.user)
            messages.success(request, "テキストを破棄しました。")
        else:
            document = intake.imported_document()
            targets = text_targets(document, get_form(document.form, document.edition))
            form = AssignForm(request.POST, targets=targets)
            if not form.is_valid():
                flash_errors(request, form)
                return redirect(back)
            actions.assign(intake, position, form.cleaned_data["target"], user=request.user)
            label = next(t.label for t in targets if t.path == form.cleaned_data["target"])
            messages.success(request, f"テキストを「{label}」に追記しました。")
    except (actions.IntakeRefused, AssignRefused) as exc:
        messages.error(request, str(exc))
    return redirect(back)


@require_POST
@login_required
def discard_open(request, pk: int):
    intake = access_intake(request.user, pk)
    try:
        count = actions.discard(intake, None, user=request.user)
    except actions.IntakeRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"未確認のテキスト{count}件を破棄しました。")
    return redirect("intake_review", pk)


@require_POST
@login_required
def register(request, pk: int):
    intake = access_intake(request.user, pk)
    context = _review_context(request.user, intake)
    form = RegisterForm(request.POST, assessments=context["assessments"])
    if form.is_valid():
        data = form.cleaned_data
        target = None
        if data["destination"] != "new":
            target = next(a for a in context["assessments"] if str(a.pk) == data["destination"])
        try:
            done = actions.register(
                intake,
                published_on=data["published_on"],
                assessment=target,
                jimu_name=data["jimu_name"],
                user=request.user,
            )
        except actions.IntakeRefused as exc:
            form.add_error(None, str(exc))
        else:
            assert done.assessment is not None
            messages.success(request, f"「{done.assessment.title}」の公表版として登録しました。")
            return redirect("assessment_detail", done.assessment.pk)
    context["register_form"] = form
    return render(request, "intake/review.html", context, status=422)


@require_POST
@login_required
def cancel(request, pk: int):
    intake = access_intake(request.user, pk)
    try:
        actions.cancel(intake, user=request.user)
    except actions.IntakeRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"「{intake.source_name}」の取り込みを取り消しました。")
    return redirect("intake_list")


@login_required
def preview(request, pk: int):
    """The imported document as the draft PDF, as it stands now."""
    intake = access_intake(request.user, pk)
    try:
        data = pdf_bytes(print_model(intake.imported_document(), draft=True, attachments=intake.figure_bytes()))
    except PiaError as exc:
        messages.error(request, f"PDFを作成できません: {exc}")
        return redirect("intake_review", pk)
    actions.record_download(intake, "preview-pdf", user=request.user)
    return attachment(data, f"{safe_name(intake.source_name)}_取り込み内容.pdf", "application/pdf")


@login_required
def source(request, pk: int):
    """The file as it was uploaded."""
    intake = access_intake(request.user, pk)
    actions.record_download(intake, "source", user=request.user)
    return attachment(
        bytes(intake.source),
        safe_name(intake.source_name),
        SOURCE_TYPES.get(intake.source_format, "application/octet-stream"),
    )
