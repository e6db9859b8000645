"""「意見の概要と市の考え方」 as PDF: public once the results are published, and for staff
(any role of the organisation; masked text only) at any time, marked 「未公表」 before."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect

from pia.render.errors import RenderError
from workbench.consultation import actions
from workbench.consultation.access import access_consultation, public_consultation
from workbench.consultation.models import Consultation
from workbench.consultation.public_views import _page
from workbench.consultation.results import results_pdf
from workbench.responses import attachment, safe_name


def _attachment(consultation: Consultation, data: bytes) -> HttpResponse:
    title = consultation.organization.results_title
    return attachment(data, f"{safe_name(consultation.title)}_{title}.pdf", "application/pdf")


def public_results_pdf(request, pk: int):
    consultation = public_consultation(pk)
    if consultation.results_published_at is None:
        raise Http404("結果はまだ公表されていません")
    try:
        data = results_pdf(consultation)
    except RenderError:
        return _page(request, consultation, "consultation/public_failed.html", status=503, download=True)
    return _attachment(consultation, data)


@login_required
def staff_results_pdf(request, pk: int):
    consultation = access_consultation(request.user, pk)
    try:
        data = results_pdf(consultation)
    except RenderError as exc:
        messages.error(request, f"「{consultation.organization.results_title}」を作成できませんでした:{exc}")
        return redirect("consultation_staff", pk)
    actions.record_export(consultation, "results-pdf", user=request.user)
    return _attachment(consultation, data)
