"""Download a version in one of the available formats (audited)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect

from pia.errors import PiaError
from workbench.assessments import actions
from workbench.assessments.access import access_version
from workbench.assessments.attachments import attachments_for
from workbench.assessments.downloads import find_download
from workbench.assessments.revisions import baseline, edition_name, span_name
from workbench.consultation.documents import summary_input
from workbench.procedure import actions as procedure_actions
from workbench.procedure import state
from workbench.responses import attachment, safe_name


@login_required
def download(request, pk: int, number: int, key: str):
    version = access_version(request.user, pk, number)
    kind = find_download(key)
    if kind is None:
        raise Http404("この形式では出力できません")
    previous = _previous(request, pk, version) if kind.uses_previous else None
    options = {}
    if kind.uses_consultation:  # the 概要版 of the latest 意見募集 on this version or an earlier one
        consultation = state.latest_consultation(version)
        if consultation is not None:
            options["summary_input"] = summary_input(consultation)
    try:
        document, old = state.effective_document(version), previous.document() if previous else None
        data = kind.build(document, old, attachments_for(version.assessment), **options)
    except PiaError as exc:
        messages.error(request, f"{kind.label}を作成できませんでした:{exc}")
        return redirect("assessment_detail", pk)
    actions.record_download(version, key, user=request.user)
    what = span_name(previous, version) if kind.uses_previous else f"{edition_name(version)}_{version.label}"
    name = f"{safe_name(version.assessment.title)}_{safe_name(what)}{kind.file_suffix}.{kind.extension}"
    return attachment(data, name, kind.content_type)


@login_required
def submission_package(request, pk: int, number: int):
    """提出用一式 (ZIP): the full PDF/XLSX, 変更箇所, 赤字, consultation and review results."""
    version = access_version(request.user, pk, number)
    try:
        package = procedure_actions.submission_package(version, user=request.user)
    except procedure_actions.PackageRefused as refused:
        messages.error(request, str(refused))
        return redirect("assessment_detail", pk)
    except PiaError as exc:
        messages.error(request, f"提出用一式を作成できませんでした:{exc}")
        return redirect("assessment_detail", pk)
    return attachment(package.data, package.filename, "application/zip")


def _previous(request, pk: int, version):
    """What the change outputs compare with: the save chosen on the compare page (``?old=``),
    else the 公表版 the save's revision revises (None for a first edition)."""
    raw = request.GET.get("old")
    if raw and raw.isdigit():
        return access_version(request.user, pk, int(raw))
    return baseline(version)
