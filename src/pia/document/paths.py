"""Element paths: the stable address of any value in a document.

A path is the item id with the ids of the enclosing repeat elements inserted after each
repeat's id, e.g. ``II.file[#honnin].4.itaku[#card-center].7`` is ⑦再委託の有無 of the
委託事項 ``card-center`` of the file ``honnin``. Findings, diffs, reviewer remarks and
public comments all point at elements this way.

A single option of a choice or checkbox item is addressed by the item's path and the option's
number (``Option.no``, fixed by the form edition) after ``::o``:
``II.file[#honnin].4.itaku[#card-center].7::o1`` is 「1) 再委託する」 of that ⑦再委託の有無
(:class:`OptionPath`; the editor names the checkbox of that option the same way). Reviewers'
remarks and public comments may point at an option; values are never stored under such a path.
:func:`parse_anchor` reads either form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pia.errors import PiaError

ELEMENT_ID = re.compile(r"\A[A-Za-z0-9][A-Za-z0-9_-]{0,63}\Z")  # at most 64 characters
_SELECTOR = re.compile(r"\[#([^\]]*)\]")
OPTION_MARK = "::o"  # ``<element path>::o<option no>``
_OPTION_NO = re.compile(r"\A[1-9][0-9]{0,3}\Z")


class PathError(PiaError, ValueError):
    pass


@dataclass(frozen=True)
class ElementPath:
    item_id: str
    selectors: tuple[tuple[str, str], ...] = ()  # (repeat id, element id), outermost first

    def __str__(self) -> str:
        out, consumed = [], 0
        for repeat_id, element_id in self.selectors:
            out.append(self.item_id[consumed : len(repeat_id)] + f"[#{element_id}]")
            consumed = len(repeat_id)
        out.append(self.item_id[consumed:])
        return "".join(out)

    @property
    def element_ids(self) -> tuple[str, ...]:
        return tuple(element for _, element in self.selectors)

    def child(self, item_id: str) -> ElementPath:
        return ElementPath(item_id, self.selectors)

    def element(self, repeat_id: str, element_id: str) -> ElementPath:
        return ElementPath(repeat_id, (*self.selectors, (repeat_id, element_id)))

    @classmethod
    def parse(cls, text: str) -> ElementPath:
        selectors: list[tuple[str, str]] = []
        item_id, pos = "", 0
        for match in _SELECTOR.finditer(text):
            item_id += text[pos : match.start()]
            if not ELEMENT_ID.match(match.group(1)):
                raise PathError(f"要素パス '{text}' の要素 id '{match.group(1)}' が不正です")
            selectors.append((item_id, match.group(1)))
            pos = match.end()
        item_id += text[pos:]
        if not item_id or "[" in item_id or "]" in item_id:
            raise PathError(f"要素パス '{text}' を解釈できません")
        return cls(item_id, tuple(selectors))


@dataclass(frozen=True)
class OptionPath:
    """One option (by its number) of the choice or checkbox item at ``element``."""

    element: ElementPath
    no: int

    def __str__(self) -> str:
        return f"{self.element}{OPTION_MARK}{self.no}"

    @property
    def item_id(self) -> str:
        return self.element.item_id

    @classmethod
    def parse(cls, text: str) -> OptionPath:
        head, mark, no = text.rpartition(OPTION_MARK)
        if not mark or not _OPTION_NO.match(no) or ":" in head:
            raise PathError(f"選択肢のパス '{text}' を解釈できません(「項目のパス::o選択肢の番号」の形です)")
        return cls(ElementPath.parse(head), int(no))


def parse_anchor(text: str) -> ElementPath | OptionPath:
    """An element path or, with the ``::o<no>`` suffix, an option path; PathError otherwise."""
    return OptionPath.parse(text) if OPTION_MARK in text else ElementPath.parse(text)
