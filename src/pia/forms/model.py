"""The in-memory form template: an immutable tree of items built from an edition file."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date as date_type
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    SECTION = "section"
    HEADING = "heading"
    TEXT = "text"
    CHOICE = "choice"
    CHECKBOX = "checkbox"
    DATE = "date"
    PERIOD = "period"
    NUMBER = "number"
    IMAGE = "image"  # figures attached to the document ((別添1) 事務の内容の図): references, see pia.document.images
    REPEAT = "repeat"

    @property
    def holds_value(self) -> bool:
        return self not in (Kind.SECTION, Kind.HEADING)

    @property
    def is_container(self) -> bool:
        return self in (Kind.SECTION, Kind.REPEAT)


# Limits on what one document may hold (an edition file sets its own per item, see form-schema.md).
# A repeat without ``max_elements`` holds at most DEFAULT_MAX_ELEMENTS elements; a value item
# without ``max_length`` at most the default of its kind, in characters (a period: per date; a
# checkbox: per free-text slot). Text areas get 4,000 characters, one-line inputs far fewer.
DEFAULT_MAX_ELEMENTS = 50
DEFAULT_MAX_LENGTH = {"text": 4000, "date": 30, "period": 30, "number": 15, "checkbox": 200, "image": 200}
DEFAULT_MAX_BYTES = 5 * 1024 * 1024  # an image item: bytes of one figure (``max_bytes``)
DEFAULT_MAX_FIGURES = 10  # an image item without ``max_elements``: figures it may hold
ELEMENT_ID_MAX = 64  # characters of a repeat element's id (pia.document.paths.ELEMENT_ID)

FORM_KINDS = ("basic", "focused", "full")
FORM_KIND_LABELS = {"basic": "基礎項目評価書", "focused": "重点項目評価書", "full": "全項目評価書"}


# What the records of the procedure (意見募集, 第三者点検, the commission's 承認, 公表) can supply to a
# document: ``<step>.<field>``, the step being the one the item ``records``. The workbench maps
# each to its record; the form data says which item of an edition receives it (``filled_from``).
RECORD_FIELDS = frozenset(
    {
        "consultation.period",
        "consultation.short_reason",
        "third_party_review.date",
        "third_party_review.result",
        "approval.applied_on",
        "approval.approved_on",
        "approval.result",
        "publication.date",
    }
)


@dataclass(frozen=True)
class Role:
    """What code finds an item by, whatever its id in an edition (``role:`` in the form data)."""

    label: str  # how the form names the item (its printed label contains this)
    kind: Kind  # the kind of value code reads from it


# The items code needs to find. Each role is on at most one item of an edition, outside every
# repeat (its value is ``document.values[item.id]``); an edition without the item has no such role.
ROLES: Mapping[str, Role] = {
    "number": Role("評価書番号", Kind.TEXT),
    "name": Role("評価書名", Kind.TEXT),
    "agency": Role("評価実施機関名", Kind.TEXT),
    "approval_date": Role("承認日", Kind.DATE),  # 個人情報保護委員会 承認日 (行政機関等)
    "publication_date": Role("公表日", Kind.DATE),
    "jimu_name": Role("事務の名称", Kind.TEXT),
    "subjects": Role("対象人数", Kind.CHOICE),
    "subjects_counted_on": Role("いつ時点の計数か", Kind.DATE),
    "handlers": Role("取扱者数", Kind.CHOICE),
    "incident": Role("重大事故", Kind.CHOICE),
    "threshold_result": Role("しきい値判断結果", Kind.CHOICE),
    "report_kinds": Role("提出する特定個人情報保護評価書の種類", Kind.CHOICE),
}


@dataclass(frozen=True)
class Option:
    no: int
    label: str
    text_slot: bool = False
    exclusive: bool = False
    group: str = ""


@dataclass(frozen=True, eq=False)
class Item:
    id: str
    label: str
    kind: Kind
    children: tuple[Item, ...] = ()
    options: tuple[Option, ...] = ()
    star: bool | None = None
    required: str | None = None  # "submit" | "publish" | None
    when: Mapping[str, Any] | None = None
    hint: str = ""
    status: str = ""
    source: tuple[str, ...] = ()
    notes: str = ""
    group: str = ""
    heading: str = ""
    title_item: str = ""
    layout: str = ""
    checks: tuple[Mapping[str, Any], ...] = ()
    non_public: bool = False
    records: str = ""  # the procedure step (rules data id) whose outcome this item records
    filled_from: str = ""  # the record field that can fill it (RECORD_FIELDS), e.g. consultation.period
    role: str = ""  # what code finds it by (ROLES), e.g. publication_date
    max_elements: int | None = None  # repeat only: at most this many elements (None: the default)
    max_length: int | None = None  # value items: at most this many characters (None: the kind's default)
    max_bytes: int | None = None  # image only: bytes of one figure (None: DEFAULT_MAX_BYTES)

    @property
    def storage_key(self) -> str:
        """Key under which a repeat's elements are stored (its group, else its id)."""
        return self.group or self.id

    @property
    def element_limit(self) -> int:
        """How many elements this repeat (or figures this image item) may hold (``max_elements``,
        else DEFAULT_MAX_ELEMENTS, DEFAULT_MAX_FIGURES for an image item)."""
        if self.max_elements is not None:
            return self.max_elements
        return DEFAULT_MAX_FIGURES if self.kind is Kind.IMAGE else DEFAULT_MAX_ELEMENTS

    @property
    def byte_limit(self) -> int:
        """Bytes one figure of this image item may have (``max_bytes``, else DEFAULT_MAX_BYTES)."""
        return self.max_bytes if self.max_bytes is not None else DEFAULT_MAX_BYTES

    @property
    def length_limit(self) -> int | None:
        """How many characters a value of this item may have (``max_length``, else its kind's
        default; an image item: of each caption); None for kinds whose values are not typed text
        (choice, repeat, section)."""
        if self.max_length is not None:
            return self.max_length
        return DEFAULT_MAX_LENGTH.get(self.kind.value)

    def option(self, label: str) -> Option | None:
        return next((o for o in self.options if o.label == label), None)

    def walk(self) -> Iterator[Item]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Effective:
    """When an edition came into use (``effective:`` in the form data), with its confidence."""

    date: date_type
    status: str  # V | P | R, as for items
    source: tuple[str, ...] = ()
    notes: str = ""


