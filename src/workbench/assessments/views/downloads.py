"""Download a version in one of the available formats (audited)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect

from pia.changes import DiffError
from pia.render.errors import RenderError
from workbench.assessments import actions
from workbench.assessments.access import access_version
from workbench.assessments.downloads import find_download


@login_required
def download(request, pk: int, number: int, key: str):
    version = access_version(request.user, pk, number)
    kind = find_download(key)
    if kind is None:
        raise Http404("この形式では出力できません")
    previous = _previous(request, pk, version) if kind.uses_previous else None
    try:
        data = kind.build(version.document(), previous.document() if previous else None)
    except (RenderError, DiffError, ValueError) as exc:
        messages.error(request, f"{kind.label}を作成できませんでした:{exc}")
        return redirect("assessment_detail", pk)
    actions.record_download(request.user, version, key)
    response = HttpResponse(data, content_type=kind.content_type)
    name = f"assessment-{pk}-v{version.number}.{kind.extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _previous(request, pk: int, version):
    raw = request.GET.get("old")
    if raw and raw.isdigit():
        return access_version(request.user, pk, int(raw))
    if version.parent_id is None:
        return None
    return access_version(request.user, pk, version.parent.number)
