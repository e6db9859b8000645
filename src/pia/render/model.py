"""The print model: a plain tree of parts, headings, rows and tables.

It is built once from a document and its form (``pia.render.build``) and read by every
output format (PDF via typst, HTML, DOCX, XLSX), so the formats never disagree about what
is printed, in which order, what is withheld and what is marked as changed.

``to_data`` turns the tree into JSON-ready dicts (each node tagged with ``type``) for the
typst templates, which receive it as data and never as markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from enum import StrEnum
from typing import Any

from pia.document.public import WITHHELD as WITHHELD  # printed instead of a withheld value


class Mark(StrEnum):
    """How a value is marked in a change draft."""

    NONE = ""
    CHANGED = "changed"  # new or changed since the previous version: printed in red
    REMOVED = "removed"  # no longer in the document: printed struck through


class ValueKind(StrEnum):
    TEXT = "text"
    CHOICE = "choice"
    CHECKBOX = "checkbox"
    WITHHELD = "withheld"


@dataclass(frozen=True)
class ChoiceOption:
    no: int
    label: str


@dataclass(frozen=True)
class CheckOption:
    label: str
    ticked: bool
    slot: bool = False  # printed 「その他 ( … )」
    text: str = ""  # the slot text
    group: str = ""  # caption starting a new line (「・識別情報」), on the first option of a group
    unit: str = ""  # printed after the slot: 「件」 when the slot counts elements (「( 2 )件」)

    @property
    def head(self) -> str:
        """「[○] 専用線」: the box and the option (kept on one line in print)."""
        return f"{'[○]' if self.ticked else '[ ]'} {self.label}"

    @property
    def tail(self) -> str:
        """「 (住基ネット)」: the free-text slot of 「その他 ( )」 options, else empty."""
        return f" ({self.text or ' '}){self.unit}" if self.slot else ""

    @property
    def line(self) -> str:
        """「[○] 専用線」, 「[ ] 電子メール」, 「[○] その他 (住基ネット)」: the text every format prints."""
        return self.head + self.tail


@dataclass(frozen=True)
class Value:
    """A printed value. ``text`` is what a reader copies: the choice, the ticked boxes, the text."""

    kind: ValueKind
    text: str
    options: tuple[ChoiceOption, ...] = ()
    checks: tuple[CheckOption, ...] = ()

    @property
    def bracket(self) -> str:
        """「[再委託する]」: the chosen option in brackets, as the forms print it."""
        return f"[{self.text}]" if self.text else "[ ]"

    @property
    def option_line(self) -> str:
        """「1) 再委託する 2) 再委託しない」."""
        return " ".join(f"{o.no}) {o.label}" for o in self.options)


@dataclass(frozen=True)
class Cell:
    text: str
    mark: Mark = Mark.NONE


@dataclass(frozen=True)
class Slot:
    """A slot item printed inside the value cell of the row before it: 「(2)件」. Only the value
    is marked red in a change draft, not the form's brackets and unit."""

    value: str
    unit: str  # 「件」: the slot label after its brackets 「( )件」
    path: str
    mark: Mark = Mark.NONE

    @property
    def text(self) -> str:
        return f"({self.value or ' '}){self.unit}"


