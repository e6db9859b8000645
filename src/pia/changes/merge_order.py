"""The order of a repeat's elements after a three-way merge.

Only the elements all three versions have say whether a side *reordered* the repeat:
additions and removals are no reorder (as in the diff). When one side reordered, its order
wins; when both reordered differently, that is a conflict on the order. The elements a side
added are then placed after the element that preceded them on that side.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Literal

OrderChange = Literal["none", "theirs", "mine", "both", "conflict"]


def common_order(ids: Sequence[str], *others: Collection[str]) -> list[str]:
    """``ids`` restricted to the ids every one of ``others`` has, in the order of ``ids``."""
    return [i for i in ids if all(i in other for other in others)]


def order_change(base: Sequence[str], theirs: Sequence[str], mine: Sequence[str]) -> OrderChange:
    """Who changed the relative order of the elements all three versions have."""
    b, t, m = set(base), set(theirs), set(mine)
    base_order, their_order, my_order = common_order(base, t, m), common_order(theirs, b, m), common_order(mine, b, t)
    their_change, my_change = their_order != base_order, my_order != base_order
    if their_change and my_change:
        return "both" if their_order == my_order else "conflict"
    if their_change:
        return "theirs"
    return "mine" if my_change else "none"


def arrange(primary: Sequence[str], secondary: Sequence[str], kept: Collection[str]) -> list[str]:
    """The kept ids in ``primary``'s order, each other kept id of ``secondary`` inserted right
    after the nearest element that precedes it in ``secondary`` (at the start when none does)."""
    result = [i for i in primary if i in kept]
    placed = set(result)
    for n, element_id in enumerate(secondary):
        if element_id in placed or element_id not in kept:
            continue
        before = next((p for p in reversed(secondary[:n]) if p in placed), None)
        result.insert(0 if before is None else result.index(before) + 1, element_id)
        placed.add(element_id)
    return result
