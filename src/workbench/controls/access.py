"""Which controls and 見直し a user may see: those of the organisations where they hold a role
other than 第三者点検委員 (ADR 0010, as the 委託先 register). Anything else is a 404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from workbench.assessments.access import access_assessment, full_view_organizations
from workbench.assessments.models import Assessment
from workbench.controls.models import Control
from workbench.organizations.access import EDITOR_ROLES, has_role


def can_edit(user, organization) -> bool:
    """Create controls, record checks and 見直し: the roles that edit a 評価書 (管理者, 作成者)."""
    return has_role(user, organization, EDITOR_ROLES)


def controls_for(user) -> QuerySet[Control]:
    return Control.objects.filter(organization__in=full_view_organizations(user)).select_related(
        "organization", "assessment", "assessment__jimu", "owner"
    )


def access_control(user, pk: int) -> Control:
    try:
        return controls_for(user).get(pk=pk)
    except Control.DoesNotExist:
        raise Http404("管理項目が見つかりません") from None


def access_controlled_assessment(user, pk: int) -> Assessment:
    """The 評価書 whose controls the user may see: visible to them and of an organisation where
    they hold a role other than 第三者点検委員 (a 第三者点検委員 who sees the 評価書 of a round
    still gets a 404 here)."""
    assessment = access_assessment(user, pk)
    if not full_view_organizations(user).filter(pk=assessment.jimu.organization_id).exists():
        raise Http404("評価書が見つかりません")
    return assessment
