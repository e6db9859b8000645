"""Files that cannot be imported: each a clear Japanese ImportRefused, nothing returned."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pia.imports import api
from pia.imports.api import import_bytes, import_file
from pia.imports.model import ImportRefused

COVER = "特定個人情報保護評価書(全項目評価書)\n[{label}]\n評価書番号\n1\n"


def _encrypted_pdf() -> bytes:
    """A PDF under the standard security handler whose empty user password does not open it."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Encrypt 4 0 R /ID [<{'ab' * 16}> <{'ab' * 16}>] >>\n"
    out.write(trailer.encode() + f"startxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def _image_only_pdf() -> bytes:
    """What a scanner gives: pages with no text layer."""
    document = pdfium.PdfDocument.new()
    document.new_page(595, 842)
    out = io.BytesIO()
    document.save(out)
    document.close()
    return out.getvalue()


CASES = {
    "empty": (b"", "空"),
    "blank": (b"  \n\n ", "空"),
    "scanned": (_image_only_pdf(), "スキャン"),
    "password-pdf": (_encrypted_pdf(), "パスワード"),
    "password-office": (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64 + "EncryptionInfo".encode("utf-16-le"),
        "パスワード",
    ),
    "old-office": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, ".xls"),
    "corrupt-pdf": (b"%PDF-1.7\n garbage", "壊れて"),
    "corrupt-zip": (b"PK\x03\x04 truncated", "壊れて"),
    "zip-not-office": (b"", "ではありません"),
    "binary": (b"\x00\x01\x02binary", "対応していない形式"),
    "unknown-edition": (COVER.format(label="令和9年1月 様式4").encode(), "[令和9年1月 様式4]"),
    "no-form": ("何かのメモ\n".encode(), "判別できません"),
    "shift-jis-garbage": (b"\x81\x20\x82\x20\xef", "文字コード"),
}


def _zip_without_office() -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return out.getvalue()


@pytest.mark.parametrize("case", sorted(CASES))
def test_refused_with_a_japanese_reason(case: str) -> None:
    data, words = CASES[case]
    if case == "zip-not-office":
        data = _zip_without_office()
    with pytest.raises(ImportRefused) as refused:
        import_bytes(data, f"{case}.bin")
    assert words in str(refused.value)
    assert f"{case}.bin" in str(refused.value) or case in ("unknown-edition", "no-form")


def test_an_unknown_edition_names_the_registered_ones() -> None:
    with pytest.raises(ImportRefused, match=r"登録済み: .*\[平成30年5月 様式4\]"):
        import_bytes(COVER.format(label="令和9年1月 様式4").encode(), "new.txt")


def test_a_file_over_the_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api, "MAX_BYTES", 100)
    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-1.7\n" + b"0" * 200)
    with pytest.raises(ImportRefused, match="大きすぎます"):
        import_file(big)
    with pytest.raises(ImportRefused, match="大きすぎます"):
        import_bytes(big.read_bytes(), "big.pdf")


def test_the_edition_given_overrides_the_label(tmp_path: Path) -> None:
    text = COVER.format(label="令和9年1月 様式4") + "公表日\n令和3年3月31日\n"
    result = import_bytes(text.encode(), "new.txt", form="full", edition="平成30年5月")
    assert result.document.edition == "平成30年5月"
    assert result.document.values["cover.number"] == "1"
    assert result.report.notes


def test_an_unknown_form_option() -> None:
    with pytest.raises(ImportRefused, match="様式の種類"):
        import_bytes(b"x", "x.txt", form="other")


def test_the_edition_printed_is_reported_when_another_is_given() -> None:
    text = COVER.format(label="令和9年1月 様式4") + "公表日\n令和3年3月31日\n"
    report = import_bytes(text.encode(), "new.txt", edition="平成30年5月").report
    assert report.source_edition == "令和9年1月"
    assert report.edition == "平成30年5月"


def test_a_pdf_over_the_page_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from pia.imports import read_pdf

    document = pdfium.PdfDocument.new()
    for _ in range(3):
        document.new_page(595, 842)
    out = io.BytesIO()
    document.save(out)
    document.close()
    monkeypatch.setattr(read_pdf, "MAX_PAGES", 2)
    with pytest.raises(ImportRefused, match="3ページあります。取り込めるのは2ページまで"):
        import_bytes(out.getvalue(), "long.pdf")


def test_a_form_given_that_the_label_contradicts() -> None:
    with pytest.raises(ImportRefused, match=r"\[平成30年5月 様式4\] で、--form basic"):
        import_bytes(COVER.format(label="平成30年5月 様式4").encode(), "full.txt", form="basic")


def test_a_zip_that_unpacks_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    import zipfile

    monkeypatch.setattr(api, "MAX_UNPACKED", 1000)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "0" * 5000)
    with pytest.raises(ImportRefused, match="展開すると"):
        import_bytes(out.getvalue(), "bomb.xlsx")
