"""Layout hints for the typst template: which item rows may take the fast layout.

typst lays out every cell of a table twice (to measure the row, then to place it), which
doubles the cost of a text-heavy 評価書. The template therefore prints most rows as a
block holding the value with the label placed beside it: one layout pass, but the row is
only as tall as the value. That is safe when the label surely needs no more lines than
the value; this module decides it with an upper bound on the label's lines and a lower
bound on the value's. Other rows use a grid, which measures both.

The geometry mirrors ``templates/common.typ`` (A4, 16 mm margins, 60 mm label column).
"""

from __future__ import annotations

import math
from typing import Any

FONT_PT = 9.5
INSET_PT = 8.0  # left + right cell inset
INDENT_EM = 0.9  # per depth level
MM = 72 / 25.4
LABEL_EM = (60 * MM - INSET_PT) / FONT_PT
VALUE_EM = ((210 - 2 * 16 - 60) * MM - INSET_PT) / FONT_PT
NARROW_PUNCTUATION = frozenset("、。,.・:;()「」『』()[]【】")
STAR_EM = 1.5  # " ※"


def add_layout_hints(data: dict[str, Any]) -> dict[str, Any]:
    """Set ``fast`` on every row of the serialised print model (in place; returned for chaining)."""
    for part in data.get("parts", []):
        for block in part.get("blocks", []):
            for row in block.get("rows", []) if block.get("type") == "rows" else []:
                row["fast"] = row_is_fast(row)
    return data


def row_is_fast(row: dict[str, Any]) -> bool:
    if row.get("is_group") or not row.get("label"):
        return False
    label_em = max_width(row["label"]) + (STAR_EM if row.get("star") else 0.0)
    capacity = LABEL_EM - INDENT_EM * int(row.get("depth", 0))
    label_lines = math.ceil((label_em + 1.0) / capacity)  # +1 em: a kinsoku push at a break
    return label_lines <= value_lines(row["value"])


def value_lines(value: dict[str, Any]) -> int:
    """A lower bound on the lines the value takes (the removed text only adds lines)."""
    kind = value.get("kind")
    if kind == "choice":
        return 1
    if kind == "checkbox":
        captions = sum(1 for c in value.get("checks", []) if c.get("group"))
        return max(1, 2 * captions, _lines(" ".join(c["line"] for c in value.get("checks", []))))
    return _lines(str(value.get("text", "")))


def _lines(text: str) -> int:
    return sum(max(1, math.ceil(min_width(line) / VALUE_EM - 0.01)) for line in text.split("\n"))


def max_width(text: str) -> float:
    """Width in em, at most: every character full width, Latin letters at most 0.7 em."""
    return sum(0.7 if ch.isascii() else 1.0 for ch in text)


def min_width(text: str) -> float:
    """Width in em, at least: Latin at 0.25 em, punctuation that may be compressed at 0.5 em."""
    return sum(0.25 if ch.isascii() else 0.5 if ch in NARROW_PUNCTUATION else 1.0 for ch in text)
