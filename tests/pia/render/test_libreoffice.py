"""The form-layout XLSX and the DOCX open in LibreOffice: converted to PDF headless, they have
about the pages of the typst PDF and print the form's texts (read back with pypdfium2), and a
figure of (別添1) is a picture on the (別添1) page.

Needs ``soffice`` (Debian: ``apt-get install libreoffice-calc-nogui libreoffice-writer-nogui``);
skipped with that reason when it is not installed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from pia.document import load_document
from pia.document.images import image_reference
from pia.render.api import print_model
from pia.render.docx import docx_bytes
from pia.render.model import PrintDocument
from pia.render.pdf import pdf_bytes
from pia.render.sample import sample_figure
from pia.render.xlsx_form import xlsx_form_bytes

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        SOFFICE is None,
        reason="LibreOffice (soffice) not installed: apt-get install libreoffice-calc-nogui libreoffice-writer-nogui",
    ),
]

# Texts of the form every conversion must print (spaces removed).
FORM_TEXTS = [
    "特定個人情報保護評価書(全項目評価書)",
    "[平成30年5月様式4]",
    "評価実施機関名",
    "熊本市長",
    "①システムの名称",
    "既存住民基本台帳システム(既存住基システム)",
    "[委託する]",
    "(2)件",
    "[○]提供を行っている(2)件",
    "1)基礎項目評価及び全項目評価の実施が義務付けられる",
    "(リスク①に対する措置)",
    "(別添3)変更箇所",
]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def convert(source: Path, folder: Path) -> Path:
    """``soffice --headless --convert-to pdf`` with its own profile (tests may run side by side)."""
    profile = folder / "profile"
    command = [
        str(SOFFICE),
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(folder),
        str(source),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    out = folder / f"{source.stem}.pdf"
    assert out.exists(), f"LibreOffice wrote no PDF for {source.name}"
    return out


def pdf_text(data: bytes) -> tuple[int, str]:
    document = pdfium.PdfDocument(data)
    return len(document), squash("".join(page.get_textpage().get_text_range() for page in document))


@pytest.fixture(scope="module")
def model() -> PrintDocument:
    return print_model(load_document(EXAMPLES / "jumin-kihon-daicho-v2.yaml"))


@pytest.fixture(scope="module")
def typst_pages(model: PrintDocument) -> int:
    return pdf_text(pdf_bytes(model))[0]


@pytest.mark.parametrize("kind", ["xlsx", "docx"])
def test_libreoffice_prints_the_form(
    model: PrintDocument, typst_pages: int, kind: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp(f"soffice-{kind}")
    source = folder / f"評価書.{kind}"
    source.write_bytes(xlsx_form_bytes(model) if kind == "xlsx" else docx_bytes(model))
    pages, text = pdf_text(convert(source, folder).read_bytes())
    assert 0.7 * typst_pages <= pages <= 1.5 * typst_pages, (pages, typst_pages)
    missing = [t for t in FORM_TEXTS if t not in text]  # LibreOffice's text order is its own
    assert missing == []


def test_the_xlsx_cover_is_one_page(model: PrintDocument, tmp_path: Path) -> None:
    """Each sheet starts a page; the cover's texts are on the first, the edition label last."""
    source = tmp_path / "評価書.xlsx"
    source.write_bytes(xlsx_form_bytes(model))
    first = squash(pdfium.PdfDocument(convert(source, tmp_path))[0].get_textpage().get_text_range())
    assert "特定個人情報保護評価書(全項目評価書)" in first
    assert "[平成30年5月様式4]" in first
    assert "熊本市長" in first
    assert "項目一覧" not in first


@pytest.fixture(scope="module")
def figured() -> PrintDocument:
    """The example with a diagram in (別添1)."""
    document = load_document(EXAMPLES / "jumin-kihon-daicho-v2.yaml")
    data = sample_figure(1)
    ref = image_reference("bessoe1-figure-1.png", data, "住民基本台帳事務の流れ")
    document.values["bessoe1.figure"] = [ref.to_data()]
    return print_model(document, attachments={ref.sha256: data})


def image_pages(document: pdfium.PdfDocument) -> list[int]:
    return [n for n, page in enumerate(document) if list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]))]


def part_page(document: pdfium.PdfDocument, title: str) -> int:
    """The page a part starts on (the 項目一覧 lists its title too)."""
    texts = [squash(page.get_textpage().get_text_range()) for page in document]
    return next(n for n, text in enumerate(texts) if title in text and "項目一覧" not in text)


@pytest.mark.parametrize("kind", ["xlsx", "docx"])
def test_libreoffice_prints_the_figure_on_the_bessoe1_page(
    figured: PrintDocument, kind: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp(f"soffice-figure-{kind}")
    source = folder / f"評価書.{kind}"
    source.write_bytes(xlsx_form_bytes(figured) if kind == "xlsx" else docx_bytes(figured))
    converted = pdfium.PdfDocument(convert(source, folder).read_bytes())
    typst_pages = len(pdfium.PdfDocument(pdf_bytes(figured)))
    assert 0.7 * typst_pages <= len(converted) <= 1.5 * typst_pages, (len(converted), typst_pages)
    page = part_page(converted, "(別添1)事務の内容")
    assert image_pages(converted) == [page]
    assert "住民基本台帳事務の流れ" in squash(converted[page].get_textpage().get_text_range())
