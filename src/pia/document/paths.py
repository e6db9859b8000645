"""Element paths: the stable address of any value in a document.

A path is the item id with the ids of the enclosing repeat elements inserted after each
repeat's id, e.g. ``II.file[#honnin].4.itaku[#card-center].7`` is ⑦再委託の有無 of the
委託事項 ``card-center`` of the file ``honnin``. Findings, diffs, reviewer remarks and
public comments all point at elements this way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pia.errors import PiaError

ELEMENT_ID = re.compile(r"\A[A-Za-z0-9][A-Za-z0-9_-]{0,63}\Z")  # at most 64 characters
_SELECTOR = re.compile(r"\[#([^\]]*)\]")


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
