"""Properties of the three-way merge over random pairs of concurrent edits of the example 評価書:
every edit that does not conflict is in the result, a conflict is reported exactly when both
changed the same element differently, and an unchanged side or the same edit merges to itself."""

from __future__ import annotations

from hypothesis import given, settings
from merge_support import (
    DOCUMENTS,
    Storage,
    Units,
    concurrent_edits,
    element_key,
    enclosing,
    inside,
    storage_of,
    template_of,
    units,
)

from pia.changes import snapshot
from pia.changes.merge import Conflict, MergeResult, Side, merge
from pia.changes.merge_order import common_order
from pia.document import Document, ElementPath

EXAMPLES = 120


def conflict_key(document: Document, conflict: Conflict) -> tuple[str, Storage]:
    """The storage place a conflict is about, in the terms of ``merge_support.units``."""
    template = template_of(document)
    path = ElementPath.parse(conflict.path)
    selectors = storage_of(template, path)
    if conflict.kind == "element":
        return "element", element_key(selectors)
    if conflict.kind == "order":
        return "order", (selectors, template.item(path.item_id).storage_key)
    return "value", (selectors, path.item_id)


def expected_conflicts(base: Units, theirs: Units, mine: Units) -> set[tuple[str, Storage]]:
    """Where both sides changed the same element differently, computed from the form walk."""

    def in_both(key: Storage) -> bool:
        return all(e in theirs.elements and e in mine.elements for e in enclosing(key))

    found: set[tuple[str, Storage]] = set()
    for key in base.values.keys() | theirs.values.keys() | mine.values.keys():
        b, t, m = base.values.get(key), theirs.values.get(key), mine.values.get(key)
        if t != b and m != b and t != m and in_both(key):
            found.add(("value", key))
    for key in base.elements:
        kept_by = [side for side in (theirs, mine) if key in side.elements]
        if len(kept_by) == 1 and in_both(key) and changed_inside(base, kept_by[0], key):
            found.add(("element", key))
    for key in base.orders.keys() & theirs.orders.keys() & mine.orders.keys():
        b, t, m = _common(base.orders[key], theirs.orders[key], mine.orders[key])
        if t != b and m != b and t != m:
            found.add(("order", key))
    return found


def changed_inside(base: Units, side: Units, element: Storage) -> bool:
    if any(inside(key, element) for key in base.elements ^ side.elements):
        return True
    for before, after in ((base.values, side.values), (base.orders, side.orders)):
        if any(inside(key, element) and before.get(key) != after.get(key) for key in before.keys() | after.keys()):
            return True
    return False


def _common(base: list[str], theirs: list[str], mine: list[str]) -> tuple[list[str], list[str], list[str]]:
    b, t, m = set(base), set(theirs), set(mine)
    return common_order(base, t, m), common_order(theirs, b, m), common_order(mine, b, t)


def keys_of(result: MergeResult, kind: str) -> set[Storage]:
    return {key for k, key in (conflict_key(result.document, c) for c in result.conflicts) if k == kind}


@settings(max_examples=EXAMPLES, deadline=None)
@given(concurrent_edits())
def test_a_conflict_is_reported_exactly_when_both_changed_an_element_differently(edits) -> None:
    base, theirs, mine = edits
    result = merge(base, theirs, mine)
    reported = {conflict_key(result.document, c) for c in result.conflicts}
    assert len(reported) == len(result.conflicts)  # one conflict per element
    assert reported == expected_conflicts(units(base), units(theirs), units(mine))


@settings(max_examples=EXAMPLES, deadline=None)
@given(concurrent_edits())
def test_every_edit_that_does_not_conflict_is_in_the_result(edits) -> None:
    base, theirs, mine = edits
    for side in ("mine", "theirs"):
        result = merge(base, theirs, mine, default=side)
        _check_kept(units(base), units(theirs), units(mine), result, side)


