"""The labels of a form edition as the recogniser looks for them, built from the form data.

Every printed label (sections, headings, items, the captions and column titles of tables) and
every repeat element heading (「システム{n}」, 「委託事項{n}」, 「({n}) {title}」, 「(リスク{circled})」)
becomes a pattern that matches the start of a piece of text whatever its spacing, line breaks,
full-width or half-width characters and numbering style (①, (1), 1.). Nothing here names an
item of an edition: a new edition file brings its own labels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pia.forms.model import FormTemplate, Item, Kind
from pia.imports.normalize import NUMBERING, compact, strip_numbering

SHORT_LABEL = 8  # a label shorter than this (compacted) must end at a space or the end of the text
_END = r"(?=\s|$|\[|［|<|:)"


@dataclass(frozen=True)
class Label:
    core: str  # the label without numbering, compacted
    pattern: re.Pattern[str]
    items: tuple[Item, ...]
    start: str = ""  # what a text with the label starts with, numbering stripped (see label_start)


def label_start(core: str) -> str:
    """What a text starting with the label starts with, numbering stripped: a slot's value
    varies, and a slot first (「(2)件」) is stripped as numbering."""
    before, _, after = core.partition(SLOT)
    return before or after


@dataclass(frozen=True)
class Heading:
    """How the elements of a numbered repeat are headed: 「委託事項2」, 「(1) 住民基本台帳ファイル」."""

    repeat: Item
    pattern: re.Pattern[str]  # groups: n, title (title may be absent)
    has_title: bool


@dataclass(frozen=True)
class FormLabels:
    template: FormTemplate
    by_first: dict[str, tuple[Label, ...]]
    headings: tuple[Heading, ...]
    order: dict[str, int]  # item id -> position in printed order
    end: dict[str, int]  # item id -> position after its last descendant
    part: dict[str, str]  # item id -> id of the top-level item (part) holding it
    part_at: tuple[str, ...]  # position -> the part there


def _spaced(text: str) -> str:
    """A regex for ``text`` that allows any whitespace between its characters."""
    return r"\s*".join(re.escape(ch) for ch in text)


SLOT = "()"  # 「( )件」: a label printed around its value


def _label_pattern(core: str) -> re.Pattern[str]:
    """The label at the start of a text; a label with a slot 「( )」 takes its value inside
    (「(2)件」: group ``slot``)."""
    end = _END if len(core) < SHORT_LABEL else ""
    if SLOT in core:
        before, after = core.split(SLOT, 1)
        body = _spaced(before) + r"\s*\(\s*(?P<slot>[^()]*?)\s*\)\s*" + _spaced(after)
        return re.compile("^" + NUMBERING + body)
    return re.compile("^" + NUMBERING + _spaced(core) + end)


def printed(item: Item, top: bool = False) -> bool:
    """Whether the item's own label is printed (a numbered repeat prints its element headings,
    and its label only as the title of a part, ``top``)."""
    if item.kind is Kind.REPEAT and not top:
        return not any(key in item.heading for key in ("{n}", "{circled}"))
    return bool(item.label.strip())


def _heading_pattern(repeat: Item) -> Heading | None:
    heading = repeat.heading.strip()
    if not any(key in heading for key in ("{n}", "{circled}")):
        return None
    parts = re.split(r"(\{n\}|\{circled\}|\{title\})", heading)
    regex = "^"
    for part in parts:
        if part in ("{n}", "{circled}"):
            regex += r"\s*(?P<n>\d{1,2})\s*"
        elif part == "{title}":
            regex += r"\s*(?P<title>.*)"
        elif part:
            regex += _spaced(compact(part))
    if "{title}" not in heading:
        regex += r"(?=\s|$|[^\d])"
    return Heading(repeat, re.compile(regex, re.S), "{title}" in heading)


@cache
def form_labels(template: FormTemplate) -> FormLabels:
    grouped: dict[str, list[Item]] = {}
    headings: list[Heading] = []
    order: dict[str, int] = {}
    for position, item in enumerate(template.walk()):
        order[item.id] = position
        if item.kind is Kind.REPEAT:
            found = _heading_pattern(item)
            if found is not None:
                headings.append(found)
        if printed(item, top=template.parent(item.id) is None):
            core = compact(strip_numbering(item.label))
            if core:
                grouped.setdefault(core, []).append(item)
    end = {item.id: max(order[d.id] for d in item.walk()) + 1 for item in template.walk()}
    part = {d.id: top.id for top in template.items for d in top.walk()}
    part_at = tuple(part[i.id] for i in template.walk())
    by_first: dict[str, list[Label]] = {}
    for core, items in grouped.items():
        label = Label(core, _label_pattern(core), tuple(items), label_start(core))
        by_first.setdefault(core[0], []).append(label)
        if core.startswith(SLOT) and core[len(SLOT) :]:  # 「(2)件」 reads as numbering 「(2)」 and 「件」
            by_first.setdefault(core[len(SLOT)], []).append(label)
    return FormLabels(
        template,
        {k: tuple(sorted(v, key=lambda lab: -len(lab.core))) for k, v in by_first.items()},
        tuple(headings),
        order,
        end,
        part,
        part_at,
    )