@dataclass(frozen=True)
class Row:
    """One line of a two-column block: a group caption (no value) or an item with its value."""

    label: str
    depth: int
    path: str
    value: Value | None = None  # None for a group caption
    star: bool = False
    mark: Mark = Mark.NONE
    removed: str = ""  # previous text, printed struck through, when it was removed
    suffix: Slot | None = None  # a slot item printed in this row's value cell: 「(2)件」

    @property
    def is_group(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class Rows:
    """Consecutive label/value rows, printed as one two-column table."""

    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Table:
    """A repeat printed as a table (``layout: table``): one column per child item."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    caption: str = ""
    widths: tuple[float, ...] = ()  # relative column widths, summing to 1


@dataclass(frozen=True)
class Heading:
    """A heading inside a part: a per-file block 「(1) 住民基本台帳ファイル」."""

    text: str
    level: int
    path: str
    mark: Mark = Mark.NONE


@dataclass(frozen=True)
class Figure:
    """A figure of an image item (the diagram of (別添1) 事務の内容), printed at the text width
    under its caption. ``data`` is the image (PNG or JPEG); ``to_data`` leaves bytes out, so the
    typst template receives ``name``, the file the PDF writer puts beside it."""

    path: str
    caption: str
    file: str  # the file name the document references
    sha256: str
    media_type: str
    width: int  # pixels
    height: int
    data: bytes = field(default=b"", repr=False, compare=False)
    mark: Mark = Mark.NONE

    @property
    def name(self) -> str:
        """「3f2a….png」: a file name made from the hash, safe in any folder."""
        return f"{self.sha256[:32]}.{'jpg' if self.media_type == 'image/jpeg' else 'png'}"

    @property
    def alt(self) -> str:
        """The text alternative (JIS X 8341-3): the caption, else what the figure is."""
        return self.caption or "事務の内容の図"

    @property
    def note(self) -> str:
        """「(図を変更)」 beside a new or changed figure in a change draft (colour is not the only signal)."""
        return FIGURE_CHANGED if self.mark is Mark.CHANGED else ""

    def fit(self, width: float, height: float) -> tuple[float, float]:
        """The printed size inside a box ``width`` × ``height`` (any unit): the box's width, scaled
        down to its height when the figure is taller, the aspect ratio kept (DOCX, XLSX; the PDF
        template computes the same)."""
        scale = min(width / max(self.width, 1), height / max(self.height, 1))
        return self.width * scale, self.height * scale


FIGURE_CHANGED = "(図を変更)"
# A figure is at most this many text widths high: an A4 page's text area (260 mm) less room for
# the part's title and the caption (40 mm), over the text width (178 mm); templates/report.typ.
FIGURE_TALLEST = (260 - 40) / 178

Block = Heading | Rows | Table | Figure


@dataclass(frozen=True)
class Part:
    """A top-level section (Ⅰ, Ⅱ, (別添1) …): starts a page in print."""

    title: str
    path: str
    blocks: tuple[Block, ...]
    star: bool = False


@dataclass(frozen=True)
class CoverField:
    label: str
    value: Value
    path: str
    mark: Mark = Mark.NONE
    wide: bool = False  # a free-text box printed under its caption (宣言, 特記事項), else beside its label


@dataclass(frozen=True)
class PrintDocument:
    """Everything a renderer needs; renderers make no decision about content."""

    title: str  # 特定個人情報保護評価書(全項目評価書)
    edition_label: str  # [平成30年5月 様式4]
    office: str  # 事務名, for the page header
    body_type: str  # 地方公共団体等 | 行政機関等
    cover: tuple[CoverField, ...]
    index: tuple[str, ...]  # entries of the 項目一覧
    parts: tuple[Part, ...]
    public: bool = False
    draft: bool = False  # rendered with validation errors
    marked: bool = False  # changes against a previous version are marked
    notes: tuple[str, ...] = field(default=())  # printed under the cover (legend of the marks)
    index_title: str = "項目一覧"
    colophon: tuple[str, ...] = ()  # printed at the end of a draft (how sure the form data are), never public

    @property
    def status(self) -> str:
        """Printed in the page header: 「下書き」, 「変更箇所表示」. The public edition is marked by
        nothing the form does not have (its withheld values print 「(非公表)」)."""
        return "・".join(w for flag, w in ((self.draft, "下書き"), (self.marked, "変更箇所表示")) if flag)


_DERIVED: dict[type, tuple[str, ...]] = {
    Row: ("is_group",),
    CheckOption: ("head", "tail", "line"),
    Value: ("bracket", "option_line"),
    Slot: ("text",),
    Figure: ("name", "alt", "note"),
    PrintDocument: ("status",),
}


def to_data(node: Any) -> Any:
    """JSON-ready data: dataclasses become dicts tagged with their class name as ``type``,
    with the derived texts (「[○] 専用線」, 「[再委託する]」) included so templates print them as is."""
    kind = type(node)
    if kind is str or kind is int or kind is bool or node is None:
        return node
    if kind is bytes:  # a figure's image: writers read it from the model, JSON never carries it
        return None
    shape = _shapes.get(kind)
    if shape is None:
        shape = _shapes[kind] = _shape(kind)
    if shape:
        names, tag, derived = shape
        data = {name: to_data(getattr(node, name)) for name in names}
        data["type"] = tag
        for name in derived:
            data[name] = getattr(node, name)
        return data
    if isinstance(node, (list, tuple)):
        return [to_data(n) for n in node]
    if isinstance(node, StrEnum):
        return node.value
    return node


_Shape = tuple[tuple[str, ...], str, tuple[str, ...]]
_shapes: dict[type, _Shape | tuple[()]] = {}


def _shape(kind: type) -> _Shape | tuple[()]:
    """Field names, type tag and derived properties of a dataclass (``()`` for other types).
    Computed once per class: ``dataclasses.fields`` is slow for a model of thousands of rows."""
    if not is_dataclass(kind):
        return ()
    return tuple(f.name for f in fields(kind)), kind.__name__.lower(), _DERIVED.get(kind, ())
