"""Public pages of the 意見募集 (no login): list, consultation with the submission form
(入力 → 確認 → 受付), downloads and the results 「意見の概要と市の考え方」."""

from __future__ import annotations

import logging
from uuid import uuid4

from django.db import DatabaseError
from django.http import Http404
from django.shortcuts import render
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_http_methods

from pia.errors import PiaError
from pia.forms import item_label
from pia.wareki import format_wareki
from workbench import clock
from workbench.assessments.sections import public_item_choices
from workbench.consultation import actions, ratelimit
from workbench.consultation.access import public_consultation
from workbench.consultation.contact import asked_fields
from workbench.consultation.documents import KINDS, pdf_for, summary_html_for
from workbench.consultation.forms import CommentForm
from workbench.consultation.mail import MailResult, send_receipt
from workbench.consultation.models import Consultation
from workbench.consultation.results import result_groups
from workbench.responses import attachment, safe_name

logger = logging.getLogger(__name__)

FIELDS = (*actions.SUBMISSION_FIELDS, "submission")
WEEKDAYS = "月火水木金土日"


def period_text(consultation: Consultation) -> str:
    return f"{format_wareki(consultation.opens_on)}から{format_wareki(consultation.closes_on)}まで(日本時間)"


def consultation_list(request):
    today = clock.today()
    started = Consultation.objects.filter(opens_on__lte=today, past_record=False).select_related("organization")
    rows = [{"c": c, "period": period_text(c), "open": c.is_open(today)} for c in started]
    return render(
        request,
        "consultation/public_list.html",
        {"open_rows": [r for r in rows if r["open"]], "closed_rows": [r for r in rows if not r["open"]]},
    )


def _page(request, consultation: Consultation, template: str, status: int = 200, **extra):
    context = {
        "c": consultation,
        "period": period_text(consultation),
        "closes": f"{format_wareki(consultation.closes_on)}({WEEKDAYS[consultation.closes_on.weekday()]})",
        "open": consultation.is_open(),
        "asked": asked_fields(consultation),
    }
    context.update(extra)
    return render(request, template, context, status=status)


def confirm_rows(consultation: Consultation, data: dict) -> list[tuple[str, str]]:
    """The contact details as the confirmation page lists them: those the form asked, blanks said."""
    rows = []
    for field in asked_fields(consultation):
        value = data.get(field.name, "")
        if not value:
            value = "(匿名で提出します)" if field.name == "name" and consultation.anonymous else "(記入なし)"
        rows.append((field.label, value))
    return rows


def summary_section(consultation: Consultation) -> SafeString | None:
    """The 概要版 as HTML (escaped by ``pia.render.summary_html``, public edition), or None when the
    core cannot build it (the page then points to the PDF; the form still works)."""
    try:
        return mark_safe(summary_html_for(consultation))  # every text escaped by the writer
    except PiaError:
        logger.warning("summary not rendered: consultation=%s", consultation.pk, exc_info=True)
        return None


def _detail(request, consultation: Consultation, form, status: int = 200):
    summary = summary_section(consultation)
    # the 概要版's 5. 問合せ先 is the consultation's 問合せ先・提出方法 unless the staff reworded it
    own = consultation.summary_contact.strip()
    in_summary = summary is not None and own in ("", consultation.contact.strip())
    context = {"form": form, "summary": summary, "contact_in_summary": in_summary}
    return _page(request, consultation, "consultation/public_detail.html", status, **context)


@require_http_methods(["GET", "POST"])
def consultation_detail(request, pk: int):
    consultation = public_consultation(pk)
    choices = public_item_choices(consultation.version)  # any public place of the version (pia anchors)
    if request.method == "GET":
        form = CommentForm(choices=choices, consultation=consultation) if consultation.is_open() else None
        return _detail(request, consultation, form)
    if not consultation.is_open():
        return _page(request, consultation, "consultation/public_closed.html", status=403)
    form = CommentForm(request.POST, choices=choices, consultation=consultation)
    if not form.is_valid():
        return _detail(request, consultation, form, status=422)
    if form.cleaned_data["website"]:
        return _page(request, consultation, "consultation/public_refused.html", status=400)
    step = request.POST.get("step", "confirm")
    if step == "edit":
        return _detail(request, consultation, form)
    if step != "send":
        label = item_label(choices, form.cleaned_data["item"])
        token = form.cleaned_data["submission"] or uuid4()
        return _page(
            request,
            consultation,
            "consultation/public_confirm.html",
            form=form,
            item_label=label,
            submission=token,
            contact_rows=confirm_rows(consultation, form.cleaned_data),
        )
    if ratelimit.limited(ratelimit.client_address(request)):
        return _page(request, consultation, "consultation/public_refused.html", status=429, rate_limited=True)
    submission = actions.Submission(**{name: form.cleaned_data.get(name, "") for name in FIELDS})
    try:
        comment, new = actions.submit_comment(consultation, submission)
    except actions.ConsultationError:
        return _page(request, consultation, "consultation/public_closed.html", status=403)
    except DatabaseError:
        return _page(request, consultation, "consultation/public_failed.html", status=503)
    if not new:  # the same confirmation page again: the receipt once more, no second comment or mail
        return _page(request, consultation, "consultation/public_receipt.html", comment=comment, again=True)
    mail = _receipt_mail(comment, item_label(choices, comment.item))
    return _page(request, consultation, "consultation/public_receipt.html", comment=comment, mail=mail.value)


def _receipt_mail(comment, label: str) -> MailResult:
    """After the commit: the receipt mail (if any) and its audit event; neither can undo the receipt."""
    result = send_receipt(comment, label)
    try:
        actions.record_receipt_mail(comment, result)
    except DatabaseError:
        logger.warning("receipt mail not audited: receipt=%s", comment.receipt)
    return result


def download(request, pk: int, kind: str):
    consultation = public_consultation(pk)
    if kind not in KINDS:
        raise Http404("この資料はありません")
    try:
        data = pdf_for(consultation, kind)
    except PiaError:  # a rendering failure, or the core refused the 概要版 input
        return _page(request, consultation, "consultation/public_failed.html", status=503, download=True)
    return attachment(data, f"{safe_name(consultation.title)}_{KINDS[kind]}.pdf", "application/pdf")


def results(request, pk: int):
    consultation = public_consultation(pk)
    if consultation.results_published_at is None:
        raise Http404("結果はまだ公表されていません")
    groups = result_groups(consultation)
    return _page(request, consultation, "consultation/public_results.html", groups=groups)
