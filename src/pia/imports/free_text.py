"""The form's free-text cell for blocks the body heads itself (``heading: "{title}"`` repeats:
「その他のリスク及びそのリスクに対する措置」), read back into its blocks.

The cell holds, block by block, the block's title (「【…】」), then for each element of the inner
repeat its heading (「(リスク①)」) and text, and a heading for each further item named after the
repeat's words (「(リスク①に対する措置)」). The headings come from the form data: the inner
repeat's ``heading`` and its items' labels. A block's title is the line just before the first
heading of its inner repeat (a title in 【】 that the layout broke over lines, from its 【 line:
plain text does not say which line breaks the layout made).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pia.forms.model import Item, Kind
from pia.imports.normalize import compact

TITLE_LINES = 4  # a title in 【】 broken over at most this many lines


@dataclass(frozen=True)
class _SubHeading:
    repeat: Item  # the inner repeat (リスク)
    item: Item  # the item whose text follows (リスク or リスクに対する措置)
    pattern: re.Pattern[str]  # on the compacted line; group n: the element's number
    first: bool  # the heading that starts an element


def _sub_headings(block: Item) -> list[_SubHeading]:
    found: list[_SubHeading] = []
    for inner in block.children:
        if inner.kind is not Kind.REPEAT or not any(k in inner.heading for k in ("{n}", "{circled}")):
            continue
        values = [c for c in inner.children if c.kind.holds_value and c.kind is not Kind.REPEAT]
        for n, item in enumerate(values):
            words = "" if item.label == inner.label else item.label.removeprefix(inner.label)
            if words == item.label:  # not named after the repeat: it has no heading of its own
                continue
            heading = compact(inner.heading)
            body = heading[1:-1] if heading.startswith("(") and heading.endswith(")") else heading
            wrapped = heading != body
            template = f"({body}{compact(words)})" if wrapped else f"{body}{compact(words)}"
            parts = re.split(r"(\{n\}|\{circled\})", template)
            regex = "".join(r"(?P<n>\d{1,2})" if p in ("{n}", "{circled}") else re.escape(p) for p in parts)
            found.append(_SubHeading(inner, item, re.compile(f"^{regex}$"), n == 0))
    return found


def read_blocks(block: Item, text: str) -> tuple[list[dict[str, Any]], int]:
    """The elements of a ``{title}`` repeat from its cell's text, and how many values were read.
    Elements are numbered e1, e2 …; a text with no heading is one block's title (and text)."""
    headings = _sub_headings(block)
    elements: list[dict[str, Any]] = []
    lines: list[str] = []
    target: tuple[dict[str, Any], str] | None = None  # where the lines go: (scope, item id)
    filled = 0

    def flush(keep_last: bool = False) -> str:
        nonlocal filled
        taken = _title_lines(lines) if keep_last else 0
        kept = "\n".join(lines[len(lines) - taken :]).strip()
        del lines[len(lines) - taken :]
        value = "\n".join(lines).strip()
        if value and target is not None:
            target[0][target[1]] = value
            filled += 1
        lines.clear()
        return kept

    for line in text.split("\n"):
        key = compact(line)
        match = next(((h, m) for h in headings if (m := h.pattern.match(key))), None)
        if match is None:
            lines.append(line)
            continue
        heading, m = match
        number = int(m.group("n"))
        if heading.first and number == 1:  # a new block: its title is the line before
            title = flush(keep_last=bool(elements)) if elements else "\n".join(lines).strip()
            lines.clear()
            element: dict[str, Any] = {"id": f"e{len(elements) + 1}"}
            if title and block.title_item:
                element[block.title_item] = title
                filled += 1
            elements.append(element)
        else:
            flush()
        if not elements:
            elements.append({"id": "e1"})
        inner_list = elements[-1].setdefault(heading.repeat.storage_key, [])
        while len(inner_list) < number:
            inner_list.append({"id": f"e{len(inner_list) + 1}"})
        target = (inner_list[number - 1], heading.item.id)
    if target is None:  # no heading: the text is a block's title
        title = "\n".join(lines).strip()
        if title and block.title_item:
            elements.append({"id": "e1", block.title_item: title})
            filled += 1
        return elements, filled
    flush()
    return elements, filled


def _title_lines(lines: list[str]) -> int:
    """How many of the last lines are the next block's title: the last one, or from the line that
    opens its 【 when the last one closes 】 without opening it."""
    if not lines:
        return 0
    last = lines[-1].strip()
    if last.endswith("】") and "【" not in last:
        for back in range(2, min(TITLE_LINES, len(lines)) + 1):
            line = lines[-back].strip()
            if "】" in line:
                break
            if line.startswith("【"):
                return back
    return 1
