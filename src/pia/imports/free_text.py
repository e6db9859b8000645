"""A free-text cell of the form read back into the blocks the body heads itself.

The form prints 「その他のリスク及びそのリスクに対する措置」 (a repeat whose elements are headed by
their title alone, ``heading: "{title}"``) as one free-text cell: each block's title (「【…】」),
then each element of its inner repeat under that repeat's heading (「(リスク①)」) and every other
text of the element under the heading with the label's words after the repeat's label
(「(リスク①に対する措置)」). The headings come from the form data, so a new edition needs no code.

A block's title is the line right before its first heading 「(リスク①)」 (a title in 【】 broken
over lines by the layout is taken from its 【 line); lines before the first heading that are no
title, and a block's texts without a heading, are returned as text left over.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pia.forms.model import FormTemplate, Item, Kind
from pia.imports.normalize import compact

_NUMBER = r"(?P<n>\d{1,2})"
_TITLE_LINES = 4  # a bracketed title broken over at most this many lines


@dataclass(frozen=True)
class _Heading:
    item: Item  # the text item the heading is printed above
    pattern: re.Pattern[str]  # the whole line, compacted
    opens: bool  # the repeat's own heading: starts an element


@dataclass
class Blocks:
    elements: list[dict[str, Any]] = field(default_factory=list)
    filled: int = 0
    left: list[str] = field(default_factory=list)


def is_free_text(repeat: Item) -> bool:
    """A repeat the form prints as one free-text cell (its elements headed by their title alone)."""
    return repeat.kind is Kind.REPEAT and repeat.heading.strip() == "{title}" and bool(repeat.title_item)


def _headings(inner: Item) -> list[_Heading]:
    """「(リスク{n})」 over the text named like the repeat, 「(リスク{n}に対する措置)」 over the
    text whose label goes on from the repeat's label."""
    template = compact(inner.heading).replace("{circled}", "{n}")
    if "{n}" not in template:
        return []
    out = []
    for child in inner.children:
        if not child.kind.holds_value:
            continue
        label = compact(child.label)
        base = compact(inner.label)
        if label == base:
            printed, opens = template, True
        elif label.startswith(base) and template.startswith("(") and template.endswith(")"):
            printed, opens = f"{template[:-1]}{label[len(base) :]})", False
        else:
            printed, opens = f"{template}{label}", False
        before, after = printed.split("{n}", 1)
        out.append(_Heading(child, re.compile("^" + re.escape(before) + _NUMBER + re.escape(after) + "$"), opens))
    return out


def read_blocks(template: FormTemplate, repeat: Item, text: str) -> Blocks:
    """The elements of ``repeat`` printed as ``text`` (lines as the cell holds them)."""
    title = template.item(repeat.title_item)
    inner = next((c for c in repeat.children if c.kind is Kind.REPEAT), None)
    headings = _headings(inner) if inner is not None else []
    out = Blocks()
    if inner is None or not any(h.opens for h in headings):
        out.left = [text] if text.strip() else []
        return out
    block: dict[str, Any] | None = None
    element: dict[str, Any] | None = None
    target: Item | None = None
    buffer: list[str] = []

    def flush(upto: int) -> None:
        nonlocal buffer
        body = "\n".join(buffer[:upto]).strip()
        buffer = buffer[upto:]
        if not body:
            return
        if element is not None and target is not None and target.storage_key not in element:
            element[target.storage_key] = body
            out.filled += 1
        else:
            out.left.append(body)

    for line in text.split("\n"):
        key = compact(line)
        found = next(((h, m) for h in headings if (m := h.pattern.match(key))), None)
        if found is None:
            buffer.append(line)
            continue
        heading, m = found
        number = int(m.group("n"))
        if heading.opens and (number == 1 or block is None):
            taken = _title_lines(buffer)
            flush(len(buffer) - taken)
            block = {"id": f"e{len(out.elements) + 1}"}
            if buffer:
                block[title.storage_key] = "".join(part.strip() for part in buffer)
                out.filled += 1
            buffer = []
            out.elements.append(block)
            element = None
        else:
            flush(len(buffer))
        assert block is not None
        if heading.opens:
            elements = block.setdefault(inner.storage_key, [])
            element = {"id": f"e{len(elements) + 1}"}
            elements.append(element)
        target = heading.item
    flush(len(buffer))
    return out


def _title_lines(buffer: list[str]) -> int:
    """How many of the last lines are the next block's title: the last one, or from the line that
    opens its 【 when the last one closes 】."""
    if not buffer or not buffer[-1].strip():
        return 0
    last = buffer[-1].strip()
    if last.endswith("】") and not last.startswith("【"):
        for back in range(2, min(_TITLE_LINES, len(buffer)) + 1):
            line = buffer[-back].strip()
            if "】" in line:
                break
            if line.startswith("【"):
                return back
    return 1
