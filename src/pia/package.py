"""A submission package (提出用一式): named files in one ZIP with a manifest.

    from pia.package import PackageEntry, PackageInfo, package_bytes
    data = package_bytes(info, [PackageEntry("01_評価書.pdf", "評価書(全文)", "application/pdf", pdf)])

Besides the given files the ZIP holds ``manifest.json`` (machine readable: the package, the
評価書 and, per file, name, description, media type, size and SHA-256) and ``目録.txt`` (the
same in Japanese for people: UTF-8 with a BOM and CRLF line ends, so Windows Notepad opens it
correctly). Entry names are UTF-8 with the ZIP's UTF-8 flag (bit 11) set for non-ASCII names.
The output depends only on the arguments: every entry carries the creation time as its
timestamp, in the order given, so the same input gives the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pia.errors import PiaError
from pia.forms.model import FORM_KIND_LABELS
from pia.wareki import format_wareki

MANIFEST_NAME = "manifest.json"
INDEX_NAME = "目録.txt"
RESERVED_NAMES = frozenset({MANIFEST_NAME, INDEX_NAME})
FORMAT = "mynumber-pia/submission-package"
FORMAT_VERSION = 1
# Characters Windows does not allow in a file name ("/" separates folders inside the ZIP).
FORBIDDEN_NAME_CHARS = frozenset('\\:*?"<>|') | {chr(n) for n in range(32)}


class PackageError(PiaError, ValueError):
    """The entries cannot be packaged (a bad or duplicate name, a date ZIP cannot hold)."""


@dataclass(frozen=True)
class PackageEntry:
    name: str  # the file name inside the ZIP; "/" separates folders
    description: str  # Japanese: what the file is
    media_type: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class PackageInfo:
    title: str  # e.g. 提出用一式
    organization: str
    assessment_title: str
    form: str  # basic / focused / full
    version: int  # the save's number (第15回保存)
    created_at: datetime  # also every entry's timestamp (its wall-clock time)
    edition: str = ""
    status: str = ""  # the revision's workflow status, as shown to people
    revision: str = ""  # the edition as bodies name it: 改訂案, 公表中の版(令和8年4月1日) …
    notes: tuple[str, ...] = ()  # e.g. what is not included and why

    @property
    def form_label(self) -> str:
        return FORM_KIND_LABELS.get(self.form, self.form)

    @property
    def created_wareki(self) -> str:
        """「令和7年12月1日 14時05分」."""
        at = self.created_at
        return f"{format_wareki(at.date())} {at.hour}時{at.minute:02d}分"


def manifest(info: PackageInfo, entries: Sequence[PackageEntry]) -> dict[str, Any]:
    """The machine-readable description of the package (``manifest.json``)."""
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "title": info.title,
        "organization": info.organization,
        "assessment": {
            "title": info.assessment_title,
            "form": info.form,
            "form_label": info.form_label,
            "edition": info.edition,
            "version": info.version,
            "revision": info.revision,
            "status": info.status,
        },
        "created_at": info.created_at.isoformat(),
        "created_at_wareki": info.created_wareki,
        "files": [
            {
                "name": e.name,
                "description": e.description,
                "media_type": e.media_type,
                "size": len(e.data),
                "sha256": e.sha256,
            }
            for e in entries
        ],
        "notes": list(info.notes),
    }


def index_text(info: PackageInfo, entries: Sequence[PackageEntry]) -> str:
    """The Japanese table of contents (``目録.txt``), lines separated by CRLF."""
    lines = [
        f"{info.title} 目録",
        "",
        f"団体名:{info.organization}",
        f"評価書名:{info.assessment_title}",
        f"様式:{info.form_label}" + (f"(様式の版 {info.edition})" if info.edition else ""),
        f"版:{info.revision or '評価書'}(第{info.version}回保存)" + (f"(状態:{info.status})" if info.status else ""),
        f"作成日時:{info.created_wareki}({info.created_at.isoformat()})",
        "",
        f"収録ファイル({len(entries)}件)",
    ]
    for number, entry in enumerate(entries, start=1):
        lines += [
            f"{number}. {entry.name}",
            f"   内容:{entry.description}",
            f"   大きさ:{len(entry.data):,}バイト",
            f"   SHA-256:{entry.sha256}",
        ]
    if info.notes:
        lines += ["", "備考"]
        lines += [f"・{note}" for note in info.notes]
    lines += [
        "",
        f"{MANIFEST_NAME} に同じ内容を機械で読める形(JSON)で収録しています。",
        "SHA-256 は各ファイルが改変されていないことの確認に使えます。",
    ]
    return "\r\n".join(lines) + "\r\n"


def package_bytes(info: PackageInfo, entries: Sequence[PackageEntry]) -> bytes:
    """The ZIP: the entries in the given order, then ``manifest.json`` and ``目録.txt``."""
    _check_names(entries)
    stamp = _zip_time(info.created_at)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for entry in entries:
            _write(archive, entry.name, entry.data, stamp)
        document = json.dumps(manifest(info, entries), ensure_ascii=False, indent=2) + "\n"
        _write(archive, MANIFEST_NAME, document.encode("utf-8"), stamp)
        _write(archive, INDEX_NAME, index_text(info, entries).encode("utf-8-sig"), stamp)
    return buffer.getvalue()


def _write(archive: zipfile.ZipFile, name: str, data: bytes, stamp: tuple[int, int, int, int, int, int]) -> None:
    member = zipfile.ZipInfo(name, date_time=stamp)
    member.compress_type = zipfile.ZIP_DEFLATED
    member.create_system = 3  # Unix, whatever machine builds it (same bytes everywhere)
    member.external_attr = 0o644 << 16
    archive.writestr(member, data)


def _zip_time(at: datetime) -> tuple[int, int, int, int, int, int]:
    if not 1980 <= at.year <= 2107:
        raise PackageError(f"ZIP に記録できない作成日時です({at.isoformat()})。")
    return (at.year, at.month, at.day, at.hour, at.minute, at.second)


def _check_names(entries: Sequence[PackageEntry]) -> None:
    seen: set[str] = set()
    for entry in entries:
        name = entry.name
        parts = name.split("/")
        if not name or name.startswith("/") or any(p in ("", ".", "..") for p in parts):
            raise PackageError(f"ファイル名「{name}」は使えません。")
        bad = sorted(set(name) & FORBIDDEN_NAME_CHARS)
        if bad:
            raise PackageError(f"ファイル名「{name}」に使えない文字({''.join(bad)!r})が含まれています。")
        if name in RESERVED_NAMES:
            raise PackageError(f"ファイル名「{name}」は目録のために予約されています。")
        key = name.casefold()  # Windows does not tell 'A.pdf' from 'a.pdf'
        if key in seen:
            raise PackageError(f"ファイル名「{name}」が重複しています。")
        seen.add(key)
