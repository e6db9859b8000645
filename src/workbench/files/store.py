"""The storage of the files (``STORAGES["pia_files"]``: var/files/ or an S3-compatible bucket)."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages

ALIAS = "pia_files"


def file_storage() -> Storage:
    return storages[ALIAS]


def put(key: str, data: bytes) -> str:
    """Write ``data`` under ``key`` and return the name the storage kept (the key itself: keys are
    random, so there is no clash to rename around)."""
    return file_storage().save(key, ContentFile(data))


def read(key: str) -> bytes:
    with file_storage().open(key, "rb") as handle:
        return handle.read()


def discard(key: str) -> None:
    """Remove bytes that no row references (a refused or rolled-back store)."""
    storage = file_storage()
    if storage.exists(key):
        storage.delete(key)
