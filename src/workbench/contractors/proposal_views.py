"""The edits the register proposes to the 評価書 (``contractors.proposals``): shown on their own
page from the contract page, each confirmed by the user."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from workbench.assessments.actions import ConflictError, FormatRefused, NoChangeError
from workbench.contractors.access import access_contract
from workbench.contractors.proposals import accept_proposal, proposals_for
from workbench.organizations.access import EDITOR_ROLES, has_role


@login_required
def contract_proposals(request, pk: int):
    contract = access_contract(request.user, pk)
    context = {
        "contract": contract,
        "proposals": proposals_for(contract),
        "can_edit": has_role(request.user, contract.organization, EDITOR_ROLES),
    }
    return render(request, "contractors/proposals.html", context)


@require_POST
@login_required
def contract_proposal_accept(request, pk: int):
    contract = access_contract(request.user, pk)
    if not has_role(request.user, contract.organization, EDITOR_ROLES):
        raise PermissionDenied("評価書に委託先名を反映する権限がありません。")
    try:
        link_pk, base = int(request.POST.get("link", "")), int(request.POST.get("base", ""))
    except ValueError:
        messages.error(request, "どの提案を反映するかが分かりませんでした。もう一度選んでください。")
        return redirect("contract_proposals", contract.pk)
    try:
        field = request.POST.get("field", "contractor_name")
        version = accept_proposal(contract, link_pk, base, field=field, user=request.user)
    except ConflictError as exc:
        messages.error(request, f"{exc}提案を作り直しました。内容を確かめてから反映してください。")
    except (LookupError, NoChangeError, FormatRefused) as exc:
        messages.error(request, str(exc) or "この提案は反映できませんでした。")
    else:
        messages.success(
            request,
            f"評価書「{version.assessment.title}」の記載を台帳に合わせて更新し、{version.label}として保存しました。",
        )
    return redirect("contract_proposals", contract.pk)
