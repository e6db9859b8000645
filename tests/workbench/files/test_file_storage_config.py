"""Where the stored files go: var/files/ by default (the backend the tests run on), an S3-compatible
bucket with PIA_FILES_S3_BUCKET: the options are the ones django-storages' S3Storage takes (it is
built from them without connecting). The round trip to a bucket: test_file_storage_s3.py."""

from __future__ import annotations

from pathlib import Path

from django.core.files.storage import FileSystemStorage

from workbench.files.config import FILESYSTEM_BACKEND, S3_BACKEND, file_storage_settings
from workbench.files.store import file_storage
from workbench.runtime import VAR_DIR


def _no_dir(name: str) -> Path:
    raise AssertionError("the S3 settings must not create var/ folders")


def test_the_default_is_the_filesystem_under_var():
    config = file_storage_settings({}, lambda name: VAR_DIR / name)
    assert config["BACKEND"] == FILESYSTEM_BACKEND
    assert config["OPTIONS"]["location"] == str(VAR_DIR / "files")
    assert (config["OPTIONS"]["file_permissions_mode"], config["OPTIONS"]["directory_permissions_mode"]) == (
        0o600,
        0o700,
    )
    storage = file_storage()
    assert isinstance(storage, FileSystemStorage)
    assert Path(storage.location) == VAR_DIR / "files"


def test_a_bucket_gives_a_private_s3_storage_with_the_named_options():
    environ = {
        "PIA_FILES_S3_BUCKET": "pia-kumamoto",
        "PIA_FILES_S3_ENDPOINT": "https://minio.example.lg.jp",
        "PIA_FILES_S3_REGION": "ap-northeast-1",
        "PIA_FILES_S3_PREFIX": "/workbench/",
        "PIA_FILES_S3_ACCESS_KEY": "AKIAEXAMPLE",
        "PIA_FILES_S3_SECRET_KEY": "secret",
    }
    config = file_storage_settings(environ, _no_dir)
    assert config["BACKEND"] == S3_BACKEND
    options = config["OPTIONS"]
    assert options["bucket_name"] == "pia-kumamoto"
    assert (options["location"], options["default_acl"], options["file_overwrite"]) == ("workbench", None, False)
    assert options["endpoint_url"] == "https://minio.example.lg.jp"

    from storages.backends.s3 import S3Storage

    storage = S3Storage(**options)  # no connection is made until a file is read or written
    assert (storage.bucket_name, storage.endpoint_url, storage.location) == (
        "pia-kumamoto",
        "https://minio.example.lg.jp",
        "workbench",
    )


def test_without_keys_boto3s_own_credentials_are_used():
    options = file_storage_settings({"PIA_FILES_S3_BUCKET": "b"}, _no_dir)["OPTIONS"]
    assert not {"access_key", "secret_key", "endpoint_url"} & set(options)
