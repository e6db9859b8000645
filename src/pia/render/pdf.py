"""PDF through typst: the layout lives in ``templates/*.typ``, the content arrives as JSON.

User text is never interpolated into typst markup: the print model is serialised to JSON
and passed with ``sys_inputs``; the templates print its strings as text. The bundled fonts
(or ``PIA_FONT_DIR``) are the only fonts typst sees, so output never depends on the machine.
PDFs are tagged (typst's default) so screen readers get headings, tables and reading order.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import typst

from pia.render.config import TEMPLATE_DIR, FontConfig, font_config
from pia.render.errors import RenderError
from pia.render.model import PrintDocument, to_data
from pia.render.output import write_bytes
from pia.render.pdf_layout import add_layout_hints
from pia.text import clean_tree, json_needs_cleaning


@cache
def _fonts(dirs: tuple[str, ...]) -> typst.Fonts:
    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=True, font_paths=list(dirs))


def compile_typst(template: str, data: Any, fonts: FontConfig | None = None) -> bytes:
    """Compile ``templates/<template>`` with ``data`` (a model object or plain JSON data)."""
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
    try:
        return typst.compile(
            TEMPLATE_DIR / template,
            root=TEMPLATE_DIR,
            font_paths=_fonts(dirs),
            ignore_system_fonts=True,
            sys_inputs=inputs,
        )
    except typst.TypstError as exc:
        raise RenderError(f"PDF を作成できませんでした(typst: {exc.message})") from exc


def pdf_bytes(model: PrintDocument, fonts: FontConfig | None = None) -> bytes:
    """The 評価書 as PDF."""
    return compile_typst("report.typ", add_layout_hints(to_data(model)), fonts)  # cleaned there


def write_pdf(model: PrintDocument, out: Path) -> None:
    write_bytes(out, pdf_bytes(model))
