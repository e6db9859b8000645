"""Figures attached to a 評価書: the value of an ``image`` item (the diagram of (別添1) 事務の内容).

A document stays plain data that round-trips through YAML and JSON, so an image item holds
references, never bytes — a list, one entry per figure, in print order::

    - file: bessoe1-figure-1.png
      sha256: 3f2a…   # 64 hex digits, of the file's bytes
      media_type: image/png
      caption: 住民基本台帳事務の流れ

The bytes come from an attachment store the caller hands over (:data:`Attachments`, SHA-256 →
bytes): the CLI reads the files named beside the document (:func:`folder_attachments`, a plain
file name: no folder, no ``..``), the workbench its attachment table. Versions share a figure by
its hash, and the diff of two versions compares hashes and captions, as for any other value.

Only PNG and JPEG are accepted, recognised by their first bytes and opened with Pillow (which
reads the header and refuses a decompression bomb), at most the item's ``max_bytes`` (5 MiB by
default) and ``MAX_SIDE`` pixels a side. A figure given as a PDF page is rasterised at import
(``pia.imports``), so no writer ever embeds a PDF.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError

from pia.document.model import Document
from pia.document.paths import ElementPath
from pia.document.walk import walk
from pia.errors import PiaError
from pia.forms.model import DEFAULT_MAX_BYTES, FormTemplate, Item, Kind

# media type → (file suffix, first bytes)
MEDIA_TYPES = {"image/png": ("png", b"\x89PNG\r\n\x1a\n"), "image/jpeg": ("jpg", b"\xff\xd8\xff")}
MAX_SIDE = 8000  # pixels: a figure larger than A4 at 600 dpi is a mistake, or an attack
REF_KEYS = ("file", "sha256", "media_type", "caption")
SHA256 = re.compile(r"^[0-9a-f]{64}$")
FILE_NAME = re.compile(r"^(?!\.)[^/\\\x00-\x1f:*?\"<>|]{1,120}$")  # a plain file name, no folder

Attachments = Mapping[str, bytes]
"""The bytes of the figures a document references, by their SHA-256 (lowercase hex)."""

NO_ATTACHMENTS: Attachments = {}


class ImageError(PiaError, ValueError):
    """A figure that cannot be attached (message in Japanese)."""


@dataclass(frozen=True)
class ImageInfo:
    media_type: str
    width: int
    height: int

    @property
    def suffix(self) -> str:
        return MEDIA_TYPES[self.media_type][0]


@dataclass(frozen=True)
class ImageRef:
    """One figure as the document references it."""

    file: str
    sha256: str
    media_type: str
    caption: str = ""

    def to_data(self) -> dict[str, str]:
        return {"file": self.file, "sha256": self.sha256, "media_type": self.media_type, "caption": self.caption}

    @property
    def text(self) -> str:
        """「図「事務の流れ」(bessoe1-figure-1.png)」: the figure in words (lists, diffs, 別添3)."""
        return f"図「{self.caption}」({self.file})" if self.caption else f"図({self.file})"


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def image_info(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> ImageInfo:
    """The type and size of a PNG or JPEG figure; ImageError saying what is wrong otherwise."""
    if len(data) > max_bytes:
        raise ImageError(f"図のファイルが大きすぎます({_size(len(data))})。{_size(max_bytes)}以下にしてください。")
    media_type = next((t for t, (_, magic) in MEDIA_TYPES.items() if data.startswith(magic)), None)
    if media_type is None:
        raise ImageError("図は PNG か JPEG の画像にしてください(このファイルは PNG でも JPEG でもありません)。")
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ImageError("図の画像を読めません(ファイルが壊れているか、途中で切れています)。") from None
    if width > MAX_SIDE or height > MAX_SIDE:
        raise ImageError(
            f"図が大きすぎます({width:,}×{height:,}ピクセル)。縦横とも{MAX_SIDE:,}ピクセル以下にしてください。"
        )
    return ImageInfo(media_type, width, height)


def image_reference(file: str, data: bytes, caption: str = "", max_bytes: int = DEFAULT_MAX_BYTES) -> ImageRef:
    """The reference to store for ``data`` (checked with :func:`image_info`), named ``file``
    (a plain file name; its suffix is made to match the image's type)."""
    info = image_info(data, max_bytes)
    return ImageRef(figure_file_name(file, info.suffix), sha256_hex(data), info.media_type, caption.strip())


def figure_file_name(name: str, suffix: str) -> str:
    """A plain file name for a figure: the folder dropped, unsafe characters replaced, the suffix
    ``.png`` / ``.jpg`` of its type."""
    stem = Path(name.replace("\\", "/").split("/")[-1]).stem.lstrip(".")
    stem = re.sub(r"[\x00-\x1f:*?\"<>|/\\]", "_", stem)[:100] or "figure"
    return f"{stem}.{suffix}"


def image_refs(value: Any) -> list[ImageRef]:
    """The well-formed references of an image item's value, in order (others are skipped: the
    format check reports them)."""
    if not isinstance(value, list):
        return []
    return [ref for ref in (_ref(entry) for entry in value) if ref is not None]


def _ref(entry: Any) -> ImageRef | None:
    if not isinstance(entry, Mapping) or ref_problem(entry):
        return None
    return ImageRef(str(entry["file"]), str(entry["sha256"]), str(entry["media_type"]), str(entry.get("caption") or ""))


def ref_problem(entry: Any) -> str:
    """What is wrong with one stored reference, in Japanese ("" when it is well formed)."""
    if not isinstance(entry, Mapping):
        return "図は {file: ファイル名, sha256: …, media_type: …, caption: 説明} の形で記入してください。"
    unknown = [str(k) for k in entry if k not in REF_KEYS]
    if unknown:
        return f"図に使えないキー {', '.join(unknown)} があります(使えるキー: {', '.join(REF_KEYS)})。"
    file, digest, media_type = entry.get("file"), entry.get("sha256"), entry.get("media_type")
    if not isinstance(file, str) or not FILE_NAME.match(file):
        return "図の file はフォルダを含まないファイル名にしてください(例: bessoe1-figure-1.png)。"
    if not isinstance(digest, str) or not SHA256.match(digest):
        return f"図「{file}」の sha256 は64桁の16進数(小文字)にしてください。"
    if media_type not in MEDIA_TYPES:
        return f"図「{file}」の media_type は {' か '.join(MEDIA_TYPES)} です。"
    caption = entry.get("caption")
    if caption is not None and not isinstance(caption, str):
        return f"図「{file}」の caption は文章で記入してください。"
    return ""


def figures_in(document: Document, template: FormTemplate) -> Iterator[tuple[ElementPath, Item, ImageRef]]:
    """Every figure the document references, with the path and item holding it."""
    for occ in walk(document, template):
        if occ.item.kind is Kind.IMAGE:
            for ref in image_refs(occ.value):
                yield occ.path, occ.item, ref


def checked_figure(ref: ImageRef, item: Item, attachments: Attachments) -> tuple[bytes, ImageInfo]:
    """The bytes of ``ref`` and what they are; ImageError (Japanese) when they cannot be printed:
    the file is missing, its bytes do not match the hash, or they are not a figure ``item`` takes."""
    data = attachments.get(ref.sha256)
    if data is None:
        raise ImageError(f"図のファイル「{ref.file}」が見つかりません(評価書と同じフォルダに置いてください)。")
    if sha256_hex(data) != ref.sha256:
        raise ImageError(
            f"図のファイル「{ref.file}」の内容が記録された sha256 と一致しません(ファイルが差し替えられています)。"
        )
    try:
        info = image_info(data, item.byte_limit)
    except ImageError as exc:
        raise ImageError(f"図のファイル「{ref.file}」: {exc}") from None
    if info.media_type != ref.media_type:
        raise ImageError(
            f"図のファイル「{ref.file}」は {info.media_type} ですが、media_type が {ref.media_type} になっています。"
        )
    return data, info


def figure_problem(ref: ImageRef, item: Item, attachments: Attachments) -> str:
    """Why ``ref`` cannot be printed with ``attachments`` ("" when it can): :func:`checked_figure`'s message."""
    try:
        checked_figure(ref, item, attachments)
    except ImageError as exc:
        return str(exc)
    return ""


def folder_attachments(document: Document, folder: Path, template: FormTemplate) -> dict[str, bytes]:
    """The bytes of the figures of ``document``, read from ``folder`` (the document's own
    folder) by their plain file names, keyed by the hash each reference records (so a file
    that was replaced is reported by :func:`figure_problem`, not taken for the figure)."""
    found: dict[str, bytes] = {}
    for _path, item, ref in figures_in(document, template):
        if ref.sha256 in found:
            continue
        try:
            with (folder / ref.file).open("rb") as handle:
                found[ref.sha256] = handle.read(item.byte_limit + 1)  # a larger file is refused as such
        except OSError:
            continue
    return found


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"
