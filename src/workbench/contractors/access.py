"""Which 委託先 and 委託契約 a user may see: those of the organisations where they hold a role other
than 第三者点検委員 (a member who is only that sees the 評価書 of their rounds, not the register:
ADR 0010). Anything else is a 404, with no hint that it exists."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from workbench.assessments.access import full_view_organizations
from workbench.contractors.models import Contract, Contractor, Resubcontract
from workbench.organizations.access import EDITOR_ROLES, has_role


def register_organizations(user):
    """The organisations whose register the user sees, by name."""
    return full_view_organizations(user).order_by("name", "pk")


def editable_organizations(user) -> list:
    return [o for o in register_organizations(user) if has_role(user, o, EDITOR_ROLES)]


def contractors_for(user) -> QuerySet[Contractor]:
    return Contractor.objects.filter(organization__in=full_view_organizations(user)).select_related("organization")


def contracts_for(user) -> QuerySet[Contract]:
    return Contract.objects.filter(organization__in=full_view_organizations(user)).select_related(
        "organization", "contractor"
    )


def access_contractor(user, pk: int) -> Contractor:
    try:
        return contractors_for(user).get(pk=pk)
    except Contractor.DoesNotExist:
        raise Http404("委託先が見つかりません") from None


def access_contract(user, pk: int) -> Contract:
    try:
        return contracts_for(user).get(pk=pk)
    except Contract.DoesNotExist:
        raise Http404("委託契約が見つかりません") from None


def resubcontracts_for(user) -> QuerySet[Resubcontract]:
    return Resubcontract.objects.filter(organization__in=full_view_organizations(user)).select_related(
        "organization", "contract__contractor", "link__assessment"
    )


def access_resubcontract(user, pk: int) -> Resubcontract:
    try:
        return resubcontracts_for(user).get(pk=pk)
    except Resubcontract.DoesNotExist:
        raise Http404("再委託申請が見つかりません") from None
