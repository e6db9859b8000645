"""Keeping a file: checked by content (``detect``), sized, named safely, written to the storage under
a random key, recorded as a :class:`StoredFile` and audited (``files.store``).

The bytes are written before the row; when the row cannot be written (the action's transaction
fails), the bytes are removed again. An action above that keeps files and then fails after this
one has returned leaves bytes no row references: harmless (they are never served) and swept by
nothing yet; the ADR says so."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction

from workbench import clock
from workbench.acting import action
from workbench.audit.actions import record
from workbench.files import store
from workbench.files.detect import KIND_LABELS, Undetected, detect
from workbench.files.models import StoredFile
from workbench.files.names import clean_name, extension_of
from workbench.organizations.models import Organization


class FileRefused(Exception):
    """The file is not kept (message in Japanese, naming the field and the file)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def max_bytes() -> int:
    return int(getattr(settings, "PIA_FILES_MAX_BYTES", 20 * 1024 * 1024))


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".")


def check_size(name: str, size: int, *, label: str, field: str | None = None) -> None:
    """Refuse a file over the limit before its bytes are read (the upload's announced size)."""
    limit = max_bytes()
    if size > limit:
        shown = clean_name(name) or "添付ファイル"
        raise FileRefused(
            f"「{label}」: 「{shown}」は{_megabytes(size)} MBあり、添付できる大きさ"
            f"({_megabytes(limit)} MBまで)を超えています。",
            field,
        )


def read_upload(upload, *, label: str, field: str | None = None) -> bytes:
    """The bytes of an uploaded file (Django's ``UploadedFile``), refused unread when too large."""
    check_size(upload.name or "", upload.size or 0, label=label, field=field)
    return upload.read(max_bytes() + 1)


def check_file(name: str, data: bytes, *, label: str, field: str | None = None) -> tuple[str, str]:
    """The sanitised name and the media type of a file, or :class:`FileRefused` naming ``label``
    (the field): too large, empty, not an accepted kind, or an extension that is not its content's."""
    shown = clean_name(name) or "添付ファイル"
    check_size(name, len(data), label=label, field=field)
    try:
        found = detect(data)
    except Undetected as exc:
        raise FileRefused(f"「{label}」: 「{shown}」は添付できません。{exc}", field) from None
    extension = extension_of(shown)
    if not extension:
        shown = f"{shown}{found.extension}"
    elif extension not in _extensions(found.media_type):
        raise FileRefused(
            f"「{label}」: 「{shown}」は名前の拡張子({extension})と中身({found.label})が合いません。"
            "ファイルを確かめて、正しいファイルを選んでください。",
            field,
        )
    return shown, found.media_type


def _extensions(media_type: str) -> tuple[str, ...]:
    from workbench.files.detect import EXTENSIONS

    return EXTENSIONS[media_type]


@action
def store_file(
    organization: Organization, name: str, data: bytes, *, label: str, field: str | None = None, user: User
) -> StoredFile:
    """Keep one file of ``organization`` (checked first: :class:`FileRefused`). The caller checks
    that the user may attach files to what it attaches them to; here only membership is required."""
    from workbench.organizations.access import has_role
    from workbench.organizations.models import Role

    if not has_role(user, organization, [r for r in Role.values if r != Role.REVIEWER]):
        raise FileRefused(f"「{label}」: この団体のファイルを保存する権限がありません。", field)
    shown, media_type = check_file(name, data, label=label, field=field)
    key = f"{organization.pk}/{secrets.token_hex(16)}"
    kept = store.put(key, data)
    try:
        with transaction.atomic():
            stored = StoredFile.objects.create(
                organization=organization,
                key=kept,
                name=shown,
                media_type=media_type,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                uploaded_by=user,
                uploaded_at=clock.now(),
            )
            details = {
                "name": shown,
                "kind": KIND_LABELS[media_type],
                "size": len(data),
                "sha256": stored.sha256,
                "field": label,
            }
            record(user, "files.store", organization=organization, obj=stored, details=details)
    except BaseException:
        store.discard(kept)
        raise
    return stored
