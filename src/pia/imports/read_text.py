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
    furniture = _running_lines(lines)
    source = Source("text", len(pages))
    for row, (page_number, line_number, line) in enumerate(lines, start=1):
        if _PAGE_NUMBER.match(line) or row - 1 in furniture:  # 「3 / 38」, the running header
            continue
        if line.strip():
            where = f"{line_number}行目" if len(pages) == 1 else f"{page_number}ページ{line_number}行目"
            source.pieces.append(Piece(line, Place(page_number, 0.0, float(line_number), where), row))
    return source


def _running_lines(lines: list[tuple[int, int, str]]) -> set[int]:
    """Indexes of the lines next to a page number whose text recurs next to half the page
    numbers or more (the running header or footer a viewer copies with each page)."""
    beside: dict[str, list[int]] = {}
    for index, (_, _, line) in enumerate(lines):
        if not _PAGE_NUMBER.match(line):
            continue
        for near in (index - 1, index + 1):
            if 0 <= near < len(lines) and lines[near][2].strip() and not _PAGE_NUMBER.match(lines[near][2]):
                beside.setdefault(lines[near][2].strip(), []).append(near)
    numbers = sum(1 for _, _, line in lines if _PAGE_NUMBER.match(line))
    return {n for found in beside.values() if len(found) >= max(3, numbers // 2) for n in found}
