"""`pia render`: formats, the change draft, --public, and Japanese errors with exit code 2."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pypdfium2 as pdfium
import pytest

import pia.cli
from pia.cli import main

ROOT = Path(__file__).resolve().parents[3]
V1 = str(ROOT / "examples" / "jumin-kihon-daicho-v1.yaml")
BASIC = str(ROOT / "examples" / "boshi-hoken-basic.yaml")


@pytest.fixture(autouse=True)
def registered(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make sure the command is registered (the lead wires it into COMMAND_MODULES)."""
    if "pia.cli.render_cmd" not in pia.cli.COMMAND_MODULES:
        monkeypatch.setattr(pia.cli, "COMMAND_MODULES", (*pia.cli.COMMAND_MODULES, "pia.cli.render_cmd"))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("suffix", ["pdf", "xlsx", "docx", "html"])
def test_renders_every_format_from_the_suffix(capsys: pytest.CaptureFixture[str], tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"評価書.{suffix}"
    code, stdout, err = run(capsys, "render", BASIC, "-o", str(out))
    assert code == 0, err
    assert out.stat().st_size > 1000
    assert str(out) in stdout
    assert err == ""


def test_xlsx_is_the_form_and_data_xlsx_the_data_list(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    form, data = tmp_path / "様式.xlsx", tmp_path / "データ一覧.xlsx"
    assert run(capsys, "render", BASIC, "-o", str(form))[0] == 0
    code, stdout, _ = run(capsys, "render", BASIC, "--format", "data-xlsx", "-o", str(data))
    assert code == 0
    assert "データ一覧" in stdout
    assert openpyxl.load_workbook(form)["表紙"]["A1"].value == "特定個人情報保護評価書(基礎項目評価書)"
    assert openpyxl.load_workbook(data)["表紙"]["A1"].value == "項目"


def test_format_option_wins_over_the_suffix(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "report.bin"
    assert run(capsys, "render", BASIC, "--format", "pdf", "-o", str(out))[0] == 0
    assert out.read_bytes().startswith(b"%PDF")


def test_change_draft_and_public(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    v2 = str(ROOT / "examples" / "jumin-kihon-daicho-v2.yaml")
    out = tmp_path / "素案.pdf"
    code, stdout, _ = run(capsys, "render", v2, "--changes-from", V1, "--public", "-o", str(out))
    assert code == 0
    assert "公表用" in stdout
    header = pdfium.PdfDocument(out)[1].get_textpage().get_text_range()
    assert "変更箇所表示" in header
    assert "公表用" not in header  # no stamp the form does not have
    assert "公表用" not in pdfium.PdfDocument(out)[0].get_textpage().get_text_range()


def test_unknown_format_is_a_japanese_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "render", BASIC, "--format", "odt", "-o", str(tmp_path / "x.odt"))
    assert code == 2
    assert "出力形式" in err
    assert "対応していません" in err
    code, _, err = run(capsys, "render", BASIC, "-o", str(tmp_path / "x.txt"))
    assert code == 2
    assert "拡張子" in err


def test_unwritable_output_is_a_japanese_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "render", BASIC, "-o", str(tmp_path / "missing" / "x.html"))
    assert code == 2
    assert "書き込めません" in err


def test_unreadable_document_is_an_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("form: full\nedition: [\n", encoding="utf-8")
    code, _, err = run(capsys, "render", str(broken), "-o", str(tmp_path / "x.pdf"))
    assert code == 2
    assert "エラー" in err
    code, _, err = run(capsys, "render", str(tmp_path / "none.yaml"), "-o", str(tmp_path / "x.pdf"))
    assert code == 2
    assert "見つかりません" in err


def test_invalid_document_renders_as_a_draft_with_a_warning(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    skeleton = tmp_path / "new.yaml"
    assert run(capsys, "new", "--form", "basic", "-o", str(skeleton))[0] == 0
    out = tmp_path / "draft.pdf"
    code, stdout, err = run(capsys, "render", str(skeleton), "-o", str(out))
    assert code == 0
    assert "警告" in err
    assert "件あります" in err
    assert "下書き" in stdout
    assert "下書き" in pdfium.PdfDocument(out)[0].get_textpage().get_text_range()


def test_changes_from_a_different_form_is_an_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "render", V1, "--changes-from", BASIC, "-o", str(tmp_path / "x.pdf"))
    assert code == 2
    assert "エラー" in err
