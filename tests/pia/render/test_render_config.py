"""Bundled fonts, their licence, and overriding the fonts through the environment."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from pia.document import load_document
from pia.render.build import build_print
from pia.render.config import BUNDLED_FONT_DIR, TEMPLATE_DIR, font_config
from pia.render.html import html_text
from pia.render.pdf import pdf_bytes

ROOT = Path(__file__).resolve().parents[3]


def test_fonts_and_licence_are_bundled() -> None:
    assert {p.name for p in BUNDLED_FONT_DIR.glob("*.ttf")} == {"ipaexm.ttf", "ipaexg.ttf"}
    licence = (BUNDLED_FONT_DIR / "IPA_Font_License_Agreement_v1.0.txt").read_text(encoding="utf-8")
    assert "IPAフォントライセンスv1.0" in licence
    assert "IPA Font License Agreement v1.0" in licence


def test_templates_and_fonts_are_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["pia"]
    assert "render/templates/*" in patterns
    assert "render/fonts/*" in patterns
    assert (TEMPLATE_DIR / "report.typ").is_file()
    assert (TEMPLATE_DIR / "summary.typ").is_file()


def test_default_fonts(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("PIA_FONT_DIR", "PIA_FONT_SERIF", "PIA_FONT_SANS"):
        monkeypatch.delenv(name, raising=False)
    config = font_config()
    assert config.dirs == (BUNDLED_FONT_DIR,)
    assert (config.serif_name, config.sans_name) == ("IPAexMincho", "IPAexGothic")


def test_fonts_can_be_overridden(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    shutil.copy(BUNDLED_FONT_DIR / "ipaexg.ttf", tmp_path / "ipaexg.ttf")
    monkeypatch.setenv("PIA_FONT_DIR", str(tmp_path))
    monkeypatch.setenv("PIA_FONT_SERIF", "IPAexGothic")
    config = font_config()
    assert config.dirs[0] == tmp_path
    assert config.serif == ("IPAexGothic", "IPAexMincho")
    model = build_print(load_document(ROOT / "examples" / "boshi-hoken-basic.yaml"))
    pdf = pdf_bytes(model, config)
    assert b"IPAexGothic" in pdf
    assert b"IPAexMincho" not in pdf
    assert '--serif: "IPAexGothic", "IPAexMincho"' in html_text(model, config)
