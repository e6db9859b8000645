"""Figures of (別添1) 事務の内容 brought in from the source: pictures anchored on the XLSX sheet,
pictures in the Word section, image objects (or a vector drawing) on the PDF page. The sources
are this project's renderings of the full example with pictures added by the libraries
themselves (openpyxl, python-docx, pypdfium2, typst), so the test does not depend on our writers."""

from __future__ import annotations

import io
import shutil
import struct
import zipfile
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import typst
from docx.oxml.ns import qn
from openpyxl.drawing.image import Image as SheetImage
from PIL import Image

from pia.document.images import MAX_SIDE, image_info
from pia.forms import get_form
from pia.imports.api import import_bytes, import_file
from pia.imports.figures import place_figures
from pia.imports.model import ImportRefused, ImportReport, Place
from pia.imports.source import FigureSpot, Picture, Piece
from pia.imports.values import read_value
from pia.render.sample import sample_figure
from pia.rules.validation import check

FULL = "jumin-kihon-daicho-v1.yaml"
BESSOE1_SHEET = "(別添1) 事務の内容"


def _jpeg(n: int) -> bytes:
    out = io.BytesIO()
    Image.open(io.BytesIO(sample_figure(n))).convert("RGB").save(out, "JPEG", quality=80)
    return out.getvalue()


def _image_codes(result: Any) -> list[str]:
    return [f.code for f in check(result.document, "draft", attachments=result.attachments) if "image" in f.code]


def _figures(result: Any) -> list[dict[str, str]]:
    value = result.document.values.get("bessoe1.figure")
    return list(value) if isinstance(value, list) else []


# ------------------------------------------------------------------ XLSX
def _workbook_with(rendered: Any, tmp_path: Path, pictures: list[tuple[str, str, bytes]]) -> Path:
    """The full example's workbook with ``pictures`` (sheet, anchor, bytes) added."""
    workbook = openpyxl.load_workbook(rendered(FULL, "xlsx"))
    for sheet, anchor, data in pictures:
        workbook[sheet].add_image(SheetImage(io.BytesIO(data)), anchor)
    out = tmp_path / "with-figures.xlsx"
    workbook.save(out)
    return out


def test_xlsx_pictures_of_the_bessoe1_sheet_are_its_figures(rendered: Any, tmp_path: Path) -> None:
    first, second = sample_figure(1), _jpeg(2)
    source = _workbook_with(rendered, tmp_path, [(BESSOE1_SHEET, "B9", second), (BESSOE1_SHEET, "A3", first)])
    result = import_file(source)
    refs = _figures(result)
    assert [r["file"] for r in refs] == ["bessoe1-figure-1.png", "bessoe1-figure-2.jpg"]  # top to bottom
    assert [r["media_type"] for r in refs] == ["image/png", "image/jpeg"]
    assert result.attachments[refs[0]["sha256"]] == first
    assert result.attachments[refs[1]["sha256"]] == second  # a JPEG stays the same JPEG
    assert result.report.figures == 2
    assert _image_codes(result) == []
    assert "bessoe1.body" in result.document.values  # the text is read as before


def test_a_picture_on_another_sheet_is_a_note_not_a_figure(rendered: Any, tmp_path: Path) -> None:
    source = _workbook_with(rendered, tmp_path, [("表紙", "C3", sample_figure(1))])
    result = import_file(source)
    assert _figures(result) == []
    assert result.attachments == {}
    assert result.report.figures == 0
    assert any("シート「表紙」C3の画像" in note and "取り込みませんでした" in note for note in result.report.notes)


def test_more_figures_than_the_item_takes_are_refused_with_a_note(rendered: Any, tmp_path: Path) -> None:
    limit = get_form("full").item("bessoe1.figure").element_limit
    pictures = [(BESSOE1_SHEET, f"A{3 + 2 * n}", sample_figure(n % 4 + 1)) for n in range(limit + 1)]
    result = import_file(_workbook_with(rendered, tmp_path, pictures))
    assert len(_figures(result)) == limit
    assert result.report.figures == limit
    refused = [note for note in result.report.notes if f"{limit}枚まで" in note]
    assert len(refused) == 1
    assert f"A{3 + 2 * limit}" in refused[0]


def test_a_picture_too_large_is_refused_with_a_note(rendered: Any, tmp_path: Path) -> None:
    out = io.BytesIO()
    Image.new("RGB", (MAX_SIDE + 1, 8), "white").save(out, "PNG")
    result = import_file(_workbook_with(rendered, tmp_path, [(BESSOE1_SHEET, "A3", out.getvalue())]))
    assert _figures(result) == []
    assert any("A3の画像" in note and "大きすぎます" in note for note in result.report.notes)


