"""``pia import``: the document YAML, the report, the figure files, the counts and the unplaced
text printed."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from openpyxl.drawing.image import Image as SheetImage

from pia.cli import main
from pia.document.codec import load_document
from pia.render.sample import sample_figure


def test_import_writes_the_document_and_the_report(
    rendered: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, report = tmp_path / "in.yaml", tmp_path / "report.yaml"
    source = rendered("jumin-kihon-daicho-basic.yaml", "pdf")
    code = main(["import", str(source), "-o", str(out), "--report", str(report)])
    printed = capsys.readouterr().out
    assert code == 0
    assert "値を読み取った項目" in printed
    assert "[平成29年5月 様式2]" in printed
    document = load_document(out)
    assert document.form == "basic"
    data = yaml.safe_load(report.read_text(encoding="utf-8"))
    assert data["items_filled"] > 10
    assert data["source_format"] == "pdf"


def test_unplaced_text_is_listed_with_where(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "copied.txt"
    source.write_text(
        "特定個人情報保護評価書(基礎項目評価書)\n[平成29年5月 様式2]\n備考: 調整中\n評価書番号\n21\n", encoding="utf-8"
    )
    assert main(["import", str(source), "-o", str(tmp_path / "out.yaml")]) == 0
    printed = capsys.readouterr().out
    assert "3行目" in printed
    assert "調整中" in printed


def test_a_refused_file_is_an_error_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "empty.pdf"
    source.write_bytes(b"")
    out = tmp_path / "out.yaml"
    assert main(["import", str(source), "-o", str(out)]) == 2
    assert "エラー:" in capsys.readouterr().err
    assert not out.exists()


def test_an_unwritable_output_leaves_no_report(
    rendered: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = rendered("jumin-kihon-daicho-basic.yaml", "docx")
    report = tmp_path / "report.yaml"
    out = tmp_path / "missing-folder" / "out.yaml"
    assert main(["import", str(source), "-o", str(out), "--report", str(report)]) == 2
    assert "エラー:" in capsys.readouterr().err
    assert not report.exists()


def _workbook_with_figure(rendered: Any, tmp_path: Path) -> Path:
    workbook = openpyxl.load_workbook(rendered("jumin-kihon-daicho-v1.yaml", "xlsx"))
    workbook["(別添1) 事務の内容"].add_image(SheetImage(io.BytesIO(sample_figure(1))), "A3")
    source = tmp_path / "source" / "with-figure.xlsx"
    source.parent.mkdir()
    workbook.save(source)
    return source


def test_import_writes_the_figures_beside_the_document_and_render_finds_them(
    rendered: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _workbook_with_figure(rendered, tmp_path)
    out = tmp_path / "out" / "in.yaml"
    out.parent.mkdir()
    assert main(["import", str(source), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "取り込んだ図: 1件" in printed
    assert "図を1件" in printed
    assert "bessoe1-figure-1.png" in printed
    assert (out.parent / "bessoe1-figure-1.png").read_bytes() == sample_figure(1)
    assert sorted(p.name for p in out.parent.iterdir()) == ["bessoe1-figure-1.png", "in.yaml"]
    html = tmp_path / "out" / "in.html"
    assert main(["render", str(out), "-o", str(html)]) == 0
    assert "data:image/png;base64," in html.read_text(encoding="utf-8")
    assert main(["import", str(source), "-o", str(out)]) == 0  # the same file again: kept as it is


def test_import_never_replaces_a_different_figure_file(
    rendered: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _workbook_with_figure(rendered, tmp_path)
    existing = tmp_path / "bessoe1-figure-1.png"
    existing.write_bytes(sample_figure(2))
    out, report = tmp_path / "in.yaml", tmp_path / "report.yaml"
    assert main(["import", str(source), "-o", str(out), "--report", str(report)]) == 2
    err = capsys.readouterr().err
    assert str(existing) in err
    assert "上書きしない" in err
    assert existing.read_bytes() == sample_figure(2)
    assert not out.exists()
    assert not report.exists()
