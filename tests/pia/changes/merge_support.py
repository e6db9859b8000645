"""Random concurrent edits of the example 評価書 and an independent view of what a document says.

An edit is a list of operations a person can make in the editor: set a value (by the item's
kind), add an element to a repeat, remove one, move one. The view (``units``) is built from
the form walk only, so the merge's properties are checked against something it does not use.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from pia.changes.elements import holds_scalar, normalized
from pia.document import Document, ElementPath, Occurrence, load_document, set_value, walk
from pia.forms import FormTemplate, Item, Kind, get_form

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
DOCUMENTS = {p.stem: load_document(p) for p in sorted(EXAMPLES.glob("*.yaml")) if "summary" not in p.stem}
TEXTS = ["", "あ", "い", "変更後の記載"]
DATES = ["", "2024-04-01", "2025-10-01"]
NEW_IDS = ["new-a", "new-b", "new-c"]


def template_of(document: Document) -> FormTemplate:
    return get_form(document.form, document.edition)


def _value(item: Item) -> st.SearchStrategy[Any]:
    if item.kind is Kind.CHOICE:
        return st.sampled_from(["", *(o.label for o in item.options)])
    if item.kind is Kind.CHECKBOX:
        return st.lists(st.sampled_from([o.label for o in item.options]), unique=True, max_size=2)
    if item.kind is Kind.DATE:
        return st.sampled_from(DATES)
    if item.kind is Kind.NUMBER:
        return st.sampled_from(["", "1", "2"])
    if item.kind is Kind.PERIOD:
        return st.fixed_dictionaries({"start": st.sampled_from(DATES), "end": st.sampled_from(DATES)})
    return st.sampled_from(TEXTS)


@dataclass(frozen=True)
class Scenario:
    """An example document and two edits of it made at the same time (shown as the operations)."""

    name: str
    theirs_log: tuple[str, ...]
    mine_log: tuple[str, ...]
    base: Document = field(repr=False)
    theirs: Document = field(repr=False)
    mine: Document = field(repr=False)

    def __iter__(self) -> Iterator[Document]:
        return iter((self.base, self.theirs, self.mine))


def _pick(draw: st.DrawFn, candidates: list[Occurrence], focus: frozenset[str]) -> Occurrence:
    """Mostly one of the focused places (so both sides often meet), sometimes any."""
    focused = [o for o in candidates if str(o.path) in focus or any(str(e) in focus for e in _around(o.path))]
    if focused and draw(st.integers(0, 3)):
        return draw(st.sampled_from(focused))
    return draw(st.sampled_from(candidates))


def _around(path: ElementPath) -> list[ElementPath]:
    return [ElementPath(r, path.selectors[: n + 1]) for n, (r, _) in enumerate(path.selectors)]


@st.composite
def edited(draw: st.DrawFn, document: Document, log: list[str], focus: frozenset[str] = frozenset()) -> Document:
    """A copy of ``document`` after a few random editor operations (each written to ``log``)."""
    template = template_of(document)
    result = document.copy()
    for _ in range(draw(st.integers(0, 6))):
        operation = draw(st.sampled_from(["set", "set", "set", "add", "remove", "move"]))
        occurrences = list(walk(result, template))
        if operation == "set":
            scalars = [o for o in occurrences if not o.is_element and holds_scalar(o.item)]
            occ = _pick(draw, scalars, focus)
            value = draw(_value(occ.item))
            set_value(result, template, occ.path, value)
            log.append(f"set {occ.path} = {value!r}")
            continue
        repeats = [o for o in occurrences if o.item.kind is Kind.REPEAT and not o.is_element]
        if not repeats:
            continue
        occ = _pick(draw, repeats, focus)
        scope = occ.scopes[-1]
        elements = scope.setdefault(occ.item.storage_key, [])
        if not isinstance(elements, list):
            continue
        if operation == "add":
            new_id = draw(st.sampled_from(NEW_IDS))
            if all(e.get("id") != new_id for e in elements):
                element: dict[str, Any] = {"id": new_id}
                if occ.item.title_item:
                    element[occ.item.title_item] = draw(st.sampled_from(TEXTS))
                position = draw(st.integers(0, len(elements)))
                elements.insert(position, element)
                log.append(f"add {occ.path}[#{new_id}] at {position}: {element}")
        elif operation == "remove" and elements:
            removed = elements.pop(draw(st.integers(0, len(elements) - 1)))
            log.append(f"remove {occ.path}[#{removed.get('id')}]")
        elif operation == "move" and len(elements) > 1:
            moved = elements.pop(draw(st.integers(0, len(elements) - 1)))
            position = draw(st.integers(0, len(elements)))
            elements.insert(position, moved)
            log.append(f"move {occ.path}[#{moved.get('id')}] to {position}")
    return result


@st.composite
def concurrent_edits(draw: st.DrawFn) -> Scenario:
    """An example document and two edits of it made at the same time."""
    name = draw(st.sampled_from(sorted(DOCUMENTS)))
    base = DOCUMENTS[name]
    places = [str(o.path) for o in walk(base, template_of(base)) if o.is_element or holds_scalar(o.item)]
    focus = frozenset(draw(st.lists(st.sampled_from(places), min_size=1, max_size=4)))
    theirs_log: list[str] = []
    mine_log: list[str] = []
    theirs, mine = draw(edited(base, theirs_log, focus)), draw(edited(base, mine_log, focus))
    return Scenario(name, tuple(theirs_log), tuple(mine_log), base, theirs, mine)


# ---------------------------------------------------------------------- what a document says

Storage = tuple[tuple[tuple[str, str], ...], str]  # (storage key, element id) …, then the key


@dataclass(frozen=True)
class Units:
    """Values by storage place, element existence, and the element order of each repeat.

    Ⅱ, (別添2) and Ⅲ show one stored file element three times; here it is one element."""

    values: Mapping[Storage, Any]
    elements: frozenset[Storage]
    orders: Mapping[Storage, list[str]]
    paths: Mapping[Storage, str] = field(compare=False)  # the first printed path of each place


def storage_of(template: FormTemplate, path: ElementPath) -> tuple[tuple[str, str], ...]:
    return tuple((template.item(repeat).storage_key, element) for repeat, element in path.selectors)


def units(document: Document) -> Units:
    template = template_of(document)
    values: dict[Storage, Any] = {}
    elements: set[Storage] = set()
    orders: dict[Storage, list[str]] = {}
    paths: dict[Storage, str] = {}
    for occ in walk(document, template):
        selectors = storage_of(template, occ.path)
        if occ.is_element:
            key: Storage = (selectors[:-1], selectors[-1][0] + "#" + selectors[-1][1])
            elements.add(key)
        elif occ.item.kind is Kind.REPEAT:
            key = (selectors, occ.item.storage_key)
            orders.setdefault(key, [str(e.get("id")) for e in occ.value or [] if isinstance(e, Mapping)])
        elif holds_scalar(occ.item):
            key = (selectors, occ.item.id)
            meant = normalized(occ.item, occ.value)
            if meant is not None:
                values[key] = meant
        else:
            continue
        paths.setdefault(key, str(occ.path))
    return Units(values, frozenset(elements), orders, paths)


def element_key(selectors: tuple[tuple[str, str], ...]) -> Storage:
    return (selectors[:-1], selectors[-1][0] + "#" + selectors[-1][1])


def enclosing(key: Storage) -> list[Storage]:
    """The element storage places a place lies in, outermost first."""
    selectors = key[0]
    return [element_key(selectors[: n + 1]) for n in range(len(selectors))]


def inside(key: Storage, element: Storage) -> bool:
    return element in enclosing(key)
