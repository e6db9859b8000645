"""Plain text, as a copy from a PDF viewer gives it: one piece per line (no positions, so
line breaks stay line breaks). Page-number lines (「3 / 38」 and the running header after it)
are dropped."""

from __future__ import annotations

import re

from pia.imports.model import ImportRefused, Place
from pia.imports.source import Piece, Source

_PAGE_NUMBER = re.compile(r"^\s*[-‐－―]?\s*\d+\s*(?:/|／)\s*\d+\s*[-‐－―]?\s*|^\s*[-‐－―]\s*\d+\s*[-‐－―]\s*$")
ENCODINGS = ("utf-8-sig", "cp932")


def decode(data: bytes, name: str) -> str:
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportRefused(f"{name}: 文字コードを判別できません。UTF-8 か Shift_JIS(CP932)のテキストにしてください")


def read_text(data: bytes, name: str) -> Source:
    text = decode(data, name).replace("\r\n", "\n").replace("\r", "\n")
    pages = text.split("\f")
    lines: list[tuple[int, int, str]] = []
    for page_number, page in enumerate(pages, start=1):
        for line_number, line in enumerate(page.split("\n"), start=1):
            lines.append((page_number, line_number, line))
    source = Source("text", len(pages))
    for row, (page_number, line_number, line) in enumerate(lines, start=1):
        if _PAGE_NUMBER.match(line):  # 「3 / 38」 and the running header printed after it
            continue
        if line.strip():
            where = f"{line_number}行目" if len(pages) == 1 else f"{page_number}ページ{line_number}行目"
            source.pieces.append(Piece(line, Place(page_number, 0.0, float(line_number), where), row))
    return source
