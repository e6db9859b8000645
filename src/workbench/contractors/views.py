"""The pages of the 委託先 register: the register, a 委託先 and a 委託契約 (each with its edit page),
and reading a 評価書's 委託事項 into the register (from the 評価書 page).

Reads go through ``contractors.access`` (another body's 委託先 is a 404); every write is one call
of ``contractors.actions``. A refusal comes back at its field with the input kept (HTTP 422); a
form shown before a colleague saved comes back with both versions (409)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from workbench.assessments.access import access_assessment, assessments_for
from workbench.assessments.models import Assessment
from workbench.concurrency import StaleEditError, conflict_rows, fingerprint
from workbench.contractors import actions
from workbench.contractors.access import (
    access_contract,
    access_contractor,
    contractors_for,
    contracts_for,
    editable_organizations,
    register_organizations,
)
from workbench.contractors.forms import CertificationForm, ContractForm, ContractorForm, LinkForm
from workbench.contractors.models import (
    Contract,
    ContractLink,
    Contractor,
    ContractStatus,
    Resubcontract,
    ResubcontractStatus,
)
from workbench.organizations.access import EDITOR_ROLES, has_role

TARGET_SEPARATOR = "|"


def _can_edit(user, organization) -> bool:
    return has_role(user, organization, EDITOR_ROLES)


def _require_edit(user, organization, what: str) -> None:
    if not _can_edit(user, organization):
        raise PermissionDenied(f"{what}権限がありません。")


# --- the register -----------------------------------------------------------------------------


@dataclass
class OrganizationRegister:
    organization: Any
    contractors: list[Contractor]
    undecided: list[Contract]  # contracts whose 委託先 is not decided yet
    can_edit: bool


@login_required
def register(request):
    """Every 委託先 of the user's organisations with their contracts and the 評価書 each serves,
    and the contracts whose 委託先 is still 未定 with their expected dates."""
    approved = Prefetch(
        "resubcontracts",
        queryset=Resubcontract.objects.filter(status=ResubcontractStatus.APPROVED).order_by("pk"),
        to_attr="approved_resubcontracts",
    )
    contracts = list(contracts_for(request.user).prefetch_related("links__assessment", approved))
    by_contractor: dict[int | None, list[Contract]] = defaultdict(list)
    for contract in contracts:
        by_contractor[contract.contractor_id].append(contract)
    contractors = list(contractors_for(request.user).prefetch_related("certifications"))
    for contractor in contractors:
        contractor.register_contracts = by_contractor.get(contractor.pk, [])  # type: ignore[attr-defined]
    sections = [
        OrganizationRegister(
            organization,
            [c for c in contractors if c.organization_id == organization.pk],
            [c for c in by_contractor.get(None, []) if c.organization_id == organization.pk],
            _can_edit(request.user, organization),
        )
        for organization in register_organizations(request.user)
    ]
    return render(request, "contractors/register.html", {"sections": sections})


# --- 委託先 ---------------------------------------------------------------------------------------


def _contractor_fields(data: dict[str, Any]) -> actions.ContractorFields:
    return actions.ContractorFields(
        name=data["name"],
        corporate_number=data["corporate_number"],
        address=data["address"],
        contact_person=data["contact_person"],
        phone=data["phone"],
        email=data["email"],
        notes=data["notes"],
    )


@login_required
def contractor_new(request):
    organizations = editable_organizations(request.user)
    if not organizations:
        raise PermissionDenied("委託先を登録する権限がありません。")
    if request.method == "POST":
        form = ContractorForm(request.POST, organizations=organizations)
        if form.is_valid():
            organization = next((o for o in organizations if o.pk == form.cleaned_data["organization"]), None)
            if organization is None:
                form.add_error("organization", "「団体」を選び直してください。")
            else:
                try:
                    contractor = actions.create_contractor(
                        organization, _contractor_fields(form.cleaned_data), user=request.user
                    )
                except actions.RegisterRefused as exc:
                    form.add_refusal(exc.field, str(exc))
                else:
                    messages.success(request, f"委託先「{contractor.name}」を登録しました。")
                    return redirect("contractor_detail", contractor.pk)
        return _contractor_form(request, form, None, status=422)
    return _contractor_form(request, ContractorForm(organizations=organizations), None)


def _contractor_form(request, form: ContractorForm, contractor: Contractor | None, *, status: int = 200, stale=None):
    context = {"form": form, "contractor": contractor, "stale": stale}
    return render(request, "contractors/contractor_form.html", context, status=status)


@login_required
def contractor_detail(request, pk: int):
    contractor = access_contractor(request.user, pk)
    return _contractor_page(request, contractor)


def _contractor_page(
    request, contractor: Contractor, certification_form: CertificationForm | None = None, status: int = 200
):
    visible = set(assessments_for(request.user).values_list("pk", flat=True))
    contracts = list(contractor.contracts.prefetch_related("links__assessment"))
    for contract in contracts:
        contract.visible_links = [link for link in contract.links.all() if link.assessment_id in visible]  # type: ignore[attr-defined]
    context = {
        "contractor": contractor,
        "certifications": list(contractor.certifications.all()),
        "contracts": contracts,
        "can_edit": _can_edit(request.user, contractor.organization),
        "certification_form": certification_form or CertificationForm(),
    }
    return render(request, "contractors/contractor_detail.html", context, status=status)


@login_required
def contractor_edit(request, pk: int):
    contractor = access_contractor(request.user, pk)
    _require_edit(request.user, contractor.organization, "委託先を変更する")
    organizations = [contractor.organization]
    stored = actions.contractor_values(contractor)
    if request.method != "POST":
        initial = {**stored, "organization": contractor.organization.pk, "seen": fingerprint(stored)}
        return _contractor_form(request, ContractorForm(initial=initial, organizations=organizations), contractor)
    form = ContractorForm(request.POST, organizations=organizations)
    if form.is_valid():
        fields = _contractor_fields(form.cleaned_data)
        try:
            actions.edit_contractor(contractor, fields, seen=form.cleaned_data["seen"] or None, user=request.user)
        except actions.RegisterRefused as exc:
            form.add_refusal(exc.field, str(exc))
        except StaleEditError as exc:
            return _stale_contractor(request, contractor, exc)
        else:
            messages.success(request, f"委託先「{fields.name.strip()}」を保存しました。")
            return redirect("contractor_detail", contractor.pk)
    return _contractor_form(request, form, contractor, status=422)


def _stale_contractor(request, contractor: Contractor, exc: StaleEditError):
    data = request.POST.copy()
    data["seen"] = fingerprint(exc.current)
    form = ContractorForm(data, organizations=[contractor.organization])
    form.is_valid()
    stale = {"rows": conflict_rows(actions.CONTRACTOR_LABELS, exc.current, exc.attempted)}
    return _contractor_form(request, form, contractor, status=409, stale=stale)


@require_POST
@login_required
def certification_add(request, pk: int):
    contractor = access_contractor(request.user, pk)
    _require_edit(request.user, contractor.organization, "委託先の認証を登録する")
    form = CertificationForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            certification = actions.add_certification(
                contractor,
                data["kind"],
                name=data["name"],
                number=data["number"],
                expires_on=data["expires_on"],
                user=request.user,
            )
        except actions.RegisterRefused as exc:
            form.add_refusal(exc.field, str(exc))
        else:
            messages.success(request, f"認証「{certification.label}」を登録しました。")
            return redirect("contractor_detail", contractor.pk)
    return _contractor_page(request, contractor, form, status=422)


@require_POST
@login_required
def certification_remove(request, pk: int, certification_pk: int):
    contractor = access_contractor(request.user, pk)
    certification = contractor.certifications.filter(pk=certification_pk).first()
    if certification is None:
        messages.error(request, "指定した認証はこの委託先にありません(すでに削除されています)。")
        return redirect("contractor_detail", contractor.pk)
    actions.remove_certification(certification, user=request.user)
    messages.success(request, f"認証「{certification.label}」を削除しました。")
    return redirect("contractor_detail", contractor.pk)


# --- 委託契約 -------------------------------------------------------------------------------------


def _contract_fields(form: ContractForm, contractors: list[Contractor]) -> actions.ContractFields:
    data = form.cleaned_data
    contractor = next((c for c in contractors if c.pk == data["contractor"]), None)
    return actions.ContractFields(
        name=data["name"],
        contractor=contractor,
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
        expected_on=data["expected_on"],
        expected_precision=data["expected_precision"],
        expected_text=data["expected_text"],
        notes=data["notes"],
    )


def _contractor_choices(organizations) -> list[Contractor]:
    return list(Contractor.objects.filter(organization__in=organizations).select_related("organization"))


@login_required
def contract_new(request):
    organizations = editable_organizations(request.user)
    if not organizations:
        raise PermissionDenied("委託契約を登録する権限がありません。")
    contractors = _contractor_choices(organizations)
    if request.method == "POST":
        form = ContractForm(request.POST, organizations=organizations, contractors=contractors)
        if form.is_valid():
            organization = next((o for o in organizations if o.pk == form.cleaned_data["organization"]), None)
            if organization is None:
                form.add_error("organization", "「団体」を選び直してください。")
            else:
                try:
                    contract = actions.create_contract(
                        organization, _contract_fields(form, contractors), user=request.user
                    )
                except actions.RegisterRefused as exc:
                    form.add_refusal(exc.field, str(exc))
                else:
                    messages.success(request, f"委託契約「{contract.name}」を登録しました(状態: 予定)。")
                    return redirect("contract_detail", contract.pk)
        return _contract_form(request, form, None, status=422)
    initial: dict[str, Any] = {}
    chosen = request.GET.get("contractor", "")
    if chosen.isdigit() and any(c.pk == int(chosen) for c in contractors):
        initial["contractor"] = int(chosen)
    form = ContractForm(initial=initial, organizations=organizations, contractors=contractors)
    return _contract_form(request, form, None)


def _contract_form(request, form: ContractForm, contract: Contract | None, *, status: int = 200, stale=None):
    context = {"form": form, "contract": contract, "stale": stale}
    return render(request, "contractors/contract_form.html", context, status=status)


def _contract_initial(contract: Contract) -> dict[str, Any]:
    return {
        "organization": contract.organization.pk,
        "name": contract.name,
        "contractor": contract.contractor_id,
        "starts_on": contract.starts_on.isoformat() if contract.starts_on else "",
        "ends_on": contract.ends_on.isoformat() if contract.ends_on else "",
        "expected_on": contract.expected_on.isoformat() if contract.expected_on else "",
        "expected_precision": contract.expected_precision,
        "expected_text": contract.expected_text,
        "notes": contract.notes,
        "seen": fingerprint(actions.contract_values(contract)),
    }


@login_required
def contract_edit(request, pk: int):
    contract = access_contract(request.user, pk)
    _require_edit(request.user, contract.organization, "委託契約を変更する")
    organizations = [contract.organization]
    contractors = _contractor_choices(organizations)
    if request.method != "POST":
        form = ContractForm(initial=_contract_initial(contract), organizations=organizations, contractors=contractors)
        return _contract_form(request, form, contract)
    form = ContractForm(request.POST, organizations=organizations, contractors=contractors)
    if form.is_valid():
        try:
            actions.edit_contract(
                contract, _contract_fields(form, contractors), seen=form.cleaned_data["seen"] or None, user=request.user
            )
        except actions.RegisterRefused as exc:
            form.add_refusal(exc.field, str(exc))
        except StaleEditError as exc:
            data = request.POST.copy()
            data["seen"] = fingerprint(exc.current)
            stale_form = ContractForm(data, organizations=organizations, contractors=contractors)
            stale_form.is_valid()
            stale = {"rows": conflict_rows(actions.CONTRACT_LABELS, exc.current, exc.attempted)}
            return _contract_form(request, stale_form, contract, status=409, stale=stale)
        else:
            messages.success(request, f"委託契約「{form.cleaned_data['name'].strip()}」を保存しました。")
            return redirect("contract_detail", contract.pk)
    return _contract_form(request, form, contract, status=422)


def _link_targets(user, contract: Contract) -> list[tuple[str, list[tuple[str, str]]]]:
    """The 委託事項 of the latest save of every 評価書 of the contract's organisation the user sees,
    grouped by 評価書 (option groups), without those already linked to this contract."""
    linked = set(contract.links.values_list("assessment_id", "element_path"))
    groups = []
    for assessment in assessments_for(user).filter(jimu__organization=contract.organization).order_by("title", "pk"):
        _, entries = actions.assessment_entrustments(assessment)
        options = [
            (f"{assessment.pk}{TARGET_SEPARATOR}{e.path}", e.label)
            for e in entries
            if (assessment.pk, e.path) not in linked
        ]
        if options:
            groups.append((assessment.title, options))
    return groups


@login_required
def contract_detail(request, pk: int):
    contract = access_contract(request.user, pk)
    return _contract_page(request, contract)


def _contract_page(request, contract: Contract, link_form: LinkForm | None = None, status: int = 200):
    can_edit = _can_edit(request.user, contract.organization)
    visible = set(assessments_for(request.user).values_list("pk", flat=True))
    links = [link for link in contract.links.select_related("assessment", "linked_by") if link.assessment_id in visible]
    targets = _link_targets(request.user, contract) if can_edit else []
    resubcontracts = list(contract.resubcontracts.order_by("-received_on", "-pk"))
    context = {
        "contract": contract,
        "resubcontracts": resubcontracts,
        "approved_subcontractors": [r for r in resubcontracts if r.status == ResubcontractStatus.APPROVED],
        "links": links,
        "can_edit": can_edit,
        "transitions": [ContractStatus(t) for t in actions.allowed_targets(contract)],
        "link_form": link_form or LinkForm(targets=targets),
        "has_targets": bool(targets),
    }
    return render(request, "contractors/contract_detail.html", context, status=status)


@require_POST
@login_required
def contract_status(request, pk: int):
    contract = access_contract(request.user, pk)
    try:
        updated = actions.set_status(contract, request.POST.get("status", ""), user=request.user)
    except actions.RegisterRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"委託契約「{updated.name}」を「{updated.get_status_display()}」にしました。")
    return redirect("contract_detail", contract.pk)


@require_POST
@login_required
def contract_link(request, pk: int):
    contract = access_contract(request.user, pk)
    _require_edit(request.user, contract.organization, "委託契約と委託事項を紐付ける")
    form = LinkForm(request.POST, targets=_link_targets(request.user, contract))
    if form.is_valid():
        assessment_pk, _, path = form.cleaned_data["target"].partition(TARGET_SEPARATOR)
        assessment = access_assessment(request.user, int(assessment_pk))
        try:
            created = actions.link(contract, assessment, path, user=request.user)
        except actions.RegisterRefused as exc:
            form.add_error("target", str(exc))
        else:
            messages.success(request, f"「{created.item_label}」({assessment.title})を紐付けました。")
            return redirect("contract_detail", contract.pk)
    return _contract_page(request, contract, form, status=422)


@require_POST
@login_required
def contract_unlink(request, pk: int, link_pk: int):
    contract = access_contract(request.user, pk)
    link_ = ContractLink.objects.filter(contract=contract, pk=link_pk).select_related("assessment").first()
    if link_ is None or not assessments_for(request.user).filter(pk=link_.assessment_id).exists():
        messages.error(request, "指定した紐付けはこの委託契約にありません(すでに解除されています)。")
        return redirect("contract_detail", contract.pk)
    actions.unlink(link_, user=request.user)
    messages.success(request, f"「{link_.item_label}」({link_.assessment.title})の紐付けを解除しました。")
    return redirect("contract_detail", contract.pk)


# --- from a 評価書 ------------------------------------------------------------------------------


@require_POST
@login_required
def import_assessment(request, pk: int):
    """The button on the 評価書 page: read its 委託事項 into the register and say what happened."""
    assessment: Assessment = access_assessment(request.user, pk)
    result = actions.import_from_assessment(assessment, user=request.user)
    messages.success(request, f"「{assessment.title}」の{result.summary()}")
    for line in result.contractors_created:
        messages.info(request, f"委託先を登録しました: {line}")
    for line in result.contractors_matched:
        messages.info(request, f"登録済みの委託先と照合しました: {line}")
    for line in result.contracts_created:
        messages.info(request, f"委託契約を登録しました: {line}")
    for line in result.contracts_matched:
        messages.info(request, f"登録済みの委託契約に紐付けました: {line}")
    return redirect("contractor_register")
