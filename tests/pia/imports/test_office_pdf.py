"""PDFs as bodies publish them: the commission-like workbook and Word form of the other tests
saved as PDF by an office suite (LibreOffice, headless; skipped where it is not installed).
LibreOffice writes a page's text in its own order, not the reading order."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from test_commission_layouts import _word_form
from test_fixtures import _basic_lines, _workbook

from pia.imports.api import import_file

SOFFICE = shutil.which("soffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def _as_pdf(source: Path) -> Path:
    profile = source.parent / "profile"
    command = [str(SOFFICE), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf"]
    subprocess.run(
        [*command, "--outdir", str(source.parent), str(source)], check=True, capture_output=True, timeout=180
    )
    return source.with_suffix(".pdf")


def test_a_workbook_saved_as_pdf(tmp_path: Path) -> None:
    sheet = tmp_path / "基礎項目.xlsx"
    sheet.write_bytes(_workbook(_basic_lines()))
    result = import_file(_as_pdf(sheet))
    values = result.document.values
    assert result.report.source_format == "pdf"
    assert result.report.edition_label == "[平成29年5月 様式2]"
    assert values["cover.number"] == "21"
    assert values["cover.agency"] == "○○市長"
    assert values["cover.publication_date"] == "2021-03-31"
    assert values["I.1.1"] == "母子保健に関する事務"
    assert result.report.unplaced == ()


def test_a_word_form_saved_as_pdf(tmp_path: Path) -> None:
    form = tmp_path / "様式4.docx"
    form.write_bytes(_word_form())
    values = import_file(_as_pdf(form)).document.values
    blocks = values["files"][0]["II.file.4.itaku"]
    assert [b["II.file.4.itaku.name"] for b in blocks] == ["システム保守", "通知書の印刷"]
    assert blocks[0]["II.file.4.itaku.1"] == "介護保険システムの保守\n及び障害対応"
    assert blocks[1]["II.file.4.itaku.6"] == "株式会社○○印刷"