def _check_kept(base: Units, theirs: Units, mine: Units, result: MergeResult, side: Side) -> None:
    """Each value, element and order of the result is what the side that changed it made (the
    chosen ``side`` where both changed it differently)."""
    merged, chosen = units(result.document), mine if side == "mine" else theirs
    values, elements = keys_of(result, "value"), keys_of(result, "element")

    def decided(key: Storage, own: set[Storage]) -> bool:
        return key in own or any(e in elements for e in enclosing(key))

    for key in base.values.keys() | theirs.values.keys() | mine.values.keys():
        b, t, m = base.values.get(key), theirs.values.get(key), mine.values.get(key)
        expected = chosen.values.get(key) if decided(key, values) else (t if m == b else m)
        assert merged.values.get(key) == expected, key
    for key in base.elements | theirs.elements | mine.elements:
        if decided(key, elements):
            expected_here = key in chosen.elements
        elif key in base.elements:
            expected_here = key in theirs.elements and key in mine.elements
        else:
            expected_here = key in theirs.elements or key in mine.elements
        assert (key in merged.elements) == expected_here, key
    orders = keys_of(result, "order")
    for key, order in merged.orders.items():
        b, t, m = (u.orders.get(key, []) for u in (base, theirs, mine))
        common_b, common_t, common_m = _common(b, t, m)
        if key in orders or any(e in elements for e in enclosing(key)):
            expected_order = common_m if side == "mine" else common_t
        else:
            expected_order = common_t if common_m == common_b else common_m
        assert common_order(order, set(common_b)) == expected_order, key


@settings(max_examples=EXAMPLES, deadline=None)
@given(concurrent_edits())
def test_an_unchanged_side_gives_the_other_side(edits) -> None:
    base, theirs, mine = edits
    only_mine = merge(base, base, mine)
    assert only_mine.clean
    assert only_mine.document.to_data() == mine.to_data()
    only_theirs = merge(base, theirs, base)
    assert only_theirs.clean
    assert units(only_theirs.document) == units(theirs)
    assert snapshot(only_theirs.document, template_of(theirs)) == snapshot(theirs, template_of(theirs))
    assert {m.origin for m in only_mine.merged} <= {"mine"}
    assert {m.origin for m in only_theirs.merged} <= {"theirs"}


@settings(max_examples=EXAMPLES, deadline=None)
@given(concurrent_edits())
def test_the_same_edit_on_both_sides_is_no_conflict(edits) -> None:
    base, edit, _ = edits
    result = merge(base, edit, edit.copy())
    assert result.clean
    assert result.document.to_data() == edit.to_data()
    assert {m.origin for m in result.merged} <= {"both"}


@settings(max_examples=EXAMPLES, deadline=None)
@given(concurrent_edits())
def test_swapping_the_sides_reports_the_same_conflicts(edits) -> None:
    base, theirs, mine = edits
    forward, backward = merge(base, theirs, mine), merge(base, mine, theirs)
    assert {c.path for c in forward.conflicts} == {c.path for c in backward.conflicts}
    mirrored = units(merge(base, mine, theirs, default="theirs").document)
    ahead = units(forward.document)
    assert ahead.values == mirrored.values
    assert ahead.elements == mirrored.elements
    # additions at the same place may come in either order; the elements all three have may not
    b, t, m = (units(d).orders for d in (base, theirs, mine))
    for key, order in ahead.orders.items():
        common = set(b.get(key, [])) & set(t.get(key, [])) & set(m.get(key, []))
        assert common_order(order, common) == common_order(mirrored.orders[key], common)


@settings(max_examples=EXAMPLES, deadline=None)
@given(concurrent_edits())
def test_resolving_every_conflict_leaves_no_choice_open(edits) -> None:
    base, theirs, mine = edits
    first = merge(base, theirs, mine)
    chosen: dict[str, Side] = {c.path: "theirs" for c in first.conflicts}
    resolved = merge(base, theirs, mine, resolutions=chosen)
    assert all(c.chosen == "theirs" for c in resolved.conflicts)
    # the resolved document, saved on top of theirs, is an edit of theirs with no conflict left
    again = merge(theirs, theirs, resolved.document)
    assert again.clean
    assert units(again.document) == units(resolved.document)


def test_the_examples_cover_every_form() -> None:
    assert {d.form for d in DOCUMENTS.values()} == {"basic", "focused", "full"}
