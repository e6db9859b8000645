"""Stored files (workbench.files): kinds told by content, refusals naming the field, names
sanitised, random keys in the filesystem storage under var/ (the S3 backend is configured by
settings only: no S3-compatible server is available to test against)."""

from __future__ import annotations

import hashlib
import io
import os
import re
import stat
import zipfile

import pytest

from workbench.audit.models import AuditEvent
from workbench.files import store
from workbench.files.actions import FileRefused, check_file, store_file
from workbench.files.detect import DOC, DOCX, PDF, PNG, PPTX, XLS, XLSX, detect
from workbench.files.models import StoredFile
from workbench.files.names import clean_name
from workbench.runtime import VAR_DIR

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20


def ooxml(main: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'<?xml version="1.0"?><Types><Override PartName="/main.xml" ContentType="{main}"/></Types>',
        )
        archive.writestr("main.xml", "<x/>")
    return buffer.getvalue()


def ole(stream: str) -> bytes:
    return bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 100 + stream.encode("utf-16-le") + b"\x00" * 50


OOXML = "application/vnd.openxmlformats-officedocument."


@pytest.mark.parametrize(
    ("data", "media_type"),
    [
        (PDF_BYTES, PDF),
        (PNG_BYTES, PNG),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 10, "image/jpeg"),
        (ooxml(OOXML + "wordprocessingml.document.main+xml"), DOCX),
        (ooxml(OOXML + "spreadsheetml.sheet.main+xml"), XLSX),
        (ooxml(OOXML + "presentationml.presentation.main+xml"), PPTX),
        (ole("WordDocument"), DOC),
        (ole("Workbook"), XLS),
    ],
)
def test_kinds_are_told_by_their_content(data, media_type):
    assert detect(data).media_type == media_type


def test_an_exe_renamed_pdf_is_refused_naming_the_field():
    with pytest.raises(FileRefused) as refused:
        check_file("申請書.pdf", b"MZ\x90\x00" + b"\x00" * 60, label="再委託申請書")
    assert (
        str(refused.value)
        == "「再委託申請書」: 「申請書.pdf」は添付できません。実行ファイル(プログラム)です。添付できません。"
    )


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("メモ.txt", "ただのテキスト".encode(), "受け付けられない種類のファイルです"),
        ("a.zip", ooxml("application/zip"), "Word・Excel・PowerPointの文書ではありません"),
        ("マクロ.xlsm", ooxml("application/vnd.ms-excel.sheet.macroEnabled.main+xml"), "マクロを含むOffice文書"),
        ("壊れ.docx", b"PK\x03\x04garbage", "Office文書ではありません"),
        ("空.pdf", b"", "ファイルが空です"),
        ("画像.pdf", PNG_BYTES, "名前の拡張子(.pdf)と中身(PNG画像)が合いません"),
        ("script.pdf", b"#!/bin/sh\nrm -rf /\n", "実行ファイル"),
    ],
)
def test_other_content_is_refused_with_the_field_named(name, data, says):
    with pytest.raises(FileRefused) as refused:
        check_file(name, data, label="誓約書")
    assert str(refused.value).startswith("「誓約書」: ")
    assert says in str(refused.value)


def test_a_file_over_20_mb_is_refused_and_one_at_the_limit_is_kept(org, people, settings):
    settings.PIA_FILES_MAX_BYTES = 20 * 1024 * 1024
    at_limit = PDF_BYTES + b"0" * (20 * 1024 * 1024 - len(PDF_BYTES))
    with pytest.raises(
        FileRefused,
        match=re.escape("「再委託申請書」: 「大きい.pdf」は20 MBあり、添付できる大きさ(20 MBまで)を超えています"),
    ):
        store_file(org, "大きい.pdf", at_limit + b"0", label="再委託申請書", user=people["author"])
    assert not StoredFile.objects.exists()
    assert store_file(org, "ちょうど.pdf", at_limit, label="再委託申請書", user=people["author"]).size == len(at_limit)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("C:\\Users\\tanaka\\申請書.pdf", "申請書.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("申請\u202egpj.pdf", "申請_gpj.pdf"),  # a right-to-left override would show it as 「申請fdp.jpg」
        ('a<b>:"c"|?*.pdf', "a_b___c____.pdf"),
        ("  ..隠し.pdf  ", "隠し.pdf"),
        ("ア" * 200 + ".pdf", "ア" * 116 + ".pdf"),
    ],
)
def test_names_are_sanitised(raw, clean):
    assert clean_name(raw) == clean


def test_a_kept_file_has_a_random_key_its_hash_and_is_private_on_disk(org, people):
    stored = store_file(org, "..\\申請書.pdf", PDF_BYTES, label="再委託申請書", user=people["author"])
    again = store_file(org, "申請書.pdf", PDF_BYTES, label="再委託申請書", user=people["author"])
    assert stored.name == "申請書.pdf"
    assert "申請書" not in stored.key
    assert stored.key != again.key
    assert stored.key.startswith(f"{org.pk}/")
    assert (stored.media_type, stored.size) == (PDF, len(PDF_BYTES))
    assert stored.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert store.read(stored.key) == PDF_BYTES
    path = store.file_storage().path(stored.key)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert str(path).startswith(str(VAR_DIR))
    event = AuditEvent.objects.get(action="files.store", object_id=str(stored.pk))
    assert event.details["name"] == "申請書.pdf"


def test_a_file_name_without_extension_gets_the_contents(org, people):
    assert store_file(org, "申請書", PDF_BYTES, label="再委託申請書", user=people["author"]).name == "申請書.pdf"


def test_a_reviewer_only_member_and_an_outsider_cannot_store(org, people, outsider):
    for user in (people["reviewer"], outsider):
        with pytest.raises(FileRefused, match="権限がありません"):
            store_file(org, "a.pdf", PDF_BYTES, label="書類", user=user)
    assert not StoredFile.objects.exists()


def test_stored_files_are_never_deleted(org, people):
    stored = store_file(org, "a.pdf", PDF_BYTES, label="書類", user=people["author"])
    with pytest.raises(RuntimeError, match="削除できません"):
        stored.delete()
