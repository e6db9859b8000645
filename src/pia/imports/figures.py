"""The figures of an imported document: the source's pictures put on the image items of the part
they were found in (the diagram of (別添1) 事務の内容).

A picture belongs to the part the recogniser was reading where the picture is (the last piece
before it on its page or sheet, else the first after it, else the last before it anywhere); a
whole PDF page belongs to every part read on it. Only a part holding an ``image`` item takes
figures: found by the form data (``Kind.IMAGE`` inside the part), never by an item's id. The
figures go on the first image item of the part (one outside a repeat), in reading order, as
references (``pia.document.images``), named after the item (``bessoe1-figure-1.png``); their
bytes are the result's attachments.

PNG and JPEG are kept as they are; another picture Pillow can read (GIF, BMP, TIFF …) becomes
PNG. Nothing is dropped silently: a picture that cannot be taken (EMF or WMF, too large, more
than the item takes, in a part without figures) is a note in the report, in Japanese.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from PIL import Image, UnidentifiedImageError

from pia.document.images import MEDIA_TYPES, ImageError, image_info, image_reference
from pia.forms.model import DEFAULT_MAX_BYTES, FormTemplate, Item, Kind
from pia.imports.source import FigureSpot, Picture, Piece


@dataclass
class FigureOutcome:
    attachments: dict[str, bytes] = field(default_factory=dict)
    imported: int = 0
    notes: list[str] = field(default_factory=list)


def place_figures(
    template: FormTemplate, pieces: list[Piece], parts: list[str], spots: list[FigureSpot], values: dict[str, Any]
) -> FigureOutcome:
    """Put the pictures of ``spots`` on the image items of their parts, in ``values`` (the
    document's values, changed in place); the bytes, the count and the notes are returned."""
    outcome = FigureOutcome()
    taken: dict[str, list[dict[str, str]]] = {}
    refused_elsewhere: list[str] = []
    by_page: dict[int, list[int]] = {}  # page -> indexes of its pieces (a sheet's name aside)
    for n, piece in enumerate(pieces):
        if not piece.optional:
            by_page.setdefault(piece.place.page, []).append(n)
    for spot in spots:
        target = _target(template, _parts_of(spot, by_page.get(spot.page, []), parts))
        if target is None:
            if not spot.whole_page:
                refused_elsewhere += [p.where for p in spot.load(DEFAULT_MAX_BYTES)]
            continue
        for picture in spot.load(target.byte_limit):
            refs = taken.setdefault(target.id, [])
            problem = _take(target, picture, refs, outcome)
            if problem:
                outcome.notes.append(f"{picture.where}は取り込みませんでした: {problem}")
    if refused_elsewhere:
        places = "、".join(refused_elsewhere)
        labels = "・".join(f"「{part.label}」" for part in template.items if _target(template, [part.id]))
        why = f"図を添付できる{labels}の外にある" if labels else "この様式には図を添付できる項目がないため、"
        outcome.notes.append(f"{why}画像は取り込みませんでした: {places}")
    for item_id, refs in taken.items():
        if refs:
            values[template.item(item_id).storage_key] = refs
    return outcome


def _take(item: Item, picture: Picture, refs: list[dict[str, str]], outcome: FigureOutcome) -> str:
    """Add ``picture`` to ``refs`` (the figures of ``item`` so far); why not, in Japanese."""
    if picture.refused:
        return picture.refused
    if len(refs) >= item.element_limit:
        return f"「{item.label}」に添付できる図は{item.element_limit}枚までです"
    try:
        data = as_figure(picture.data)
        caption = picture.caption.strip()
        limit = item.length_limit
        if limit is not None and len(caption) > limit:
            outcome.notes.append(f"{picture.where}の説明は{limit}文字を超えるため、{limit}文字までにしました")
            caption = caption[:limit]
        ref = image_reference(f"{item.id.replace('.', '-')}-{len(refs) + 1}", data, caption, item.byte_limit)
    except ImageError as exc:
        return str(exc)
    refs.append(ref.to_data())
    outcome.attachments[ref.sha256] = data
    outcome.imported += 1
    return ""


def as_figure(data: bytes) -> bytes:
    """PNG or JPEG bytes as they are; any other picture Pillow reads, as PNG (ImageError when
    it reads none: EMF, WMF, SVG …)."""
    if any(data.startswith(magic) for _, magic in MEDIA_TYPES.values()):
        return data
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format in ("WMF", "EMF"):
                raise ImageError("EMF・WMF の図は取り込めません。PNG か JPEG にして添付し直してください")
            image.load()
            return png_bytes(image)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ImageError("PNG・JPEG に変換できない形式の画像です。PNG か JPEG にして添付し直してください") from None


def png_bytes(image: Image.Image) -> bytes:
    if image.mode not in ("RGB", "RGBA", "L", "LA", "P", "1"):
        image = image.convert("RGBA" if "A" in image.mode else "RGB")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def fit_figure(render: Any, scale: float, max_bytes: int) -> bytes | None:
    """A PNG of ``render(scale)`` (a PIL image of a rasterised page at ``scale``), made smaller
    until it fits ``image_info``'s limits (8000 px a side, ``max_bytes``); None when even a
    small one does not."""
    for _ in range(8):
        image = render(scale)
        side = max(image.size)
        if side > 8000:
            scale *= 8000 / side * 0.99
            continue
        data = png_bytes(image)
        try:
            image_info(data, max_bytes)
            return data
        except ImageError:
            scale *= 0.7
    return None


def _parts_of(spot: FigureSpot, on_page: list[int], parts: list[str]) -> list[str]:
    """The parts a spot is in (see the module's docstring); ``on_page``: the indexes of the
    pieces of its page."""
    if not parts:
        return []
    if spot.whole_page and on_page:
        return list(dict.fromkeys(parts[n] for n in on_page))
    before = [n for n in on_page if n < spot.after]
    after = [n for n in on_page if n >= spot.after]
    if before:
        return [parts[before[-1]]]
    if after:
        return [parts[after[0]]]
    last = min(spot.after, len(parts)) - 1
    return [parts[last]] if last >= 0 else []


def _target(template: FormTemplate, part_ids: list[str]) -> Item | None:
    """The first image item outside a repeat in the first of ``part_ids`` that has one."""
    for part_id in part_ids:
        if not part_id:
            continue
        for item in template.item(part_id).walk():
            if item.kind is Kind.IMAGE and not template.repeat_chain(item.id):
                return item
    return None
