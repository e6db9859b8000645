"""The storage of the stored files from the environment (``STORAGES["pia_files"]``; read by the
settings, so nothing here imports a model).

Default: a ``FileSystemStorage`` in ``var/files/`` (0700, files 0600). With
``PIA_FILES_S3_BUCKET``: django-storages' ``S3Storage`` (boto3) for AWS or any S3-compatible
server: ``PIA_FILES_S3_ENDPOINT`` (e.g. ``https://minio.example.lg.jp``; empty for AWS),
``PIA_FILES_S3_REGION``, ``PIA_FILES_S3_PREFIX`` (a folder in the bucket, default ``pia-files``),
``PIA_FILES_S3_ACCESS_KEY`` / ``PIA_FILES_S3_SECRET_KEY`` (else boto3's own credential chain:
an instance role, ``AWS_*`` variables). The bucket stays private (no ACL, signed URLs only, never
overwriting): the workbench serves every file after its own access check."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

S3_BACKEND = "storages.backends.s3.S3Storage"
FILESYSTEM_BACKEND = "django.core.files.storage.FileSystemStorage"
_S3_OPTIONS = (
    ("endpoint_url", "PIA_FILES_S3_ENDPOINT"),
    ("region_name", "PIA_FILES_S3_REGION"),
    ("access_key", "PIA_FILES_S3_ACCESS_KEY"),
    ("secret_key", "PIA_FILES_S3_SECRET_KEY"),
)


def file_storage_settings(environ: Mapping[str, str], private_dir: Callable[[str], Path]) -> dict[str, Any]:
    bucket = environ.get("PIA_FILES_S3_BUCKET", "").strip()
    if not bucket:
        return {
            "BACKEND": FILESYSTEM_BACKEND,
            "OPTIONS": {
                "location": str(private_dir("files")),
                "base_url": None,
                "file_permissions_mode": 0o600,
                "directory_permissions_mode": 0o700,
            },
        }
    options: dict[str, Any] = {
        "bucket_name": bucket,
        "location": environ.get("PIA_FILES_S3_PREFIX", "pia-files").strip().strip("/"),
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
    }
    for option, name in _S3_OPTIONS:
        value = environ.get(name, "").strip()
        if value:
            options[option] = value
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}
