"""第三者点検 / 承認 pages: the round shows its exact version read-only (the core's HTML print),
reviewers add remarks anchored to any place of it (item, repeat element, option), staff answer
them and record the result; the save item by item, read-only, links each place to the remark form."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from pia.render import html_fragment
from pia.render.errors import RenderError
from workbench.assessments.access import access_version, latest_saves
from workbench.assessments.attachments import print_model_for
from workbench.assessments.editor.render import SectionRenderer
from workbench.assessments.editor.session import section_item, template_of
from workbench.concurrency import StaleEditError, conflict_rows, fingerprint
from workbench.organizations.access import EDITOR_ROLES, has_role
from workbench.organizations.models import Role
from workbench.responses import attachment, safe_name
from workbench.reviews import actions, places
from workbench.reviews.access import access_remark, access_round, rounds_for
from workbench.reviews.report import review_pdf


@login_required
def round_list(request):
    candidates = latest_saves(request.user)
    for row in candidates:
        row["reviewers"] = actions.organization_reviewers(row["assessment"].organization)
    return render(request, "reviews/list.html", {"rounds": rounds_for(request.user), "candidates": candidates})


def _chosen_reviewers(request, organization) -> list:
    """The 第三者点検委員 ticked in the form (only members holding that role can be chosen)."""
    ids = {int(v) for v in request.POST.getlist("reviewers") if v.isdecimal()}
    return list(actions.organization_reviewers(organization).filter(pk__in=ids))


@require_POST
@login_required
def start(request, pk: int, number: int):
    version = access_version(request.user, pk, number)
    reviewers = _chosen_reviewers(request, version.assessment.organization)
    try:
        round_ = actions.start_round(version, reviewers, user=request.user)
    except actions.ReviewError as exc:
        messages.error(request, str(exc))
        return redirect("review_list")
    messages.success(request, f"{version.label}の{round_.get_kind_display()}を開始しました。")
    return redirect("review_round", round_.pk)


@require_POST
@login_required
def change_reviewers(request, pk: int):
    """管理者 change who is assigned to the round (audited)."""
    round_ = access_round(request.user, pk)
    try:
        actions.set_reviewers(round_, _chosen_reviewers(request, round_.organization), user=request.user)
    except actions.ReviewError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "担当の第三者点検委員を変更しました。")
    return redirect("review_round", pk)


@login_required
def round_detail(request, pk: int):
    return _round_page(request, access_round(request.user, pk))


def _round_page(
    request, round_, stale: dict[str, Any] | None = None, status: int = 200, draft: dict[str, str] | None = None
):
    """The round with its printed version and remarks; ``stale``: a remark whose answer a colleague
    saved while this user was typing (its rows, the user's input and the new fingerprint);
    ``draft``: the remark being written (its section, place and text, kept when it was refused or
    the list of places was narrowed to another section)."""
    document = round_.version.document()
    anchors = places.Places(document)
    try:
        printed = mark_safe(_printed(round_.version.assessment, document))  # the core escapes the values
    except RenderError as exc:
        printed = None
        messages.error(request, f"評価書を表示できませんでした:{exc}")
    rows = [
        {
            "r": r,
            "number": number,  # as the report numbers them (in the order they were made)
            "item": anchors.label(r.path),
            "seen": fingerprint(actions.remark_values(r)),
            "link": anchors.link(round_, r.path),
        }
        for number, r in enumerate(round_.remarks.select_related("author").order_by("pk"), start=1)
    ]
    draft = draft or {"path": request.GET.get("path", ""), "section": request.GET.get("section", ""), "text": ""}
    org = round_.organization
    context = {
        "round": round_,
        "printed": printed,
        "remarks": rows,
        "remark_groups": anchors.grouped(rows),
        "form": anchors.form(draft),
        "reviewer": has_role(request.user, org, (Role.REVIEWER,)) and actions.is_assigned(request.user, round_),
        "editor": has_role(request.user, org, EDITOR_ROLES),
        "assigned": round_.reviewers.order_by("username"),
        "assignable": actions.organization_reviewers(org) if has_role(request.user, org, (Role.ADMIN,)) else None,
        "stale": stale,
    }
    return render(request, "reviews/round.html", context, status=status)


@login_required
def round_items(request, pk: int):
    """The round's save read-only, one top-level section a page, every section, element and item
    with its id (``f-…``, the editor's anchors) and, for the round's reviewers while it is open, an
    「この箇所に指摘する」 link to the remark form with that place chosen."""
    round_ = access_round(request.user, pk)
    document = round_.version.document()
    template = template_of(document)
    section = section_item(template, request.GET.get("section"))
    anchors = places.Places(document)
    writes = not round_.closed and has_role(request.user, round_.organization, (Role.REVIEWER,))
    writes = writes and actions.is_assigned(request.user, round_)
    link = anchors.remark_link(round_) if writes else None
    html = SectionRenderer(document, template, {}, False, place_link=link).render(section)
    context = {"round": round_, "section": section, "sections": anchors.sections(), "section_html": html}
    return render(request, "reviews/items.html", context)


@login_required
def round_pdf(request, pk: int):
    """The 点検結果 as PDF for everyone who can see the round (open rounds say 「点検中」)."""
    round_ = access_round(request.user, pk)
    try:
        data = review_pdf(round_)
    except RenderError as exc:
        messages.error(request, f"{round_.get_kind_display()}の結果を作成できませんでした:{exc}")
        return redirect("review_round", pk)
    actions.record_report(round_, user=request.user)
    version = round_.version
    name = f"{safe_name(version.assessment.title)}_{version.label}_{round_.get_kind_display()}の結果.pdf"
    return attachment(data, name, "application/pdf")


def _printed(assessment, document) -> str:
    """The core's HTML print of the version (its figures inline); its ``main`` becomes a ``div``
    inside our page's."""
    fragment = html_fragment(print_model_for(assessment, document))
    return fragment.replace("<main>", '<div class="printed">', 1).replace("</main>", "</div>", 1)


@require_POST
@login_required
def add_remark(request, pk: int):
    """Record a remark at a place of the round's save. 「箇所の一覧を更新」 (``op=narrow``, also sent
    by htmx when the section changes) shows the places of the chosen section, nothing recorded;
    a refused remark comes back with everything typed and the reason."""
    round_ = access_round(request.user, pk)
    post = request.POST
    draft = {"path": post.get("path", ""), "section": post.get("section", ""), "text": post.get("text", "")}
    if post.get("op") == "narrow":
        draft["path"] = ""
        return _round_page(request, round_, draft=draft)
    if not places.Places(round_.version.document()).offers(draft["path"]):
        messages.error(request, f"「該当箇所」は{round_.version.label}にある箇所を一覧から選んでください。")
        return _round_page(request, round_, draft=draft, status=422)
    try:
        actions.add_remark(round_, draft["path"], draft["text"], user=request.user)
    except actions.ReviewError as exc:
        messages.error(request, str(exc))
        return _round_page(request, round_, draft=draft, status=422)
    messages.success(request, "指摘を記録しました。")
    return redirect("review_round", pk)


ANSWER_LABELS = {"answer": "回答", "resolved": "対応済み"}


@require_POST
@login_required
def answer(request, pk: int, remark_pk: int):
    remark = access_remark(request.user, pk, remark_pk)
    post = request.POST
    try:
        actions.answer_remark(
            remark, post.get("answer", ""), post.get("resolved") == "1", seen=post.get("seen"), user=request.user
        )
    except actions.ReviewError as exc:
        messages.error(request, str(exc))
    except StaleEditError as stale:
        rows = conflict_rows(ANSWER_LABELS, stale.current, stale.attempted)
        context = {"remark": remark.pk, "rows": rows, "mine": stale.attempted, "seen": fingerprint(stale.current)}
        return _round_page(request, remark.round, context, status=409)
    else:
        messages.success(request, "回答を記録しました。")
    return redirect("review_round", pk)


def _date(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


@require_POST
@login_required
def close(request, pk: int):
    round_ = access_round(request.user, pk)
    post = request.POST
    try:
        actions.close_round(
            round_,
            result=post.get("result", ""),
            applied_on=_date(post.get("applied_on", "")),
            approved_on=_date(post.get("approved_on", "")),
            user=request.user,
        )
    except actions.ReviewError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{round_.get_kind_display()}の結果を記録しました。")
    return redirect("review_round", pk)
