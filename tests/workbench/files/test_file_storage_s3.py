"""The S3 branch of the stored files against an S3-compatible server speaking HTTP: moto's server
(``moto[server]``), started on a free loopback port for this module. The same settings a shared
deployment gives (``PIA_FILES_S3_*``) build the storage; a file kept by the action is in the
bucket under its random key and prefix, read back byte for byte by the download view, private
(no public-read ACL), and never overwritten."""

from __future__ import annotations

import socket

import boto3
import pytest
from django.core.files.storage import storages

from workbench.files import store
from workbench.files.actions import store_file
from workbench.files.config import file_storage_settings

pytestmark = pytest.mark.django_db

BUCKET = "pia-kumamoto"
PDF = b"%PDF-1.7\n" + b"0" * 2048 + b"\n%%EOF\n"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def s3_server():
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3", endpoint_url=endpoint, region_name="ap-northeast-1", aws_access_key_id="k", aws_secret_access_key="s"
    )
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "ap-northeast-1"})
    yield endpoint, client
    server.stop()


@pytest.fixture
def s3_storage(s3_server, settings):
    endpoint, client = s3_server
    environ = {
        "PIA_FILES_S3_BUCKET": BUCKET,
        "PIA_FILES_S3_ENDPOINT": endpoint,
        "PIA_FILES_S3_REGION": "ap-northeast-1",
        "PIA_FILES_S3_PREFIX": "workbench",
        "PIA_FILES_S3_ACCESS_KEY": "k",
        "PIA_FILES_S3_SECRET_KEY": "s",
    }
    configured = file_storage_settings(environ, lambda name: pytest.fail("no var/ folder for S3"))
    settings.STORAGES = {**settings.STORAGES, store.ALIAS: configured}
    storages._storages.pop(store.ALIAS, None)  # built again from the new settings
    for entry in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):  # each test starts empty
        client.delete_object(Bucket=BUCKET, Key=entry["Key"])
    yield client
    storages._storages.pop(store.ALIAS, None)


def test_a_kept_file_is_in_the_private_bucket_and_served_back(s3_storage, org, people, client):
    kept = store_file(org, "再委託申請書.pdf", PDF, label="再委託申請書", user=people["author"])
    objects = s3_storage.list_objects_v2(Bucket=BUCKET)["Contents"]
    assert [o["Key"] for o in objects] == [f"workbench/{kept.key}"]
    assert s3_storage.get_object(Bucket=BUCKET, Key=f"workbench/{kept.key}")["Body"].read() == PDF
    grants = s3_storage.get_object_acl(Bucket=BUCKET, Key=f"workbench/{kept.key}")["Grants"]
    assert [g["Grantee"].get("URI") for g in grants if g["Grantee"].get("URI")] == []  # no AllUsers grant
    client.force_login(people["viewer"])
    response = client.get(kept.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content if response.streaming else [response.content]) == PDF


def test_a_key_is_never_overwritten_in_the_bucket(s3_storage):
    first = store.put("9/fixed-key", b"first")
    second = store.put("9/fixed-key", b"second")
    assert first == "9/fixed-key"
    assert second != first  # file_overwrite False: the storage picks another name
    assert store.read(first) == b"first"