@dataclass(frozen=True, eq=False)
class FormTemplate:
    form: str
    yoshiki: str
    edition: str
    edition_label: str
    title: str
    latest: bool
    status: str
    items: tuple[Item, ...]
    sources: Mapping[str, str] = field(default_factory=dict)
    effective: Effective | None = None
    source: tuple[str, ...] = ()  # published documents or texts that print this edition label
    extends: str = ""  # the file this edition's data extends (``extends:``), "" when written in full
    _index: dict[str, Item] = field(default_factory=dict, compare=False, repr=False)
    _parents: dict[str, Item | None] = field(default_factory=dict, compare=False, repr=False)
    _filled_from: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    _roles: dict[str, Item] = field(default_factory=dict, compare=False, repr=False)
    _ancestors: dict[str, tuple[Item, ...]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for top in self.items:
            self._parents[top.id] = None
            for item in top.walk():
                self._index[item.id] = item
                if item.filled_from:
                    self._filled_from[item.filled_from] = item.id
                if item.role:
                    self._roles.setdefault(item.role, item)
                for child in item.children:
                    self._parents[child.id] = item

    @property
    def key(self) -> str:
        return f"{self.form}@{self.edition}"

    def walk(self) -> Iterator[Item]:
        for top in self.items:
            yield from top.walk()

    def item(self, item_id: str) -> Item:
        try:
            return self._index[item_id]
        except KeyError:
            raise KeyError(f"{self.key} に項目 {item_id} はありません") from None

    def has_item(self, item_id: str) -> bool:
        return item_id in self._index

    def parent(self, item_id: str) -> Item | None:
        return self._parents.get(item_id)

    def ancestors(self, item_id: str) -> list[Item]:
        """Ancestors from the root down, excluding the item itself (computed once per item:
        validation and rendering ask for every occurrence)."""
        chain = self._ancestors.get(item_id)
        if chain is None:
            found: list[Item] = []
            parent = self.parent(item_id)
            while parent is not None:
                found.append(parent)
                parent = self.parent(parent.id)
            chain = self._ancestors[item_id] = tuple(reversed(found))
        return list(chain)

    def item_filled_from(self, record_field: str) -> str | None:
        """The id of the item that ``record_field`` (one of RECORD_FIELDS) fills, if the form has one."""
        return self._filled_from.get(record_field)

    def item_for_role(self, role: str) -> Item | None:
        """The item that has ``role`` (one of ROLES) in this edition, None when the edition has none.
        KeyError for a role that is not in ROLES (a mistake in the code asking)."""
        if role not in ROLES:
            raise KeyError(f"役割 {role} はありません(使える役割: {', '.join(ROLES)})")
        return self._roles.get(role)

    def recorded_step(self, item_id: str) -> str:
        """The procedure step an item records the outcome of (its own ``records`` or the nearest
        ancestor's), or "" for an ordinary item."""
        for node in [self.item(item_id), *reversed(self.ancestors(item_id))]:
            if node.records:
                return node.records
        return ""

    def repeat_chain(self, item_id: str) -> list[Item]:
        """The repeats enclosing an item (outermost first), the item itself included."""
        chain = [a for a in self.ancestors(item_id) if a.kind is Kind.REPEAT]
        item = self.item(item_id)
        if item.kind is Kind.REPEAT:
            chain.append(item)
        return chain

    def is_important(self, item_id: str) -> bool:
        """True when a change to the item counts as 重要な変更 (※, inherited)."""
        for node in [self.item(item_id), *reversed(self.ancestors(item_id))]:
            if node.star is not None:
                return node.star
        return False

    def is_withheld(self, item_id: str) -> bool:
        """True when the item is left out of every public output: it is ``non_public`` or lies
        inside a ``non_public`` item (the one rule; ``pia.document.public`` applies it)."""
        return any(node.non_public for node in [self.item(item_id), *self.ancestors(item_id)])

    def value_items(self) -> list[Item]:
        return [i for i in self.walk() if i.kind.holds_value]

    def count(self) -> int:
        return sum(1 for i in self.walk() if i.kind.holds_value and i.kind is not Kind.REPEAT)
