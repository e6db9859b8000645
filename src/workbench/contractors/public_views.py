"""The public 委託先 list (no login): /kohyo/<organisation>/itakusaki/, linked from the
organisation's publication page (``contractors.public``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from pia.wareki import format_wareki
from workbench.contractors.public import public_entries
from workbench.organizations.models import Organization


def public_contractors(request: HttpRequest, org_pk: int) -> HttpResponse:
    organization = get_object_or_404(Organization, pk=org_pk)
    entries, changed = public_entries(organization)
    updated = format_wareki(timezone.localtime(changed).date()) if changed else ""  # 更新日, a day
    context = {"organization": organization, "entries": entries, "updated": updated}
    return render(request, "contractors/public_list.html", context)
