"""The figures of one PDF page, read with pypdfium2 when the page is in a part that takes figures
(``pia.imports.figures``; the text is read by ``read_pdf``, whatever the figures).

- Image objects, top to bottom: a JPEG stored as such (``DCTDecode`` alone, grey or RGB) is kept
  byte for byte; any other image is rendered (its mask and colour space applied) and stored as PNG.
- A page without image objects whose drawing covers more than ``DRAWING_SHARE`` of the page (a
  diagram drawn in vectors: Word's or Excel's shapes saved as PDF) is rasterised at ``DPI``,
  cropped to the drawing, and stored as PNG, made smaller until it fits the figure limits. A
  drawing is told from a table's rules by its shapes: only paths with a curve or a slanting line
  (an arrow's head, a rounded box) count, and the crop takes in the boxes they touch.
"""

from __future__ import annotations

import ctypes
import io
from collections.abc import Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from pia.document.images import ImageError
from pia.imports.figures import fit_figure, png_bytes
from pia.imports.source import Picture

DPI = 200
DRAWING_SHARE = 0.2  # a drawing covering more of the page than this is the page's figure
SLANT = 0.5  # points: a line moving this much across and down is not a table's rule
SHAPE = 2.0  # points: a path narrower than this either way is a line, not a box
MARGIN = 6.0  # points around a rasterised drawing
Box = tuple[float, float, float, float]  # left, bottom, right, top (PDF points)


def page_pictures(data: bytes, number: int, max_bytes: int) -> list[Picture]:
    """The figures of page ``number`` (1-based) of the PDF ``data``."""
    document = pdfium.PdfDocument(data)
    try:
        page = document[number - 1]
        try:
            images = list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]))
            if images:
                images.sort(key=lambda obj: (-obj.get_bounds()[3], obj.get_bounds()[0]))
                return [_image(obj, f"{number}ページの{n}番目の画像") for n, obj in enumerate(images, start=1)]
            return _drawing(page, number, max_bytes)
        finally:
            page.close()
    finally:
        document.close()


def figure_from_pdf(data: bytes, max_bytes: int) -> bytes:
    """A figure given as a one-page PDF (a diagram saved from Word, Excel or a drawing tool), as
    the PNG of the whole page rasterised at ``DPI`` and made smaller until it fits the figure
    limits, so no writer embeds a PDF. ImageError (Japanese) for anything else: unreadable,
    protected, more than one page, too large even when made smaller."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        raise ImageError("PDF として読めません(ファイルが壊れているか、パスワードで保護されています)。") from None
    try:
        if len(document) != 1:
            raise ImageError(
                f"図にする PDF は1ページのものにしてください(このファイルは{len(document)}ページあります)。"
            )
        page = document[0]
        try:

            def render(scale: float) -> Image.Image:
                image: Image.Image = page.render(scale=scale).to_pil()
                return image

            figure = fit_figure(render, DPI / 72, max_bytes)
        finally:
            page.close()
    finally:
        document.close()
    if figure is None:
        raise ImageError("PDF のページを画像にすると大きすぎます。PNG か JPEG にして添付してください。")
    return figure


def _image(obj: pdfium.PdfImage, where: str) -> Picture:
    try:
        jpeg = _jpeg(obj)
        if jpeg is not None:
            return Picture(jpeg, where)
        return Picture(png_bytes(obj.get_bitmap(render=True).to_pil()), where)
    except (pdfium.PdfiumError, OSError, ValueError) as exc:
        return Picture(b"", where, refused=f"画像を取り出せません({type(exc).__name__})")


def _jpeg(obj: pdfium.PdfImage) -> bytes | None:
    """The image's JPEG bytes when it is stored as a plain JPEG (grey or RGB)."""
    if obj.get_filters() != ["DCTDecode"]:
        return None
    raw = bytes(obj.get_data(decode_simple=False))
    try:
        with Image.open(io.BytesIO(raw)) as image:
            if image.format != "JPEG" or image.mode not in ("L", "RGB"):
                return None
    except (OSError, ValueError):
        return None
    return raw


def _drawing(page: pdfium.PdfPage, number: int, max_bytes: int) -> list[Picture]:
    width, height = page.get_size()
    paths = [(obj.get_bounds(), _drawn(obj)) for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH])]
    shapes = [box for box, drawn in paths if drawn]
    if not shapes:
        return []
    bounds = _union(shapes)
    if _area(bounds) <= DRAWING_SHARE * width * height:
        return []
    bounds = _with_touching(bounds, [box for box, _ in paths], width * height)
    left, bottom = max(bounds[0] - MARGIN, 0.0), max(bounds[1] - MARGIN, 0.0)
    right, top = min(bounds[2] + MARGIN, width), min(bounds[3] + MARGIN, height)
    crop = (left, bottom, width - right, height - top)

    def render(scale: float) -> Image.Image:
        image: Image.Image = page.render(scale=scale, crop=crop).to_pil()
        return image

    data = fit_figure(render, DPI / 72, max_bytes)
    where = f"{number}ページの図(線で描かれた図を画像にしたもの)"
    if data is None:
        return [Picture(b"", where, refused="画像にすると大きすぎます")]
    return [Picture(data, where)]


def _drawn(obj: pdfium.PdfObject) -> bool:
    """A path with a curve or a slanting line: part of a drawing, not a table's rule or box."""
    raw = obj.raw
    x, y = ctypes.c_float(), ctypes.c_float()
    last: tuple[float, float] | None = None
    for index in range(pdfium_c.FPDFPath_CountSegments(raw)):
        segment = pdfium_c.FPDFPath_GetPathSegment(raw, index)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            return True
        pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
        point = (x.value, y.value)
        slanting = last is not None and abs(point[0] - last[0]) > SLANT and abs(point[1] - last[1]) > SLANT
        if kind == pdfium_c.FPDF_SEGMENT_LINETO and slanting:
            return True
        last = point
    return False


def _with_touching(bounds: Box, boxes: list[Box], page_area: float) -> Box:
    """``bounds`` grown by the shapes that touch it (the boxes an arrow joins); a rule (a line)
    or a frame around most of the page is not one of them."""
    grown = bounds
    for _ in range(4):
        before = grown
        for box in _touching(grown, boxes):
            if min(box[2] - box[0], box[3] - box[1]) > SHAPE and _area(box) < 0.5 * page_area:
                grown = _union([grown, box])
        if grown == before:
            break
    return grown


def _touching(bounds: Box, boxes: list[Box]) -> Iterator[Box]:
    for box in boxes:
        if box[0] <= bounds[2] and box[2] >= bounds[0] and box[1] <= bounds[3] and box[3] >= bounds[1]:
            yield box


def _union(boxes: list[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _area(box: Box) -> float:
    return max(box[2] - box[0], 0.0) * max(box[3] - box[1], 0.0)
