"""`pia render` and `pia validate` read the figure files named by the document from its folder:
a missing one is an error naming it (exit 2, no traceback); a replaced one is a finding."""

from __future__ import annotations

from pathlib import Path

import pytest

from pia.cli import main
from pia.document import load_document, save_document
from pia.document.images import image_reference
from pia.render.sample import sample_figure

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def _with_figure(tmp_path: Path, *, write_file: bool = True) -> Path:
    """The full example with one figure, saved in ``tmp_path`` (its file beside it)."""
    document = load_document(EXAMPLES / "jumin-kihon-daicho-v1.yaml")
    ref = image_reference("bessoe1-figure-1.png", sample_figure(1), "事務の流れ")
    document.values["bessoe1.figure"] = [ref.to_data()]
    path = tmp_path / "doc.yaml"
    save_document(document, path)
    if write_file:
        (tmp_path / ref.file).write_bytes(sample_figure(1))
    return path


def test_render_reads_the_figure_beside_the_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _with_figure(tmp_path)
    out = tmp_path / "out.html"
    assert main(["render", str(path), "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "data:image/png;base64," in html
    assert "事務の流れ" in html


@pytest.mark.parametrize("command", ["render", "validate"])
def test_a_missing_figure_file_is_an_error_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    path = _with_figure(tmp_path, write_file=False)
    args = [command, str(path)] + (["-o", str(tmp_path / "out.html")] if command == "render" else [])
    assert main(args) == 2
    captured = capsys.readouterr()
    assert "bessoe1-figure-1.png" in captured.err
    assert "見つかりません" in captured.err
    assert "Traceback" not in captured.err + captured.out
    assert not (tmp_path / "out.html").exists()


def test_validate_passes_the_figures_to_the_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _with_figure(tmp_path)
    main(["validate", str(path), "--level", "draft"])
    assert "image.missing" not in capsys.readouterr().out
    (tmp_path / "bessoe1-figure-1.png").write_bytes(sample_figure(2))  # replaced by another picture
    assert main(["validate", str(path), "--level", "draft"]) == 1
    printed = capsys.readouterr().out
    assert "image.missing" in printed
    assert "sha256 と一致しません" in printed
