"""``merge(base, theirs, mine)``: a three-way merge of two edits of one 評価書 made at the same time.

Both edits started from ``base``; ``theirs`` was saved first, ``mine`` is being saved. The merge
works **on storage**, element by element, so the keys of every section are kept: Ⅱ, (別添2) and
Ⅲ store their per-file blocks in one ``files`` element, and merging per printed repeat would
drop the keys of the other two. Per element:

* a **value** (an item's stored value, at an element path such as
  ``II.file[#honnin].4.itaku[#card].7``) changed by one side takes that side's value; changed
  alike by both is no conflict; changed differently is a ``value`` conflict. Blank values are
  all the same (missing, ``""``, ``[]``), as in the diff;
* **repeat elements** match by their stable ``id``: an element one side added is kept; one a
  side removed is removed, unless the other side edited it (an ``element`` conflict); one both
  added with the same id is merged value by value;
* the **order** of a repeat: the side that reordered the elements all three have wins; both
  reordering differently is an ``order`` conflict; added elements follow the element that
  preceded them on their side.

A conflict is decided by ``resolutions`` (path → ``"mine"`` / ``"theirs"``), else by
``default``; the result lists every conflict with the side taken, and every change it carries
with the side it came from. Nothing here knows of Django.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any, Final, NamedTuple

from pia.changes.elements import holds_scalar, normalized
from pia.changes.merge_display import element_text, order_text, value_text
from pia.changes.merge_model import (
    SIDES,
    Conflict,
    ConflictKind,
    Merged,
    MergeError,
    MergeResult,
    Origin,
    Side,
    other_side,
)
from pia.changes.merge_order import arrange, order_change
from pia.changes.model import ChangeKind
from pia.document.access import label_path, locate
from pia.document.model import Document
from pia.document.paths import ElementPath, PathError
from pia.document.values import is_filled
from pia.document.walk import walk
from pia.forms.model import FormTemplate, Item, Kind
from pia.forms.registry import UnknownFormError, get_form

__all__ = ["SIDES", "Conflict", "MergeError", "MergeResult", "Merged", "Side", "merge"]

Context = tuple[tuple[str, str], ...]  # (storage key, element id) from the root down
_ABSENT: Final[Any] = object()  # a key a scope does not have (distinct from a stored None)
_NAMES = ("base", "theirs", "mine")


class _Versions(NamedTuple):
    """One element in the three versions (None where a version does not have it)."""

    base: dict[str, Any] | None
    theirs: dict[str, Any] | None
    mine: dict[str, Any] | None


def merge(
    base: Document,
    theirs: Document,
    mine: Document,
    *,
    resolutions: Mapping[str, Side] | None = None,
    default: Side = "mine",
) -> MergeResult:
    """The three-way merge of ``theirs`` and ``mine``, both edited from ``base``.

    MergeError when the three are not of one form and edition, or a repeat element has no
    id (or two elements one id)."""
    template = _template(base, theirs, mine)
    merger = _Merger(template, {"base": base, "theirs": theirs, "mine": mine}, resolutions or {}, default)
    values = merger.scope(base.values, theirs.values, mine.values, (), quiet=False)
    document = Document(mine.form, mine.edition, _body_type(base, theirs, mine), copy.deepcopy(values))
    paths = {c.path for c in merger.conflicts} | {m.path for m in merger.merged}
    order = _printed_order(template, [document, mine, theirs, base], paths)
    return MergeResult(
        document,
        tuple(sorted(merger.conflicts, key=lambda c: order(c.path))),
        tuple(sorted(merger.merged, key=lambda m: order(m.path))),
    )


def _template(base: Document, theirs: Document, mine: Document) -> FormTemplate:
    if len({(d.form, d.edition) for d in (base, theirs, mine)}) != 1:
        raise MergeError("様式または様式の版が異なる評価書は統合できません(同じ様式・版の評価書を統合してください)")
    try:
        return get_form(mine.form, mine.edition)
    except UnknownFormError as exc:
        raise MergeError(str(exc)) from None


def _body_type(base: Document, theirs: Document, mine: Document) -> str:
    if theirs.body_type == base.body_type or theirs.body_type == mine.body_type:
        return mine.body_type
    if mine.body_type == base.body_type:
        return theirs.body_type
    raise MergeError("団体の区分(地方公共団体等/行政機関等)が両方で異なる値に変更されているため、統合できません")


def _printed_order(template: FormTemplate, documents: list[Document], paths: set[str]) -> Any:
    """A sort key for ``paths``: where they stand in the first document that has them."""
    positions: dict[str, tuple[int, int]] = {}
    for rank, document in enumerate(documents):
        if positions.keys() >= paths:
            break
        for n, occ in enumerate(walk(document, template)):
            path = str(occ.path)
            if path in paths:
                positions.setdefault(path, (rank, n))
                if positions.keys() >= paths:
                    break
    fallback = (len(documents), 0)
    return lambda path: positions.get(path, fallback)


class _Merger:
    def __init__(
        self,
        template: FormTemplate,
        documents: Mapping[str, Document],
        resolutions: Mapping[str, Side],
        default: Side,
    ) -> None:
        self.template = template
        self.documents = documents
        self.resolutions = resolutions
        self.default = default
        self.conflicts: list[Conflict] = []
        self.merged: list[Merged] = []
        self.repeats: dict[str, list[Item]] = {}
        for item in template.walk():
            if item.kind is Kind.REPEAT:
                self.repeats.setdefault(item.storage_key, []).append(item)

    # ------------------------------------------------------------------ scopes and values

    def scope(self, base: Any, theirs: Any, mine: Any, ctx: Context, *, quiet: bool) -> dict[str, Any]:
        """One dict of storage (the document's values or one element), merged key by key."""
        result: dict[str, Any] = {}
        for key in _keys(mine, theirs, base):
            if key == "id" and ctx:
                result["id"] = ctx[-1][1]
                continue
            b, t, m = _get(base, key), _get(theirs, key), _get(mine, key)
            if key in self.repeats and all(_is_elements(v) for v in (b, t, m)):
                value = self.elements(key, b, t, m, ctx, quiet=quiet)
            else:
                value = self.value(key, b, t, m, ctx, quiet=quiet)
            if value is not _ABSENT:
                result[key] = value
        return result

    def value(self, key: str, base: Any, theirs: Any, mine: Any, ctx: Context, *, quiet: bool) -> Any:
        item = self._scalar_item(key)
        b, t, m = (_meaning_of(item, v) for v in (base, theirs, mine))
        if t in (b, m):
            if m != b and not quiet:
                self._took(self._value_path(key, ctx), key, _kind(b, m), "both" if t == m else "mine")
            return mine
        if m == b:
            if not quiet:
                self._took(self._value_path(key, ctx), key, _kind(b, t), "theirs")
            return theirs
        path = self._value_path(key, ctx)
        texts = [value_text(item, None if v is _ABSENT else v) for v in (base, theirs, mine)]
        chosen = self._conflict(path, key, "value", (base, theirs, mine), texts)
        return mine if chosen == "mine" else theirs

    def meaning(self, scope: Mapping[str, Any]) -> dict[str, Any]:
        """What a scope says (blank values left out, elements as (id, meaning) in order)."""
        out: dict[str, Any] = {}
        for key, value in scope.items():
            if key == "id":
                continue
            if key in self.repeats and _is_elements(value):
                elements = [(e.get("id"), self.meaning(e)) for e in _elements(value)]
                if elements:
                    out[key] = elements
                continue
            meant = _meaning_of(self._scalar_item(key), value)
            if meant is not None:
                out[key] = meant
        return out

    # ------------------------------------------------------------------ repeats

    def elements(self, key: str, base: Any, theirs: Any, mine: Any, ctx: Context, *, quiet: bool) -> Any:
        sides = {"base": _elements(base), "theirs": _elements(theirs), "mine": _elements(mine)}
        by_id = {name: self._by_id(key, ctx, name, elements) for name, elements in sides.items()}
        ids = {name: list(found) for name, found in by_id.items()}
        kept: dict[str, dict[str, Any]] = {}
        for element_id in dict.fromkeys([*ids["mine"], *ids["theirs"], *ids["base"]]):
            versions = _Versions(*(by_id[name].get(element_id) for name in _NAMES))
            element = self.element(key, element_id, versions, ctx, quiet=quiet, ids=ids)
            if element is not None:
                kept[element_id] = element
        primary = self._order_side(key, ctx, ids, by_id, quiet=quiet)
        order = arrange(ids[primary], ids[other_side(primary)], kept)
        if not order:
            return next((v for v in (mine, theirs) if v is _ABSENT or v == []), [])
        return [kept[element_id] for element_id in order]

    def element(
        self,
        key: str,
        element_id: str,
        versions: _Versions,
        ctx: Context,
        *,
        quiet: bool,
        ids: Mapping[str, list[str]],
    ) -> dict[str, Any] | None:
        """One element merged (None when it is removed)."""
        base, theirs, mine = versions
        inner = (*ctx, (key, element_id))

        def took(kind: ChangeKind, origin: Origin) -> None:
            if not quiet:
                self._took(self._element_path(key, ctx, element_id), key, kind, origin)

        if theirs is not None and mine is not None:
            if base is None:  # added on both sides with one id: merged value by value
                took("added", "both")
                return self.scope({"id": element_id}, theirs, mine, inner, quiet=True)
            return self.scope(base, theirs, mine, inner, quiet=quiet)
        if base is None:  # added on one side
            took("added", "theirs" if theirs is not None else "mine")
            return theirs if theirs is not None else mine
        remover: Side = "theirs" if theirs is None else "mine"
        keeper = mine if theirs is None else theirs
        if keeper is None:
            took("removed", "both")
            return None
        if self.meaning(base) == self.meaning(keeper):
            took("removed", remover)
            return None
        texts = self._element_texts(key, ctx, versions, ids)
        chosen = self._conflict(self._element_path(key, ctx, element_id), key, "element", versions, texts)
        return keeper if chosen != remover else None

    def _order_side(
        self,
        key: str,
        ctx: Context,
        ids: Mapping[str, list[str]],
        by_id: Mapping[str, Mapping[str, dict[str, Any]]],
        *,
        quiet: bool,
    ) -> Side:
        """The side whose order the merged repeat follows."""
        change = order_change(ids["base"], ids["theirs"], ids["mine"])
        if change == "none":
            return "mine"
        path = self._repeat_path(key, ctx)
        if change == "conflict":
            repeat = self._repeat(key, ctx)
            everything = {**by_id["base"], **by_id["theirs"], **by_id["mine"]}
            texts = [order_text(repeat, ids[n], everything) if repeat else ",".join(ids[n]) for n in _NAMES]
            values = (list(ids["base"]), list(ids["theirs"]), list(ids["mine"]))
            return self._conflict(path, key, "order", values, texts)
        if not quiet:
            self._took(path, key, "reordered", change)
        return "theirs" if change == "theirs" else "mine"

    def _by_id(self, key: str, ctx: Context, side: str, elements: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for n, element in enumerate(elements, start=1):
            element_id = element.get("id")
            if not isinstance(element_id, str) or not element_id:
                where = self._where(key, ctx, side)
                raise MergeError(
                    f"「{where}」の{n}番目の要素に id がありません(繰り返しの要素には変わらない id が必要です)"
                )
            if element_id in found:
                where = self._where(key, ctx, side)
                raise MergeError(
                    f"「{where}」に同じ id「{element_id}」の要素が2つあります(id は要素ごとに変えてください)"
                )
            found[element_id] = element
        return found

    def _element_texts(self, key: str, ctx: Context, versions: _Versions, ids: Mapping[str, list[str]]) -> list[str]:
        repeat = self._repeat(key, ctx)
        texts = []
        for version, name in zip(versions, _NAMES, strict=True):
            if repeat is None:
                texts.append("(削除)" if version is None else str(version.get("id")))
                continue
            position = ids[name].index(version["id"]) + 1 if version is not None else 1
            edited = self._edited_labels(versions.base or {}, version) if name != "base" and version else []
            texts.append(element_text(repeat, version, position, edited))
        return texts

    def _edited_labels(self, base: Mapping[str, Any], element: Mapping[str, Any]) -> list[str]:
        before, after = self.meaning(base), self.meaning(element)
        keys = [k for k in dict.fromkeys([*after, *before]) if before.get(k) != after.get(k)]
        return [self.template.item(k).label if self.template.has_item(k) else self._repeat_label(k) for k in keys]

    def _repeat_label(self, key: str) -> str:
        repeats = self.repeats.get(key)
        return repeats[0].label if repeats else key

    # ------------------------------------------------------------------ paths, labels, records

    def _scalar_item(self, key: str) -> Item | None:
        if not self.template.has_item(key):
            return None
        item = self.template.item(key)
        return item if holds_scalar(item) else None

    def _chain_matches(self, item_id: str, ctx: Context) -> list[Item] | None:
        chain = [a for a in self.template.ancestors(item_id) if a.kind is Kind.REPEAT]
        return chain if [r.storage_key for r in chain] == [k for k, _ in ctx] else None

    def _value_path(self, key: str, ctx: Context) -> str:
        chain = self._chain_matches(key, ctx) if self.template.has_item(key) else None
        if chain is None:
            return _raw_path(ctx, key)
        return str(ElementPath(key, tuple((r.id, e) for r, (_, e) in zip(chain, ctx, strict=True))))

    def _repeat(self, key: str, ctx: Context) -> Item | None:
        """The first printed repeat that stores its elements under ``key`` at this depth."""
        return next((r for r in self.repeats.get(key, []) if self._chain_matches(r.id, ctx) is not None), None)

    def _repeat_path(self, key: str, ctx: Context) -> str:
        repeat = self._repeat(key, ctx)
        if repeat is None:
            return _raw_path(ctx, key)
        return self._value_path(repeat.id, ctx)

    def _element_path(self, key: str, ctx: Context, element_id: str) -> str:
        repeat = self._repeat(key, ctx)
        if repeat is None:
            return _raw_path(ctx, key) + f"[#{element_id}]"
        return str(ElementPath.parse(self._repeat_path(key, ctx)).element(repeat.id, element_id))

    def _where(self, key: str, ctx: Context, side: str) -> str:
        path = self._repeat_path(key, ctx)
        return self._label(path, [side]) if self._repeat(key, ctx) else path

    def _label(self, path: str, sides: Iterable[str] = ("mine", "theirs", "base")) -> str:
        try:
            parsed = ElementPath.parse(path)
            if not self.template.has_item(parsed.item_id):
                return path
        except PathError:
            return path
        sides = list(sides)
        for side in sides:
            try:
                locate(self.documents[side], self.template, parsed)
            except (PathError, KeyError):
                continue
            return label_path(self.documents[side], self.template, parsed)
        return label_path(self.documents[sides[0]], self.template, parsed)

    def _item_id(self, path: str, key: str) -> str:
        try:
            return ElementPath.parse(path).item_id
        except PathError:
            return key

    def _took(self, path: str, key: str, kind: ChangeKind, origin: Origin) -> None:
        sides = ["base", "mine", "theirs"] if kind == "removed" else ["mine", "theirs", "base"]
        self.merged.append(Merged(path, self._item_id(path, key), self._label(path, sides), kind, origin))

    def _conflict(
        self, path: str, key: str, kind: ConflictKind, values: tuple[Any, Any, Any], texts: list[str]
    ) -> Side:
        chosen = self.resolutions.get(path, self.default)
        base, theirs, mine = (None if v is _ABSENT else copy.deepcopy(v) for v in values)
        base_text, theirs_text, mine_text = texts
        conflict = Conflict(
            path=path,
            item_id=self._item_id(path, key),
            label=self._label(path),
            kind=kind,
            base=base,
            theirs=theirs,
            mine=mine,
            base_text=base_text,
            theirs_text=theirs_text,
            mine_text=mine_text,
            chosen=chosen,
        )
        self.conflicts.append(conflict)
        return chosen


def _keys(*scopes: Any) -> list[str]:
    keys: dict[str, None] = {}
    for scope in scopes:
        if isinstance(scope, Mapping):
            keys.update(dict.fromkeys(scope))
    return list(keys)


def _get(scope: Any, key: str) -> Any:
    return scope.get(key, _ABSENT) if isinstance(scope, Mapping) else _ABSENT


def _is_elements(value: Any) -> bool:
    """True for a repeat's stored elements (a list of dicts) or a blank in its place."""
    if value is _ABSENT or value is None or (isinstance(value, (str, list)) and len(value) == 0):
        return True
    return isinstance(value, list) and all(isinstance(e, Mapping) for e in value)


def _elements(value: Any) -> list[dict[str, Any]]:
    return value if isinstance(value, list) else []


def _meaning_of(item: Item | None, value: Any) -> Any:
    """What a stored value says (None when blank or absent), as the diff compares values."""
    if value is _ABSENT or not is_filled(value):
        return None
    return normalized(item, value) if item is not None else value


def _kind(before: Any, after: Any) -> ChangeKind:
    if before is None:
        return "added"
    return "removed" if after is None else "modified"


def _raw_path(ctx: Context, key: str) -> str:
    return "".join(f"{k}[#{e}]." for k, e in ctx) + key
