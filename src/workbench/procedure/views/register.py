"""The 特定個人情報保護評価計画管理書 of an organisation (ADR 0021): the page, XLSX and PDF.

Members with a role other than 第三者点検委員 see it (as the dashboard's 評価書, ADR 0010);
another organisation's register is a 404, with no hint that it exists. Downloads are audited."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from pia.errors import PiaError
from pia.plan import columns, reconstructed_note
from pia.plan.model import ROW_COLUMNS, register_rows
from pia.render.plan import plan_pdf_bytes, plan_xlsx_bytes
from workbench import clock
from workbench.assessments.access import full_view_organizations
from workbench.procedure import actions
from workbench.procedure.register import build_register
from workbench.responses import attachment, safe_name

FORMATS = {
    "xlsx": (plan_xlsx_bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pdf": (plan_pdf_bytes, "application/pdf"),
}


def _organization(user, pk: int):
    found = full_view_organizations(user).filter(pk=pk).first()
    if found is None:
        raise Http404("団体が見つかりません")
    return found


@login_required
def register_index(request):
    """One organisation: its register; several: the list to choose from."""
    organizations = list(full_view_organizations(request.user).order_by("name", "pk"))
    if len(organizations) == 1:
        return redirect("plan_register", organizations[0].pk)
    return render(request, "procedure/register_index.html", {"organizations": organizations})


@login_required
def register(request, pk: int):
    organization = _organization(request.user, pk)
    built = build_register(organization, clock.today())
    known = columns()
    entries = built.register.sorted_entries()
    rows = [
        {"cells": dict(zip(ROW_COLUMNS, cells, strict=True)), "assessment": built.assessments.get(entry.ref)}
        for entry, cells in zip(entries, register_rows(built.register), strict=True)
    ]
    return render(
        request,
        "procedure/register.html",
        {
            "organization": organization,
            "built": built,
            "rows": rows,
            "headings": {key: known[key].heading for key in known},
            "note": reconstructed_note(),
        },
    )


@login_required
def register_download(request, pk: int, fmt: str):
    organization = _organization(request.user, pk)
    if fmt not in FORMATS:
        raise Http404("この形式では出力できません")
    writer, content_type = FORMATS[fmt]
    built = build_register(organization, clock.today())
    try:
        data = writer(built.register, built.findings)
    except PiaError as exc:
        messages.error(request, f"計画管理書を作成できませんでした:{exc}")
        return redirect("plan_register", pk)
    actions.record_register_download(organization, fmt, user=request.user)
    return attachment(data, f"{safe_name(organization.name)}_特定個人情報保護評価計画管理書.{fmt}", content_type)
