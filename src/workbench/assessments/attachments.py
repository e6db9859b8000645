"""The figures of a 評価書 ((別添1) 事務の内容の図): their bytes kept in ``Attachment`` rows, and
what every print, check and page of the workbench reads them through.

A save's image item holds references only (``pia.document.images``: file, sha256, media_type,
caption); the bytes are kept once per 評価書 and content (unique sha256), so every save that keeps
a figure shares its row, and a row is never deleted (a published save is evidence of what was
published). ``store_figure`` checks an upload with the core's rules (PNG/JPEG by their bytes, the
item's ``byte_limit``, the side limit) before anything is kept; ``attachments_for`` is the
``Attachments`` mapping the core's ``print_model`` and ``check`` take, reading a blob only when
a figure is printed or checked; ``print_model_for`` is the one place the workbench builds a
print model of a 評価書's document.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from django.contrib.auth.models import User
from django.db import transaction

from pia.document import Document
from pia.document.images import MEDIA_TYPES, ImageError, ImageRef, image_info, image_reference, sha256_hex
from pia.forms import FormTemplate, Item, Kind, get_form
from pia.imports.pdf_figures import figure_from_pdf
from pia.render import print_model
from pia.render.model import PrintDocument
from workbench.acting import action
from workbench.assessments.models import Assessment, Attachment
from workbench.audit.actions import record
from workbench.organizations.access import EDITOR_ROLES, require_role

PDF_MAGIC = b"%PDF-"


class Upload(Protocol):
    """What ``store_figure`` reads of an uploaded file (Django's ``UploadedFile``)."""

    name: str | None
    size: int | None

    def read(self, size: int = ...) -> bytes: ...


class FigureRefused(Exception):
    """A figure that cannot be added; the message (Japanese) names the item and the file."""


@dataclass(frozen=True)
class FigureInfo:
    """What a page shows of a stored figure without reading its bytes."""

    sha256: str
    media_type: str
    width: int
    height: int
    size: int


def image_items(template: FormTemplate) -> list[Item]:
    """The template's image items (found by kind, never by id)."""
    return [item for item in template.walk() if item.kind is Kind.IMAGE]


def image_item_of(assessment: Assessment) -> Item:
    items = image_items(get_form(assessment.form, assessment.edition))
    if not items:
        raise FigureRefused("この様式には図を添付する項目がありません。")
    return items[0]


@action
def store_figure(
    assessment: Assessment, upload: Upload, user: User, *, item: Item | None = None, caption: str = ""
) -> ImageRef:
    """Keep an uploaded figure for ``assessment`` (the same bytes again reuse their row) and return
    the reference to put in the image item ``item`` (default: the form's image item). A file
    that is not a PNG, a JPEG or a one-page PDF (kept as the PNG of its page), too large or
    unreadable is refused (FigureRefused, naming the
    item); nothing is kept then."""
    require_role(user, assessment.organization, EDITOR_ROLES, "評価書の図を追加する")
    item = item or image_item_of(assessment)
    name = (upload.name or "figure").replace("\\", "/").split("/")[-1]
    try:
        if upload.size is not None and upload.size > item.byte_limit:  # not read at all
            raise ImageError(
                f"図のファイルが大きすぎます({_mb(upload.size)})。{_mb(item.byte_limit)}以下にしてください。"
            )
        data = upload.read(item.byte_limit + 1)  # a larger file is refused as such
        if data.startswith(PDF_MAGIC):  # a one-page PDF becomes the PNG of its page
            data = figure_from_pdf(data, item.byte_limit)
        elif not any(data.startswith(magic) for _, magic in MEDIA_TYPES.values()):
            raise ImageError("図は PNG・JPEG の画像か、1ページの PDF にしてください。")
        ref = image_reference(name, data, caption, item.byte_limit)
    except ImageError as exc:
        raise FigureRefused(f"「{item.label}」({name}): {exc}") from None
    with transaction.atomic():
        row, created = keep_figure(assessment, data, name, user)
        details = {"sha256": row.sha256, "file": name[:255], "size": row.size, "new": created}
        record(user, "attachment.store", organization=assessment.organization, obj=assessment, details=details)
    return ref


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def keep_figure(assessment: Assessment, data: bytes, name: str, user: User | None) -> tuple[Attachment, bool]:
    """The row holding ``data`` for ``assessment`` (created when new). The caller has checked
    ``data`` (``image_info`` raises ImageError otherwise) and runs inside its action."""
    info = image_info(data, len(data))
    return Attachment.objects.get_or_create(
        assessment=assessment,
        sha256=sha256_hex(data),
        defaults={
            "media_type": info.media_type,
            "size": len(data),
            "width": info.width,
            "height": info.height,
            "data": data,
            "original_name": name[:255],
            "uploaded_by": user,
        },
    )


class StoredFigures(Mapping[str, bytes]):
    """The ``Attachments`` of one 評価書 (SHA-256 → bytes), read lazily: a blob is fetched the
    first time its hash is looked up and kept for the mapping's life (a hash not found is asked
    again next time: the figure may have been added since); listing the keys reads hashes only."""

    def __init__(self, assessment_id: int) -> None:
        self._assessment_id = assessment_id
        self._blobs: dict[str, bytes] = {}

    def __getitem__(self, sha256: str) -> bytes:
        if sha256 not in self._blobs:
            rows = Attachment.objects.filter(assessment_id=self._assessment_id, sha256=sha256)
            blob = rows.values_list("data", flat=True).first()
            if blob is None:
                raise KeyError(sha256)
            self._blobs[sha256] = bytes(blob)
        return self._blobs[sha256]

    def _hashes(self) -> list[str]:
        rows = Attachment.objects.filter(assessment_id=self._assessment_id).order_by("pk")
        return list(rows.values_list("sha256", flat=True))

    def __iter__(self) -> Iterator[str]:
        return iter(self._hashes())

    def __len__(self) -> int:
        return Attachment.objects.filter(assessment_id=self._assessment_id).count()


def attachments_for(assessment: Assessment) -> StoredFigures:
    """The figures' bytes of ``assessment`` by SHA-256, for ``print_model`` and ``check``; one
    mapping per loaded 評価書, so the checks of every step on a page read each blob once."""
    found = assessment.__dict__.get("_stored_figures")
    if not isinstance(found, StoredFigures):
        found = assessment.__dict__["_stored_figures"] = StoredFigures(assessment.pk)
    return found


def print_model_for(assessment: Assessment, document: Document, **options: Any) -> PrintDocument:
    """The core's print model of ``document`` (a save of ``assessment``, or the document the
    procedure's records fill from one) with its figures; ``options`` as ``print_model`` takes
    them (``previous``, ``public``, ``draft``). Withheld figures are left out by the core."""
    return print_model(document, attachments=attachments_for(assessment), **options)


def figure_infos(assessment: Assessment, hashes: Iterable[str]) -> dict[str, FigureInfo]:
    """The stored figures among ``hashes``, without their bytes (one query, however many)."""
    wanted = sorted(set(hashes))
    if not wanted:
        return {}
    rows = Attachment.objects.filter(assessment=assessment, sha256__in=wanted)
    fields = ("sha256", "media_type", "width", "height", "size")
    return {row[0]: FigureInfo(*row) for row in rows.values_list(*fields)}
