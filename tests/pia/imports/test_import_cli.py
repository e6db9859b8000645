"""``pia import``: the document YAML, the report, the counts and the unplaced text printed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from pia.cli import main
from pia.document.codec import load_document


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