def test_a_gif_becomes_a_png_of_the_same_picture(rendered: Any, tmp_path: Path) -> None:
    gif = io.BytesIO()
    Image.open(io.BytesIO(sample_figure(3))).convert("P").save(gif, "GIF")
    result = import_file(_workbook_with(rendered, tmp_path, [(BESSOE1_SHEET, "A3", gif.getvalue())]))
    (ref,) = _figures(result)
    data = result.attachments[ref["sha256"]]
    assert ref["media_type"] == "image/png"
    assert image_info(data).media_type == "image/png"
    expected = Image.open(io.BytesIO(gif.getvalue())).convert("RGB")
    assert Image.open(io.BytesIO(data)).convert("RGB").tobytes() == expected.tobytes()


def _emf(frame: int = 2000) -> bytes:
    """The header of an EMF picture (bounds 100 × 100, ``frame`` in 0.01 mm)."""
    header = bytearray(88)
    struct.pack_into("<II", header, 0, 1, 88)
    struct.pack_into("<iiii", header, 8, 0, 0, 100, 100)
    struct.pack_into("<iiii", header, 24, 0, 0, frame, frame)
    header[40:44] = b" EMF"
    return bytes(header)


def _with_media(source: Path, out: Path, data: bytes) -> Path:
    """``source`` with its pictures' bytes replaced by ``data`` (as Excel stores an EMF)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(out, "w") as dst:
        for entry in src.infolist():
            dst.writestr(entry, data if entry.filename.startswith("xl/media/") else src.read(entry))
    return out


def test_an_emf_picture_is_a_note(rendered: Any, tmp_path: Path) -> None:
    source = _workbook_with(rendered, tmp_path, [(BESSOE1_SHEET, "A3", sample_figure(1))])
    result = import_file(_with_media(source, tmp_path / "emf.xlsx", _emf()))
    assert _figures(result) == []
    assert any("EMF" in note and "1件" in note for note in result.report.notes)


def test_a_broken_picture_refuses_the_workbook_in_japanese(rendered: Any, tmp_path: Path) -> None:
    source = _workbook_with(rendered, tmp_path, [(BESSOE1_SHEET, "A3", sample_figure(1))])
    broken = _with_media(source, tmp_path / "broken.xlsx", _emf(frame=0))  # Pillow divides by the frame
    with pytest.raises(ImportRefused, match="Excel\\(XLSX\\)ファイルとして読めません"):
        import_file(broken)


# ------------------------------------------------------------------ DOCX
def _heading_index(document: Any, text: str, occurrence: int) -> int:
    found = [n for n, p in enumerate(document.paragraphs) if p.text.strip() == text]
    return found[occurrence]


def test_docx_pictures_in_the_bessoe1_section_are_its_figures(rendered: Any, tmp_path: Path) -> None:
    document = docx.Document(str(rendered(FULL, "docx")))
    paragraphs = document.paragraphs
    body = _heading_index(document, "(別添1) 事務の内容", -1)  # the part itself, not the 項目一覧 entry
    after = paragraphs[body + 1].insert_paragraph_before()
    after.add_run().add_picture(io.BytesIO(sample_figure(1)))
    docpr = after._p.find(f".//{qn('wp:docPr')}")
    docpr.set("descr", "住民基本台帳事務の流れ")
    other = _heading_index(document, "(別添2) 特定個人情報ファイル記録項目", -1)
    paragraphs[other + 1].insert_paragraph_before().add_run().add_picture(io.BytesIO(_jpeg(2)))
    source = tmp_path / "with-figures.docx"
    document.save(str(source))
    result = import_file(source)
    (ref,) = _figures(result)
    assert ref["file"] == "bessoe1-figure-1.png"
    assert ref["caption"] == "住民基本台帳事務の流れ"  # the picture's alt text
    assert result.attachments[ref["sha256"]] == sample_figure(1)
    assert result.report.figures == 1
    assert _image_codes(result) == []
    assert any("画像は取り込みませんでした" in note for note in result.report.notes)  # the (別添2) one


def test_a_docx_jpeg_stays_a_jpeg(rendered: Any, tmp_path: Path) -> None:
    document = docx.Document(str(rendered(FULL, "docx")))
    body = _heading_index(document, "(別添1) 事務の内容", -1)
    document.paragraphs[body + 1].insert_paragraph_before().add_run().add_picture(io.BytesIO(_jpeg(1)))
    source = tmp_path / "jpeg.docx"
    document.save(str(source))
    result = import_file(source)
    (ref,) = _figures(result)
    assert ref["media_type"] == "image/jpeg"
    assert ref["file"].endswith(".jpg")
    assert result.attachments[ref["sha256"]] == _jpeg(1)


# ------------------------------------------------------------------ PDF
def _bessoe1_page(pdf: pdfium.PdfDocument) -> int:
    for number, page in enumerate(pdf):
        text = page.get_textpage().get_text_range()
        if "(別添1) 事務の内容\r\n1." in text or "(別添1) 事務の内容\n1." in text:
            return number
    raise AssertionError("no (別添1) page")


def test_pdf_image_objects_of_the_bessoe1_page_are_its_figures(rendered: Any, tmp_path: Path) -> None:
    pdf = pdfium.PdfDocument(rendered(FULL, "pdf"))
    page = pdf[_bessoe1_page(pdf)]
    bitmap = pdfium.PdfImage.new(pdf)
    bitmap.set_bitmap(pdfium.PdfBitmap.from_pil(Image.open(io.BytesIO(sample_figure(1))).convert("RGB")), pages=[page])
    bitmap.set_matrix(pdfium.PdfMatrix().scale(400, 200).translate(80, 100))
    page.insert_obj(bitmap)
    jpeg = pdfium.PdfImage.new(pdf)
    jpeg.load_jpeg(io.BytesIO(_jpeg(2)), pages=[page], inline=False)
    jpeg.set_matrix(pdfium.PdfMatrix().scale(300, 150).translate(80, 320))
    page.insert_obj(jpeg)
    page.gen_content()
    source = tmp_path / "with-figures.pdf"
    pdf.save(source)
    pdf.close()
    result = import_file(source)
    refs = _figures(result)
    assert [r["media_type"] for r in refs] == ["image/jpeg", "image/png"]  # top to bottom
    assert result.attachments[refs[0]["sha256"]] == _jpeg(2)
    png = Image.open(io.BytesIO(result.attachments[refs[1]["sha256"]])).convert("RGB")
    assert png.size == (1200, 600)
    assert png.tobytes() == Image.open(io.BytesIO(sample_figure(1))).convert("RGB").tobytes()
    assert result.report.figures == 2
    assert _image_codes(result) == []


DRAWN = """#set page(paper: "a4")
#set text(font: ("IPAexGothic", "IPAexMincho", "Noto Sans CJK JP"), size: 10pt)
[平成30年5月 様式4]

