"""Which uploads a user may see: those of the organisations they belong to."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from workbench.intake.models import Intake
from workbench.organizations.access import organizations_of


def intakes_for(user) -> QuerySet[Intake]:
    return Intake.objects.filter(organization__in=organizations_of(user)).select_related(
        "organization", "uploaded_by", "assessment"
    )


def access_intake(user, pk: int) -> Intake:
    try:
        return intakes_for(user).get(pk=pk)
    except Intake.DoesNotExist:
        raise Http404("取り込みが見つかりません") from None
