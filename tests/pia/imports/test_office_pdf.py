"""A PDF as bodies publish it: the commission-like workbook saved as PDF by an office suite
(LibreOffice here, headless; skipped where it is not installed)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from test_fixtures import _basic_lines, _workbook

from pia.imports.api import import_file

SOFFICE = shutil.which("soffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_a_workbook_saved_as_pdf_by_an_office_suite(tmp_path: Path) -> None:
    sheet = tmp_path / "基礎項目.xlsx"
    sheet.write_bytes(_workbook(_basic_lines()))
    profile = tmp_path / "profile"
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(sheet),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    result = import_file(tmp_path / "基礎項目.pdf")
    values = result.document.values
    assert result.report.source_format == "pdf"
    assert result.report.edition_label == "[平成29年5月 様式2]"
    assert values["cover.number"] == "21"
    assert values["cover.agency"] == "○○市長"
    assert values["cover.publication_date"] == "2021-03-31"
    assert values["I.1.1"] == "母子保健に関する事務"