特定個人情報保護評価書(全項目評価書)

(別添1) 事務の内容

#box(width: 100%, height: {height}cm, {
  place(dx: 0cm, dy: 1cm, rect(width: {w}cm, height: 2cm, radius: 4pt)[住民])
  place(dx: {right}cm, dy: 1cm, rect(width: {w}cm, height: 2cm, radius: 4pt)[窓口])
  place(dx: 2cm, dy: 3cm, line(start: (0cm, 0cm), end: ({across}cm, {down}cm)))
})

1.住民基本台帳の記録の流れ。
"""


def _drawn_pdf(tmp_path: Path, scale: float) -> bytes:
    """A (別添1) page with a diagram drawn in vectors (two boxes, a slanting line), ``scale``
    times the size of one covering about half the page."""
    text = DRAWN
    sizes = {"height": 18 * scale, "w": 4 * scale, "right": 11 * scale, "across": 9 * scale, "down": 12 * scale}
    for key, value in sizes.items():
        text = text.replace("{" + key + "}", f"{value:.2f}")
    source = tmp_path / "drawn.typ"
    source.write_text(text, encoding="utf-8")
    return bytes(typst.compile(str(source)))


def test_a_vector_drawing_covering_the_page_is_rasterised(tmp_path: Path) -> None:
    result = import_bytes(_drawn_pdf(tmp_path, 1.0), "drawn.pdf")
    (ref,) = _figures(result)
    data = result.attachments[ref["sha256"]]
    info = image_info(data)
    assert info.media_type == "image/png"
    assert 1000 < info.width < 1400
    assert 1000 < info.height < 1400
    assert result.report.figures == 1
    assert _image_codes(result) == []
    assert "住民" in result.document.values["bessoe1.body"]  # the text inside stays text too


def test_a_small_vector_drawing_is_not_a_figure(tmp_path: Path) -> None:
    result = import_bytes(_drawn_pdf(tmp_path, 0.4), "drawn.pdf")
    assert _figures(result) == []
    assert result.attachments == {}


def test_a_rasterised_page_is_made_to_fit_the_byte_limit(tmp_path: Path, monkeypatch: Any) -> None:
    from pia.forms.model import Item

    monkeypatch.setattr(Item, "byte_limit", property(lambda self: 12_000))
    result = import_bytes(_drawn_pdf(tmp_path, 1.0), "drawn.pdf")
    (ref,) = _figures(result)
    data = result.attachments[ref["sha256"]]
    assert len(data) <= 12_000
    assert image_info(data, 12_000).width < 1000  # drawn at a smaller scale


def test_the_rendered_forms_own_rules_are_no_figure(rendered: Any) -> None:
    for fmt in ("pdf", "xlsx", "docx"):
        result = import_file(rendered(FULL, fmt))
        assert result.report.figures == 0, fmt
        assert result.attachments == {}, fmt
        assert "bessoe1.figure" not in result.document.values


def test_plain_text_has_no_figures(rendered: Any) -> None:
    result = import_file(rendered(FULL, "text"))
    assert result.attachments == {}
    assert result.report.figures == 0


# ------------------------------------------------------------------ the report and the value
def test_the_report_keeps_the_figure_count_and_old_reports_load(rendered: Any, tmp_path: Path) -> None:
    result = import_file(_workbook_with(rendered, tmp_path, [(BESSOE1_SHEET, "A3", sample_figure(1))]))
    data = result.report.to_data()
    assert data["figures"] == 1
    assert ImportReport.from_data(data) == result.report
    del data["figures"]  # a report stored before figures were imported
    assert ImportReport.from_data(data).figures == 0


def test_text_printed_after_the_figures_label_is_never_a_figure() -> None:
    item = get_form("full").item("bessoe1.figure")
    read = read_value(item, "図のとおり")
    assert read.value is None
    assert read.rest == "図のとおり"


def test_the_copied_source_keeps_its_figures(rendered: Any, tmp_path: Path) -> None:
    source = _workbook_with(rendered, tmp_path, [(BESSOE1_SHEET, "A3", sample_figure(2))])
    copy = tmp_path / "copy.bin"
    shutil.copy(source, copy)  # the format comes from the content, the name does not matter
    assert import_file(copy).report.figures == 1


def test_a_linked_docx_picture_is_a_note(rendered: Any, tmp_path: Path) -> None:
    document = docx.Document(str(rendered(FULL, "docx")))
    body = _heading_index(document, "(別添1) 事務の内容", -1)
    paragraph = document.paragraphs[body + 1].insert_paragraph_before()
    paragraph.add_run().add_picture(io.BytesIO(sample_figure(1)))
    blip = paragraph._p.find(f".//{qn('a:blip')}")
    blip.set(qn("r:link"), blip.get(qn("r:embed")))  # as Word stores a picture linked to a file
    del blip.attrib[qn("r:embed")]
    source = tmp_path / "linked.docx"
    document.save(str(source))
    result = import_file(source)
    assert _figures(result) == []
    assert any("リンクされた画像" in note for note in result.report.notes)


def test_a_picture_belongs_to_the_part_read_where_it_is() -> None:
    """One sheet holding several parts: the rows above a picture say which part it is in."""
    template = get_form("full")
    parts = ["I", "I", "bessoe1", "bessoe1", "II"]
    pieces = [Piece(f"p{n}", Place(1, 1.0, float(n), ""), n) for n in range(len(parts))]
    pieces.append(Piece("next sheet", Place(2, 1.0, 1.0, ""), 9))
    parts.append("II")

    def spot(page: int, after: int, name: str) -> FigureSpot:
        return FigureSpot(page, after, lambda _max: [Picture(sample_figure(1), name)])

    spots = [spot(1, 3, "in 別添1"), spot(1, 1, "in Ⅰ"), spot(1, 5, "under Ⅱ"), spot(2, 5, "top of sheet 2")]
    values: dict[str, Any] = {}
    outcome = place_figures(template, pieces, parts, spots, values)
    assert outcome.imported == 1
    assert len(values["bessoe1.figure"]) == 1
    (note,) = outcome.notes
    assert "in Ⅰ、under Ⅱ、top of sheet 2" in note
    assert "「(別添1) 事務の内容」の外" in note


def test_a_pdf_image_outside_the_bessoe1_pages_is_not_searched(rendered: Any, tmp_path: Path) -> None:
    pdf = pdfium.PdfDocument(rendered(FULL, "pdf"))
    cover = pdf[0]
    image = pdfium.PdfImage.new(pdf)
    image.load_jpeg(io.BytesIO(_jpeg(1)), pages=[cover], inline=False)
    image.set_matrix(pdfium.PdfMatrix().scale(100, 50).translate(400, 700))
    cover.insert_obj(image)
    cover.gen_content()
    source = tmp_path / "logo.pdf"
    pdf.save(source)
    pdf.close()
    saved = pdfium.PdfDocument(source)
    assert len(list(saved[0].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]))) == 1  # the logo is there
    saved.close()
    result = import_file(source)
    assert _figures(result) == []
    assert result.attachments == {}
