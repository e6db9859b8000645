"""What a file is, told by its bytes (never by its name or the browser's Content-Type).

Accepted: PDF (``%PDF-``), PNG, JPEG, the Office Open XML files (a ZIP whose
``[Content_Types].xml`` names the main part of a Word, Excel or PowerPoint document; the
macro-enabled kinds are not accepted) and the legacy Word and Excel files (an OLE compound file,
``D0 CF 11 E0 …``, with a ``WordDocument`` or ``Workbook``/``Book`` stream). Anything else is
refused, an executable (``MZ``, ELF, Mach-O, a shell script) with a message saying so. The name's
extension must agree with the content, so an .exe renamed .pdf and a PNG named .docx are both
refused; a name without an extension gets the content's."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
DOC = "application/msword"
XLS = "application/vnd.ms-excel"

KIND_LABELS = {
    PDF: "PDF",
    PNG: "PNG画像",
    JPEG: "JPEG画像",
    DOCX: "Word文書(.docx)",
    XLSX: "Excel文書(.xlsx)",
    PPTX: "PowerPoint文書(.pptx)",
    DOC: "Word文書(.doc)",
    XLS: "Excel文書(.xls)",
}
EXTENSIONS = {
    PDF: (".pdf",),
    PNG: (".png",),
    JPEG: (".jpg", ".jpeg"),
    DOCX: (".docx",),
    XLSX: (".xlsx",),
    PPTX: (".pptx",),
    DOC: (".doc",),
    XLS: (".xls",),
}
ACCEPTED_TEXT = "PDF、PNG・JPEG画像、Word・Excel・PowerPoint(.docx .xlsx .pptx .doc .xls)"

# The main part of an OOXML package, by the content type [Content_Types].xml gives it.
_OOXML_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": PPTX,
}
_MACRO_MAIN = ("macroEnabled", "ms-word.document.macro", "ms-excel.sheet.macro", "ms-powerpoint")
_OLE = bytes.fromhex("D0CF11E0A1B11AE1")
_EXECUTABLES = (b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"\xca\xfe\xba\xbe", b"#!")
_CONTENT_TYPES_LIMIT = 1024 * 1024  # [Content_Types].xml is a few KB; a larger one is not read


class Undetected(Exception):
    """The content is not an accepted kind (message in Japanese, without the field's name)."""


@dataclass(frozen=True)
class Detected:
    media_type: str
    extension: str  # the canonical extension, with its dot

    @property
    def label(self) -> str:
        return KIND_LABELS[self.media_type]


def detect(data: bytes) -> Detected:
    media_type = _media_type(data)
    return Detected(media_type, EXTENSIONS[media_type][0])


def _media_type(data: bytes) -> str:
    if not data:
        raise Undetected("ファイルが空です。")
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"PK\x03\x04"):
        return _ooxml(data)
    if data.startswith(_OLE):
        return _ole(data)
    if data.startswith(_EXECUTABLES):
        raise Undetected("実行ファイル(プログラム)です。添付できません。")
    raise Undetected(f"受け付けられない種類のファイルです(受け付けるのは {ACCEPTED_TEXT})。")


def _ooxml(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > _CONTENT_TYPES_LIMIT:
                raise Undetected("Office文書の構成情報が大きすぎます。")
            types = archive.read(info).decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):
        raise Undetected(f"ZIP形式ですが、Office文書ではありません(受け付けるのは {ACCEPTED_TEXT})。") from None
    for content_type, media_type in _OOXML_MAIN.items():
        if f'ContentType="{content_type}"' in types:
            return media_type
    if any(marker in types for marker in _MACRO_MAIN):
        raise Undetected("マクロを含むOffice文書(.docm .xlsm など)は添付できません。マクロなしで保存してください。")
    raise Undetected(f"ZIP形式ですが、Word・Excel・PowerPointの文書ではありません(受け付けるのは {ACCEPTED_TEXT})。")


def _ole(data: bytes) -> str:
    if "WordDocument".encode("utf-16-le") in data:
        return DOC
    if "Workbook".encode("utf-16-le") in data or "Book\x00".encode("utf-16-le") in data:
        return XLS
    raise Undetected("旧形式のOffice文書ですが、Word(.doc)・Excel(.xls)のどちらでもありません。")
