"""Downloads: every file the workbench hands out goes through ``attachment``."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from pia.package import FORBIDDEN_NAME_CHARS


def attachment(data: bytes | str, filename: str, content_type: str) -> HttpResponse:
    """The file as an attachment under ``filename``. Japanese names are sent as RFC 5987
    ``filename*`` (with an ASCII fallback), so browsers save 「住基 全項目評価書_第2版.pdf」 as such."""
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    return response


def safe_name(text: str) -> str:
    """A title usable in a file name on Windows file servers (no \\ / : * ? " < > |)."""
    cleaned = "".join("_" if ch in _UNSAFE else ch for ch in text).strip(" .")
    return cleaned[:80] or "file"


_UNSAFE = FORBIDDEN_NAME_CHARS | {"/"}
