"""The pages of the 再委託 許諾 workflow: the 申請's registration under a 委託契約, its page (data,
attachments, the checklist, the decision and the 通知書), and the buttons of each step.

Reads go through ``contractors.access`` (another body's 申請 is a 404); every write is one call of
``contractors.resubcontracts``. A refusal comes back at its field with an error summary (422) and
the input kept; files already chosen must be chosen again (browsers do not keep them)."""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from workbench.concurrency import StaleEditError, conflict_rows, fingerprint
from workbench.contractors import resubcontracts as workflow
from workbench.contractors.access import access_contract, access_resubcontract
from workbench.contractors.actions import RegisterRefused
from workbench.contractors.forms import AttachmentForm, CheckForm, DecisionForm, ResubcontractForm, WithdrawForm
from workbench.contractors.models import AttachmentKind, CheckState, Contract, Resubcontract, ResubcontractStatus
from workbench.files.actions import FileRefused, read_upload
from workbench.organizations.access import EDITOR_ROLES, has_role

UPLOAD_FIELDS = {
    "file_application": AttachmentKind.APPLICATION,
    "file_pledge": AttachmentKind.PLEDGE,
    "file_equivalent": AttachmentKind.EQUIVALENT,
}


def _require(user, organization, roles, what: str) -> None:
    if not has_role(user, organization, roles):
        raise PermissionDenied(f"{what}権限がありません。")


def _uploads(request, form, fields: Mapping[str, str]) -> list[workflow.Upload] | None:
    """The posted files as uploads; None (errors added at their fields) when one is too large."""
    uploads = []
    for name, kind in fields.items():
        upload = request.FILES.get(name)
        if upload is None:
            continue
        try:
            data = read_upload(upload, label=AttachmentKind(kind).label, field=name)
        except FileRefused as exc:
            form.add_error(name, str(exc))
            return None
        uploads.append(workflow.Upload(kind, upload.name or "", data))
    return uploads


def _refusal_field(field: str | None) -> str | None:
    """A refusal of a stored file names ``file_<kind>``: the registration form's field for it."""
    if field and field.startswith("file_"):
        kind = field.removeprefix("file_")
        return next((name for name, k in UPLOAD_FIELDS.items() if k == kind), field)
    return field


