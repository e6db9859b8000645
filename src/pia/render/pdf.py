"""PDF through typst: the layout lives in ``templates/*.typ``, the content arrives as JSON.

User text is never interpolated into typst markup: the print model is serialised to JSON
and passed with ``sys_inputs``; the templates print its strings as text. The bundled fonts
(or ``PIA_FONT_DIR``) are the only fonts typst sees, so output never depends on the machine.
PDFs are tagged (typst's default) so screen readers get headings, tables and reading order.

typst reads images from files under its root only (``sys_inputs`` are strings, and typst
cannot decode base64), so a 評価書 with figures is compiled in a temporary copy of the
template folder holding each figure as ``figures/<Figure.name>``; one without figures
compiles in place, as before.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import typst

from pia.render.config import TEMPLATE_DIR, FontConfig, font_config
from pia.render.errors import RenderError
from pia.render.model import Figure, PrintDocument, to_data
from pia.render.output import write_bytes
from pia.render.pdf_layout import add_layout_hints
from pia.text import clean_tree, json_needs_cleaning

FIGURE_DIR = "figures"  # under the typst root; templates/report.typ reads "/figures/<name>"
_FILE_NAME = re.compile(r"^[0-9a-f]{32}\.(png|jpg)$")  # Figure.name: made from the hash


@cache
def _fonts(dirs: tuple[str, ...]) -> typst.Fonts:
    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=True, font_paths=list(dirs))


def compile_typst(
    template: str, data: Any, fonts: FontConfig | None = None, files: Mapping[str, bytes] | None = None
) -> bytes:
    """Compile ``templates/<template>`` with ``data`` (a model object or plain JSON data);
    ``files``: images the template reads as ``/figures/<name>`` (compiled in a temporary root)."""
    fonts = fonts or font_config()
    plain = to_data(data)
    text = json.dumps(plain, ensure_ascii=False)
    if json_needs_cleaning(text):  # control characters (pia.text); the common case costs one search
        text = json.dumps(clean_tree(plain), ensure_ascii=False)
    inputs = {
        "data": text,
        "fonts": json.dumps({"serif": list(fonts.serif), "sans": list(fonts.sans)}, ensure_ascii=False),
    }
    dirs = tuple(str(d) for d in fonts.dirs if d.is_dir())
    if not files:
        return _compile(TEMPLATE_DIR, template, dirs, inputs)
    with tempfile.TemporaryDirectory(prefix="pia-typst-") as folder:
        root = Path(folder) / "templates"
        shutil.copytree(TEMPLATE_DIR, root)
        (root / FIGURE_DIR).mkdir()
        for name, content in files.items():
            if not _FILE_NAME.match(name):  # never a path: the names are made from hashes
                raise RenderError(f"図のファイル名「{name}」は使えません")
            (root / FIGURE_DIR / name).write_bytes(content)
        return _compile(root, template, dirs, inputs)


def _compile(root: Path, template: str, dirs: tuple[str, ...], inputs: dict[str, str]) -> bytes:
    try:
        return typst.compile(
            root / template,
            root=root,
            font_paths=_fonts(dirs),
            ignore_system_fonts=True,
            sys_inputs=inputs,
        )
    except typst.TypstError as exc:
        raise RenderError(f"PDF を作成できませんでした(typst: {exc.message})") from exc


def figure_files(model: PrintDocument) -> dict[str, bytes]:
    """The images of the model's figures by the file name the template reads (``Figure.name``)."""
    return {b.name: b.data for part in model.parts for b in part.blocks if isinstance(b, Figure)}


def pdf_bytes(model: PrintDocument, fonts: FontConfig | None = None) -> bytes:
    """The 評価書 as PDF."""
    data = add_layout_hints(to_data(model))  # cleaned in compile_typst
    return compile_typst("report.typ", data, fonts, figure_files(model))


def write_pdf(model: PrintDocument, out: Path) -> None:
    write_bytes(out, pdf_bytes(model))
