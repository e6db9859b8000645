"""Figures of (別添1) in every writer: the picture is in the output (its bytes where the format
keeps them), with its caption and its alternative text; a change draft marks a new figure
「(図を変更)」 and prints a removed one 「【削除】図「…」(file)」; the public edition of a withheld image
item prints 「(非公表)」 and no picture. The data list (データ一覧) holds a figure in words.

Each format is read back by a reader of its own (pypdfium2, python-docx, openpyxl, the HTML
text), so one table of expectations covers them all.
"""

from __future__ import annotations

import base64
import ctypes
import html
import io
import re
import textwrap
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import docx
import openpyxl
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from docx.shared import Mm
from PIL import Image

from pia.document import Document, load_document
from pia.document.images import image_reference
from pia.forms.loader import load_form
from pia.render import pdf as pdf_module
from pia.render.api import print_model
from pia.render.build import build_print
from pia.render.docx import docx_bytes
from pia.render.errors import RenderError
from pia.render.html import html_text
from pia.render.model import FIGURE_CHANGED, FIGURE_TALLEST, Figure, PrintDocument
from pia.render.pdf import compile_typst, pdf_bytes
from pia.render.sample import sample_figure
from pia.render.xlsx import xlsx_bytes
from pia.render.xlsx_form import xlsx_form_bytes

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
PART = "(別添1) 事務の内容"
REMOVED = "【削除】"
WITHHELD = "(非公表)"
MM_PT = 72 / 25.4


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def picture(width: int, height: int, colour: tuple[int, int, int], kind: str = "PNG", dpi: int = 96) -> bytes:
    """A plain image of the given size (sizes tell the figures apart in the PDF, which re-encodes)."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, kind, dpi=(dpi, dpi))
    return out.getvalue()


FLOW = sample_figure(1)  # PNG, 1200 × 600
CHART = picture(900, 600, (30, 90, 160), "JPEG")
TALL = picture(400, 2400, (160, 40, 40))  # far taller than a page at the text width
OTHER = sample_figure(2)


@dataclass(frozen=True)
class Shot:
    """A picture read back: its size in pixels, and its bytes where the format keeps them."""

    width: int
    height: int
    data: bytes | None


@dataclass(frozen=True)
class Output:
    shots: list[Shot]  # the pictures of (別添1), in order
    text: str  # everything printed, whitespace removed
    alts: list[str]  # the alternative texts of the pictures


# ------------------------------------------------------------------ readers


def _shot(data: bytes) -> Shot:
    with Image.open(io.BytesIO(data)) as image:
        return Shot(image.width, image.height, data)


def _pdfium_text(function: Callable[..., int], element: object) -> str:
    size = function(element, None, 0)
    if size <= 2:
        return ""
    buffer = ctypes.create_string_buffer(size)
    function(element, buffer, size)
    return buffer.raw[: size - 2].decode("utf-16-le")


def pdf_alts(page: pdfium.PdfPage) -> list[str]:
    """The /Alt texts of the page's Figure structure elements (the tagged PDF)."""
    tree = pdfium_c.FPDF_StructTree_GetForPage(page.raw)
    found: list[str] = []

    def visit(element: object) -> None:
        if _pdfium_text(pdfium_c.FPDF_StructElement_GetType, element) == "Figure":
            found.append(_pdfium_text(pdfium_c.FPDF_StructElement_GetAltText, element))
        for n in range(pdfium_c.FPDF_StructElement_CountChildren(element)):
            child = pdfium_c.FPDF_StructElement_GetChildAtIndex(element, n)
            if child:
                visit(child)

    try:
        for n in range(pdfium_c.FPDF_StructTree_CountChildren(tree)):
            visit(pdfium_c.FPDF_StructTree_GetChildAtIndex(tree, n))
    finally:
        pdfium_c.FPDF_StructTree_Close(tree)
    return found


def pdf_images(page: pdfium.PdfPage) -> list[pdfium.PdfImage]:
    return list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]))


def part_page(document: pdfium.PdfDocument, title: str = PART) -> int:
    """The page the part starts on (the 項目一覧 lists the title too)."""
    texts = [squash(page.get_textpage().get_text_range()) for page in document]
    return next(n for n, text in enumerate(texts) if squash(title) in text and "項目一覧" not in text)