@login_required
def resubcontract_new(request, pk: int):
    contract = access_contract(request.user, pk)
    _require(request.user, contract.organization, EDITOR_ROLES, "再委託申請を登録する")
    links = list(contract.links.select_related("assessment"))
    if request.method != "POST":
        initial = {"link": links[0].pk} if len(links) == 1 else {}
        return _new_page(request, contract, ResubcontractForm(initial=initial, links=links))
    form = ResubcontractForm(request.POST, request.FILES, links=links)
    if form.is_valid():
        uploads = _uploads(request, form, UPLOAD_FIELDS)
        if uploads is not None:
            data = form.cleaned_data
            fields = workflow.ResubcontractFields(
                subcontractor_name=data["subcontractor_name"],
                subcontractor_number=data["subcontractor_number"],
                subcontractor_address=data["subcontractor_address"],
                work=data["work"],
                personal_data=data["personal_data"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                received_on=data["received_on"],
                link=next((k for k in links if k.pk == data["link"]), None),
            )
            try:
                resub = workflow.register_resubcontract(contract, fields, uploads, user=request.user)
            except RegisterRefused as exc:
                form.add_refusal(_refusal_field(exc.field), str(exc))
            else:
                messages.success(request, f"{resub.subcontractor_name}への再委託申請を受け付けました(状態: 受付)。")
                return redirect("resubcontract_detail", resub.pk)
    return _new_page(request, contract, form, status=422)


def _new_page(request, contract: Contract, form: ResubcontractForm, status: int = 200):
    return render(request, "contractors/resubcontract_form.html", {"contract": contract, "form": form}, status=status)


@login_required
def resubcontract_detail(request, pk: int):
    return _page(request, access_resubcontract(request.user, pk))


def _page(
    request,
    resub: Resubcontract,
    *,
    status: int = 200,
    forms: dict | None = None,
    error_item: int | None = None,
    stale: dict | None = None,
):
    user, organization = request.user, resub.organization
    items = list(resub.checklist.select_related("checked_by"))
    forms = forms or {}
    for item in items:
        bound = forms.get("check") if error_item == item.pk else None
        item.form = bound or CheckForm(  # type: ignore[attr-defined]
            initial={"state": item.state, "note": item.note, "seen": fingerprint(workflow.item_values(item))},
            prefix=f"item{item.pk}",
        )
        item.stale = stale if error_item == item.pk else None  # type: ignore[attr-defined]
    context = {
        "resub": resub,
        "contract": resub.contract,
        "attachments": list(resub.attachments.select_related("file")),
        "items": items,
        "open_count": sum(1 for i in items if i.state == CheckState.OPEN),
        "deficient_count": sum(1 for i in items if i.state == CheckState.DEFICIENT),
        "can_edit": has_role(user, organization, EDITOR_ROLES),
        "can_check": has_role(user, organization, workflow.CHECK_ROLES),
        "can_decide": has_role(user, organization, workflow.DECIDER_ROLES),
        "attachment_form": forms.get("attach") or AttachmentForm(),
        "decision_form": forms.get("decide")
        or DecisionForm(initial={"decision": "approved", "conditions": "\n".join(workflow.DEFAULT_CONDITIONS)}),
        "withdraw_form": forms.get("withdraw") or WithdrawForm(),
        "decided": resub.status in (ResubcontractStatus.APPROVED, ResubcontractStatus.REJECTED),
    }
    return render(request, "contractors/resubcontract_detail.html", context, status=status)


@require_POST
@login_required
def resubcontract_attach(request, pk: int):
    resub = access_resubcontract(request.user, pk)
    _require(request.user, resub.organization, EDITOR_ROLES, "再委託申請に書類を添付する")
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        kind = form.cleaned_data["kind"]
        uploads = _uploads(request, form, {"file_other": kind})
        if uploads is not None:
            try:
                names = workflow.add_attachments(resub, uploads, user=request.user)
            except RegisterRefused as exc:
                form.add_error("file_other", str(exc))
            else:
                messages.success(request, f"添付しました: {'、'.join(names)}")
                return redirect("resubcontract_detail", resub.pk)
    return _page(request, resub, status=422, forms={"attach": form})


@require_POST
@login_required
def resubcontract_review(request, pk: int):
    resub = access_resubcontract(request.user, pk)
    try:
        started = workflow.start_review(resub, user=request.user)
    except RegisterRefused as exc:
        messages.error(request, str(exc))
    else:
        count = started.checklist.count()
        messages.success(request, f"審査を始めました。審査項目{count}件を確認してください。")
    return redirect("resubcontract_detail", resub.pk)


@require_POST
@login_required
def resubcontract_check(request, pk: int, item_pk: int):
    resub = access_resubcontract(request.user, pk)
    item = resub.checklist.filter(pk=item_pk).first()
    if item is None:
        messages.error(request, "指定した審査項目はこの再委託申請にありません。")
        return redirect("resubcontract_detail", resub.pk)
    form = CheckForm(request.POST, prefix=f"item{item.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            checked = workflow.check_item(
                item, data["state"], data["note"], seen=data["seen"] or None, user=request.user
            )
        except RegisterRefused as exc:
            form.add_refusal(exc.field, str(exc))
        except StaleEditError as exc:
            return _stale_item(request, resub, item, exc)
        else:
            messages.success(request, f"審査項目{checked.position}を「{checked.get_state_display()}」にしました。")
            return redirect(f"{_detail_url(resub)}#item-{checked.pk}")
    return _page(request, resub, status=422, forms={"check": form}, error_item=item.pk)


def _shown_values(values) -> dict[str, str]:
    return {"state": CheckState(values["state"]).label, "note": values["note"]}


def _stale_item(request, resub: Resubcontract, item, exc: StaleEditError):
    """A colleague recorded the item after this page was shown: both values, the input kept (409)."""
    data = request.POST.copy()
    data[f"item{item.pk}-seen"] = fingerprint(exc.current)
    form = CheckForm(data, prefix=f"item{item.pk}")
    form.is_valid()
    rows = conflict_rows(CHECK_LABELS, _shown_values(exc.current), _shown_values(exc.attempted))
    return _page(request, resub, status=409, forms={"check": form}, error_item=item.pk, stale={"rows": rows})


CHECK_LABELS = {"state": "結果", "note": "メモ"}


def _detail_url(resub: Resubcontract) -> str:
    from django.urls import reverse

    return reverse("resubcontract_detail", args=[resub.pk])


@require_POST
@login_required
def resubcontract_decide(request, pk: int):
    resub = access_resubcontract(request.user, pk)
    _require(request.user, resub.organization, workflow.DECIDER_ROLES, "再委託の許諾・不許諾を決定する")
    form = DecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            decided = workflow.decide(
                resub, data["decision"], reason=data["reason"], conditions=data["conditions"], user=request.user
            )
        except RegisterRefused as exc:
            form.add_refusal(exc.field, str(exc))
        else:
            kind = "許諾通知書" if decided.status == ResubcontractStatus.APPROVED else "不許諾通知書"
            messages.success(
                request, f"「{decided.get_status_display()}」と決定し、{kind}({decided.notice_number})を作成しました。"
            )
            return redirect("resubcontract_detail", resub.pk)
    return _page(request, resub, status=422, forms={"decide": form})


@require_POST
@login_required
def resubcontract_withdraw(request, pk: int):
    resub = access_resubcontract(request.user, pk)
    _require(request.user, resub.organization, EDITOR_ROLES, "再委託申請を取下げにする")
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            workflow.withdraw(resub, form.cleaned_data["reason"], user=request.user)
        except RegisterRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "再委託申請を取下げにしました。")
    return redirect("resubcontract_detail", resub.pk)
