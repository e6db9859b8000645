"""提出用一式: a ZIP of named files with manifest.json and 目録.txt (pia.package)."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import datetime, timedelta, timezone

import pytest

from pia.package import INDEX_NAME, MANIFEST_NAME, PackageEntry, PackageError, PackageInfo, package_bytes

JST = timezone(timedelta(hours=9))
AT = datetime(2025, 12, 1, 14, 5, 30, tzinfo=JST)


def _info(**changes) -> PackageInfo:
    values = {
        "title": "提出用一式",
        "organization": "熊本市",
        "assessment_title": "住民基本台帳に関する事務 全項目評価書",
        "form": "full",
        "version": 3,
        "created_at": AT,
        "edition": "h30-05",
        "status": "承認申請",
        "revision": "改訂案",
    }
    values.update(changes)
    return PackageInfo(**values)


ENTRIES = [
    PackageEntry("01_評価書_第3版.pdf", "評価書(全文)", "application/pdf", b"%PDF-1.7 fake"),
    PackageEntry("02_変更箇所.csv", "(別添3)変更箇所", "text/csv", "項目,変更前,変更後\r\n".encode("utf-8-sig")),
    PackageEntry("readme.txt", "ASCII の名前", "text/plain", b"hello"),
]


def _open(data: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(data))


def test_zip_holds_the_entries_then_manifest_and_index():
    archive = _open(package_bytes(_info(), ENTRIES))
    assert archive.namelist() == [e.name for e in ENTRIES] + [MANIFEST_NAME, INDEX_NAME]
    assert archive.testzip() is None
    for entry in ENTRIES:
        assert archive.read(entry.name) == entry.data


def test_japanese_names_carry_the_utf8_flag():
    archive = _open(package_bytes(_info(), ENTRIES))
    flags = {info.filename: info.flag_bits & 0x800 for info in archive.infolist()}
    assert flags["01_評価書_第3版.pdf"]
    assert flags[INDEX_NAME]
    assert not flags["readme.txt"]  # ASCII names need no flag
    raw = package_bytes(_info(), ENTRIES)
    assert "01_評価書_第3版.pdf".encode() in raw  # stored as UTF-8, not cp932


def test_manifest_describes_every_file():
    data = package_bytes(_info(notes=("意見募集の結果はありません。",)), ENTRIES)
    manifest = json.loads(_open(data).read(MANIFEST_NAME).decode("utf-8"))
    assert manifest["title"] == "提出用一式"
    assert manifest["organization"] == "熊本市"
    assert manifest["assessment"] == {
        "title": "住民基本台帳に関する事務 全項目評価書",
        "form": "full",
        "form_label": "全項目評価書",
        "edition": "h30-05",
        "version": 3,
        "revision": "改訂案",
        "status": "承認申請",
    }
    assert manifest["created_at"] == "2025-12-01T14:05:30+09:00"
    assert manifest["created_at_wareki"] == "令和7年12月1日 14時05分"
    assert manifest["notes"] == ["意見募集の結果はありません。"]
    archive = _open(data)
    assert [f["name"] for f in manifest["files"]] == [e.name for e in ENTRIES]
    for row in manifest["files"]:
        content = archive.read(row["name"])
        assert row["size"] == len(content)
        assert row["sha256"] == hashlib.sha256(content).hexdigest()
    assert manifest["files"][0]["description"] == "評価書(全文)"
    assert manifest["files"][0]["media_type"] == "application/pdf"


def test_index_is_japanese_text_for_notepad():
    raw = _open(package_bytes(_info(notes=("赤字版はありません。",)), ENTRIES)).read(INDEX_NAME)
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
    text = raw.decode("utf-8-sig")
    assert "\n" not in text.replace("\r\n", "")  # CRLF only
    assert text.startswith("提出用一式 目録\r\n")
    assert "団体名:熊本市" in text
    assert "版:改訂案(第3回保存)(状態:承認申請)" in text
    assert "作成日時:令和7年12月1日 14時05分" in text
    assert "1. 01_評価書_第3版.pdf" in text
    assert "内容:評価書(全文)" in text
    assert hashlib.sha256(ENTRIES[0].data).hexdigest() in text
    assert "・赤字版はありません。" in text
    assert MANIFEST_NAME in text


def test_output_is_deterministic_and_stamped_with_the_creation_time():
    first, second = package_bytes(_info(), ENTRIES), package_bytes(_info(), ENTRIES)
    assert first == second
    assert {i.date_time for i in _open(first).infolist()} == {(2025, 12, 1, 14, 5, 30)}
    later = package_bytes(_info(created_at=AT + timedelta(minutes=1)), ENTRIES)
    assert later != first


def test_an_empty_package_still_has_manifest_and_index():
    archive = _open(package_bytes(_info(), []))
    assert archive.namelist() == [MANIFEST_NAME, INDEX_NAME]
    assert json.loads(archive.read(MANIFEST_NAME))["files"] == []


@pytest.mark.parametrize(
    "name",
    ["", "/abs.pdf", "../up.pdf", "a//b.pdf", "a\\b.pdf", "x:y.pdf", "改行\n.txt", MANIFEST_NAME, INDEX_NAME],
)
def test_bad_names_are_refused(name):
    with pytest.raises(PackageError):
        package_bytes(_info(), [PackageEntry(name, "x", "text/plain", b"")])


def test_duplicate_names_are_refused_even_by_case():
    entries = [PackageEntry("A.pdf", "x", "application/pdf", b""), PackageEntry("a.pdf", "y", "application/pdf", b"")]
    with pytest.raises(PackageError, match="重複"):
        package_bytes(_info(), entries)


def test_folders_are_allowed():
    archive = _open(package_bytes(_info(), [PackageEntry("添付/資料.txt", "資料", "text/plain", b"x")]))
    assert "添付/資料.txt" in archive.namelist()


def test_a_date_zip_cannot_hold_is_refused():
    with pytest.raises(PackageError, match="ZIP"):
        package_bytes(_info(created_at=datetime(1979, 12, 31, tzinfo=JST)), ENTRIES)
