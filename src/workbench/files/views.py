"""Serving a stored file: to the members of its organisation only (``access``), always as a
download (``Content-Disposition: attachment`` with the RFC 5987 ``filename*``), with the media type
detected when it was kept and ``X-Content-Type-Options: nosniff``: the browser never renders it
in the workbench's origin."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.views.decorators.http import require_GET

from workbench.files import store
from workbench.files.access import access_file
from workbench.responses import attachment


@require_GET
@login_required
def download_by_parts(request, organization: int, token: str):
    stored = access_file(request.user, f"{organization}/{token}")
    try:
        data = store.read(stored.key)
    except OSError:
        raise Http404("ファイルの中身が見つかりません") from None
    response = attachment(data, stored.name, stored.media_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