def read_pdf(data: bytes) -> Output:
    document = pdfium.PdfDocument(data)
    page = document[part_page(document)]
    shots = [Shot(*image.get_px_size(), None) for image in pdf_images(page)]
    text = squash("".join(p.get_textpage().get_text_range() for p in document))
    return Output(shots, text, [alt for p in document for alt in pdf_alts(p)])


def read_docx(data: bytes) -> Output:
    document = docx.Document(io.BytesIO(data))
    shots, alts = [], []
    for shape in document.inline_shapes:
        inline = shape._inline
        part = document.part.related_parts[inline.graphic.graphicData.pic.blipFill.blip.embed]
        shots.append(_shot(part.blob))
        alts.append(inline.docPr.get("descr", ""))
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return Output(shots, squash("".join(texts)), alts)


def read_xlsx(data: bytes) -> Output:
    book = openpyxl.load_workbook(io.BytesIO(data))
    images = sorted(book[PART]._images, key=lambda image: image.anchor._from.row) if PART in book.sheetnames else []
    shots = [_shot(image._data()) for image in images]
    cells = [str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        drawings = [archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/drawings/drawing")]
    alts = [html.unescape(a) for d in drawings for a in re.findall(r'<xdr:cNvPr [^>]*descr="([^"]*)"', d)]
    return Output(shots, squash("".join(cells)), alts)


def read_html(data: bytes) -> Output:
    page = data.decode("utf-8")
    images = re.findall(r'<img src="data:(image/[a-z]+);base64,([^"]+)" alt="([^"]*)"', page)
    shots = [_shot(base64.b64decode(encoded)) for _, encoded, _ in images]
    body = page[page.index("<body>") :]
    return Output(shots, squash(html.unescape(re.sub(r"<[^>]+>", "", body))), [html.unescape(a) for *_, a in images])


@dataclass(frozen=True)
class Writer:
    name: str
    write: Callable[[PrintDocument], bytes]
    read: Callable[[bytes], Output]
    keeps_bytes: bool  # the format embeds the file as given (the PDF re-encodes it)

    def __call__(self, model: PrintDocument) -> Output:
        return self.read(self.write(model))


WRITERS = [
    Writer("pdf", pdf_bytes, read_pdf, False),
    Writer("docx", docx_bytes, read_docx, True),
    Writer("xlsx", xlsx_form_bytes, read_xlsx, True),
    Writer("html", lambda m: html_text(m).encode("utf-8"), read_html, True),
]
writers = pytest.mark.parametrize("writer", WRITERS, ids=lambda w: w.name)


# ------------------------------------------------------------------ documents


@pytest.fixture(scope="module")
def example() -> Document:
    return load_document(EXAMPLES / "jumin-kihon-daicho-v2.yaml")


def with_figures(document: Document, *figures: tuple[bytes, str]) -> tuple[Document, dict[str, bytes]]:
    """A copy of ``document`` whose (別添1) holds these (bytes, caption) figures, and their bytes."""
    copy = document.copy()
    refs = [image_reference(f"figure-{n}.png", data, caption) for n, (data, caption) in enumerate(figures, 1)]
    copy.values["bessoe1.figure"] = [ref.to_data() for ref in refs]
    return copy, {ref.sha256: data for ref, (data, _) in zip(refs, figures, strict=True)}


def figures_of(model: PrintDocument) -> list[Figure]:
    return [b for part in model.parts for b in part.blocks if isinstance(b, Figure)]


# ------------------------------------------------------------------ every writer


@writers
def test_each_writer_prints_the_figures_of_bessoe1_in_order(writer: Writer, example: Document) -> None:
    document, attachments = with_figures(example, (FLOW, "事務の流れ"), (CHART, "システムの構成"))
    out = writer(print_model(document, attachments=attachments))
    assert [(s.width, s.height) for s in out.shots] == [(1200, 600), (900, 600)]
    if writer.keeps_bytes:
        assert [s.data for s in out.shots] == [FLOW, CHART]


@writers
def test_each_writer_prints_the_caption_and_the_alternative_text(writer: Writer, example: Document) -> None:
    document, attachments = with_figures(example, (FLOW, "住民基本台帳事務の流れ"), (CHART, ""))
    out = writer(print_model(document, attachments=attachments))
    assert "住民基本台帳事務の流れ" in out.text
    assert out.alts == ["住民基本台帳事務の流れ", "事務の内容の図"]  # no caption: what the figure is
    assert FIGURE_CHANGED not in out.text  # not a change draft


@writers
def test_a_change_draft_marks_a_new_figure_and_prints_a_removed_one(writer: Writer, example: Document) -> None:
    old, before = with_figures(example, (FLOW, "事務の流れ"), (OTHER, "廃止した連携"))
    new, after = with_figures(example, (FLOW, "事務の流れ"), (CHART, "新しい構成"))
    model = print_model(new, previous=old, attachments={**before, **after})
    out = writer(model)
    assert [(s.width, s.height) for s in out.shots] == [(1200, 600), (900, 600)]  # the removed one is words
    assert out.text.count(FIGURE_CHANGED) == 1  # the new figure only; the kept one is not marked
    assert out.text.index("新しい構成") < out.text.index(FIGURE_CHANGED)  # beside its caption
    assert f"{REMOVED}図「廃止した連携」(figure-2.png)" in out.text


PUBLIC_FORM = """
    form: full
    yoshiki: 様式4
    edition: テスト版
    edition_label: "[テスト版 様式4]"
    title: テスト評価書
    latest: true
    status: R
    source: [T1]
    effective: {date: 2020-01-01, status: R}
    sources: {T1: test fixture}
    items:
      - id: cover
        label: 表紙
        kind: section
        children:
          - {id: cover.name, label: 評価書名, kind: text, role: name}
      - id: bessoe1
        label: (別添1) 事務の内容
        kind: section
        children:
          - {id: bessoe1.figure, label: 事務の内容(図), kind: image, max_elements: 10, non_public: true}
          - {id: bessoe1.body, label: (別添1) 事務の内容, kind: text}
"""


@writers
def test_the_public_edition_of_a_withheld_figure_prints_withheld_and_no_picture(writer: Writer, tmp_path: Path) -> None:
    path = tmp_path / "form.yaml"
    path.write_text(textwrap.dedent(PUBLIC_FORM), encoding="utf-8")
    template = load_form(path)
    ref = image_reference("figure.png", FLOW, "庁内ネットワークの構成")
    values = {"cover.name": "試験の評価書", "bessoe1.figure": [ref.to_data()], "bessoe1.body": "事務の説明。"}
    document = Document(template.form, template.edition, "local", values)
    attachments = {ref.sha256: FLOW}
    internal = writer(build_print(document, template, attachments=attachments))
    assert len(internal.shots) == 1  # the item is printed inside
    assert WITHHELD not in internal.text
    public = writer(build_print(document, template, public=True, attachments=attachments))
    assert public.shots == []
    assert public.alts == []
    assert WITHHELD in public.text
    assert "事務の説明。" in public.text
    assert "庁内ネットワークの構成" not in public.text


# ------------------------------------------------------------------ page fit


def test_a_tall_figure_is_scaled_down_to_the_pdf_text_area(example: Document) -> None:
    document, attachments = with_figures(example, (TALL, "縦長の図"))
    pdf = pdfium.PdfDocument(pdf_bytes(print_model(document, attachments=attachments)))
    (image,) = [i for page in pdf for i in pdf_images(page)]
    left, bottom, right, top = image.get_bounds()
    assert top - bottom <= 178 * FIGURE_TALLEST * MM_PT + 1  # never taller than the page allows
    assert (right - left) / (top - bottom) == pytest.approx(400 / 2400, rel=0.01)  # aspect ratio kept
    wide, attachments = with_figures(example, (FLOW, "横長の図"))
    pdf = pdfium.PdfDocument(pdf_bytes(print_model(wide, attachments=attachments)))
    (image,) = [i for page in pdf for i in pdf_images(page)]
    left, _, right, _ = image.get_bounds()
    assert right - left == pytest.approx(178 * MM_PT - 2 * 3, abs=1)  # the text width, less the frame's inset


def test_a_tall_figure_is_scaled_down_to_the_docx_page(example: Document) -> None:
    document, attachments = with_figures(example, (TALL, "縦長の図"), (FLOW, "横長の図"))
    shapes = docx.Document(io.BytesIO(docx_bytes(print_model(document, attachments=attachments)))).inline_shapes
    tall, wide = shapes
    assert tall.height <= Mm(178 * FIGURE_TALLEST) + 1
    assert tall.width / tall.height == pytest.approx(400 / 2400, rel=0.01)
    assert wide.width == pytest.approx(Mm(178), abs=Mm(0.1))  # the text width
    assert wide.width / wide.height == pytest.approx(2, rel=0.01)


def test_the_xlsx_reserves_the_rows_under_a_figure_and_captions_it_there(example: Document) -> None:
    document, attachments = with_figures(example, (TALL, "縦長の図"), (FLOW, "横長の図"))
    book = openpyxl.load_workbook(io.BytesIO(xlsx_form_bytes(print_model(document, attachments=attachments))))
    sheet = book[PART]
    tall, wide = sorted(sheet._images, key=lambda image: image.anchor._from.row)
    column = {c.value: c.row for c in sheet["A"] if c.value}  # openpyxl rows are 1-based, anchors 0-based
    for image, caption in ((tall, "縦長の図"), (wide, "横長の図")):
        first, last = image.anchor._from.row, image.anchor.to.row
        assert column[caption] == last + 2  # the caption in the row right under the picture
        heights = [sheet.row_dimensions[r + 1].height for r in range(first, last + 1)]
        assert all(h is not None and h <= 409 for h in heights)  # Excel's limit of a row
    assert tall.anchor.to.row > tall.anchor._from.row  # taller than one row can be
    assert wide.anchor._from.row > tall.anchor.to.row + 1  # what follows starts under it
    body = next(c for c in sheet["A"] if c.value and str(c.value).startswith("1.住民基本台帳の記録"))
    assert body.row > wide.anchor.to.row + 2


@pytest.mark.parametrize("dpi", [72, 300])
def test_the_xlsx_figure_spans_the_columns_whatever_the_resolution_its_file_states(example: Document, dpi: int) -> None:
    """xlsxwriter sizes a picture by the dpi in its file; the writer scales it to the columns."""

    def anchor(data: bytes) -> tuple[int, ...]:
        document, attachments = with_figures(example, (data, "図"))
        book = openpyxl.load_workbook(io.BytesIO(xlsx_form_bytes(print_model(document, attachments=attachments))))
        (image,) = book[PART]._images
        start, end = image.anchor._from, image.anchor.to
        return start.col, start.row, end.col, end.colOff, end.row, end.rowOff

    screen = anchor(picture(1200, 600, (0, 0, 0)))
    assert screen[2] == 10  # to column K, the last of the sheet
    assert anchor(picture(1200, 600, (0, 0, 0), dpi=dpi)) == screen


# ------------------------------------------------------------------ the data list


def test_the_data_list_holds_a_figure_as_its_reference_in_words(example: Document) -> None:
    old, before = with_figures(example, (FLOW, "事務の流れ"), (OTHER, "廃止した連携"))
    new, after = with_figures(example, (FLOW, "事務の流れ"), (CHART, "新しい構成"))
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(print_model(new, previous=old, attachments=before | after))))
    rows = [row for row in book[PART].iter_rows(values_only=True) if row[3] == "bessoe1.figure"]
    assert [(r[0], r[1], r[2] or "") for r in rows] == [
        ("図", "図「事務の流れ」(figure-1.png)", ""),
        ("図", "図「新しい構成」(figure-2.jpg)", "変更"),
        ("事務の内容(図)", "", "削除"),  # as any removed value: the row, then its previous text
        ("事務の内容(図)(削除前)", "図「廃止した連携」(figure-2.png)", "削除"),
    ]
    assert book[PART]._images == []  # data, not pictures


# ------------------------------------------------------------------ the PDF's typst root


def test_a_pdf_without_figures_compiles_in_the_template_folder(
    example: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_copy(*args: object, **kwargs: object) -> None:
        raise AssertionError("a temporary typst root for a 評価書 without figures")

    monkeypatch.setattr(pdf_module.tempfile, "TemporaryDirectory", no_copy)
    assert pdf_bytes(print_model(example)).startswith(b"%PDF")


def test_a_figure_file_name_is_never_a_path() -> None:
    with pytest.raises(RenderError, match="図のファイル名"):
        compile_typst("report.typ", {}, files={"../report.typ": FLOW})
