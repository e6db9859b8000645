"""A figure of a 評価書, served to the people who may read the 評価書 (the editor's thumbnails).

The 評価書 is fetched through ``access_assessment`` (another body's, or one a 第三者点検委員 is not
assigned to, is a 404 like a hash that does not exist). The bytes are sent with the media type
recorded when they were checked (PNG or JPEG only), ``nosniff`` and inline, under the site's
Content-Security-Policy like every response (the page shows them as ``img-src 'self'``); the
URL names the content, so the browser may keep it, privately."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header

from pia.document.images import SHA256, figure_file_name
from workbench.assessments.access import access_assessment
from workbench.assessments.models import Attachment

SUFFIXES = {"image/png": "png", "image/jpeg": "jpg"}


@login_required
def figure(request, pk: int, sha256: str):
    assessment = access_assessment(request.user, pk)
    if not SHA256.match(sha256):
        raise Http404("図が見つかりません")
    row = Attachment.objects.filter(assessment=assessment, sha256=sha256).only("media_type", "data", "original_name")
    found = row.first()
    if found is None or found.media_type not in SUFFIXES:
        raise Http404("図が見つかりません")
    response = HttpResponse(bytes(found.data), content_type=found.media_type)
    name = figure_file_name(found.original_name or "figure", SUFFIXES[found.media_type])
    response["Content-Disposition"] = content_disposition_header(False, name) or "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=86400"
    return response
