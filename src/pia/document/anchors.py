"""The places of a filled document a reviewer's remark or a public comment can point at.

Every section and item at any depth, every repeat element (委託事項2 of the file 本人確認情報ファイル)
and every option of a choice or checkbox item, in document order, labelled as printed
(「Ⅱ 特定個人情報ファイルの概要 (2) 本人確認情報ファイル › 4.特定個人情報ファイルの取扱いの委託 ›
委託事項2 › ⑧再委託の許諾方法」), grouped by top-level section and preceded by 「全般」 (the path "").
Paths are element paths, an option's the ``::o<no>`` form (``pia.document.paths``); the
chapter-level paths of ``pia.forms.form_item_choices`` are among them with the same labels.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pia.document.access import LABEL_SEPARATOR, element_heading, labels_with, locate
from pia.document.model import Document
from pia.document.paths import ElementPath, OptionPath, PathError, parse_anchor
from pia.document.public import public_document
from pia.document.walk import Occurrence, walk
from pia.forms.choices import GENERAL_LABEL, SKIPPED, form_item_choices
from pia.forms.model import FormTemplate, Item, Kind, Option
from pia.forms.registry import get_form

# A heading people typed (a file's or a 委託事項's title) is cut after this many characters in a
# label, as the choices of a select have to stay readable.
HEADING_CHARS = 40


@dataclass(frozen=True)
class Anchor:
    path: str  # an element path or an option path ("" for 「全般」)
    label: str  # the printed labels leading to it
    section: str  # the id of its top-level section ("" for 「全般」)


@dataclass(frozen=True)
class AnchorGroup:
    section: str  # the top-level section's id ("" for 「全般」)
    label: str  # its printed label
    anchors: tuple[Anchor, ...]


GENERAL = Anchor("", GENERAL_LABEL, "")


def document_anchors(
    document: Document, template: FormTemplate | None = None, *, public: bool = False, leaves: bool = True
) -> tuple[AnchorGroup, ...]:
    """The anchors of ``document`` grouped by top-level section, 「全般」 first. ``public``: for a
    page anyone may read (the public comment form): nothing withheld (``non_public``) is offered
    and the element headings are read from the public edition. ``leaves=False``: the sections,
    repeats and repeat elements (委託事項2, not its ⑧ nor the options of its items) and the
    form's chapter-level choices: a shorter list for a single select on a phone."""
    template = template or get_form(document.form, document.edition)
    if public:
        document = public_document(document, template)
    sections: dict[str, list[Anchor]] = {}
    chapters = {path for path, _ in form_item_choices(template.form, template.edition)}
    for anchor in _anchors(document, template, public):
        if not leaves and anchor.path not in chapters and not _is_container(template, anchor.path):
            continue
        sections.setdefault(anchor.section, []).append(anchor)
    _add_chapters(template, sections, public)
    groups = [AnchorGroup(section, anchors[0].label, tuple(anchors)) for section, anchors in sections.items()]
    return (AnchorGroup("", GENERAL_LABEL, (GENERAL,)), *groups)


def _is_container(template: FormTemplate, path: str) -> bool:
    parsed = parse_anchor(path)
    return isinstance(parsed, ElementPath) and template.item(parsed.item_id).kind.is_container


def _add_chapters(template: FormTemplate, sections: dict[str, list[Anchor]], public: bool) -> None:
    """The form's chapter-level choices (``form_item_choices``) the walk did not list (the items of
    a repeat as a whole: 「(別添3) 変更箇所 › 変更日」) go right after their parent, in form order,
    so every path offered before anchors were fine is still one."""
    for path, label in form_item_choices(template.form, template.edition)[1:]:
        anchors = sections.get(_section_of(template, template.item(path)).id)
        if anchors is None or any(a.path == path for a in anchors) or (public and template.is_withheld(path)):
            continue
        parent = template.parent(path)
        at = next((n for n, a in enumerate(anchors) if parent is not None and a.path == parent.id), 0)
        while at + 1 < len(anchors) and anchors[at + 1].path.startswith(f"{parent.id if parent else path}."):
            at += 1  # after the siblings added before it (never an element path: those hold "[#")
        anchors.insert(at + 1, Anchor(path, label, anchors[0].section))


def anchor_choices(groups: Iterable[AnchorGroup]) -> list[tuple[str, str]]:
    """The anchors as ``(path, label)`` pairs, in document order (for a select or a lookup)."""
    return [(a.path, a.label) for group in groups for a in group.anchors]


def _anchors(document: Document, template: FormTemplate, public: bool) -> Iterator[Anchor]:
    headings: dict[str, str] = {}  # element path -> its printed heading, filled on the way down
    for occurrence in walk(document, template):
        item = occurrence.item
        section = _section_of(template, item)
        if section.id in SKIPPED or not item.label or (public and template.is_withheld(item.id)):
            continue
        if occurrence.is_element:
            headings[str(occurrence.path)] = element_heading(item, occurrence.value, occurrence.index or 0)
        label = _label(template, occurrence.path, _headings_of(occurrence, headings), HEADING_CHARS)
        if _repeats_parent(template, item, occurrence):
            continue
        yield Anchor(str(occurrence.path), label, section.id)
        if not occurrence.is_element:
            for option in _options(item):
                path = OptionPath(occurrence.path, option.no)
                yield Anchor(str(path), label + LABEL_SEPARATOR + option_text(item, option), section.id)


def _label(template: FormTemplate, path: ElementPath, headings: dict[str, str], heading_chars: int | None) -> str:
    """:func:`pia.document.access.labels_with`, and a top-level repeat's label before the heading
    of its element when the heading does not print it (「(別添2) 特定個人情報ファイル記録項目
    (1) 住民基本台帳ファイル」)."""
    label = labels_with(template, path, headings, heading_chars)
    top = _section_of(template, template.item(path.item_id))
    if top.kind is Kind.REPEAT and top.id in headings and not label.startswith(top.label):
        return f"{top.label} {label}"
    return label


def _section_of(template: FormTemplate, item: Item) -> Item:
    ancestors = template.ancestors(item.id)
    return ancestors[0] if ancestors else item


def _headings_of(occurrence: Occurrence, headings: dict[str, str]) -> dict[str, str]:
    path = occurrence.path
    found: dict[str, str] = {}
    for n, (repeat_id, _) in enumerate(path.selectors, start=1):
        heading = headings.get(str(ElementPath(repeat_id, path.selectors[:n])))
        if heading is not None:
            found[repeat_id] = heading
    return found


def _repeats_parent(template: FormTemplate, item: Item, occurrence: Occurrence) -> bool:
    """An item printed with its parent's label adds nothing to choose from (the parent is one)."""
    parent = template.parent(item.id)
    return parent is not None and not occurrence.is_element and item.label == parent.label


def _options(item: Item) -> tuple[Option, ...]:
    return item.options if item.kind in (Kind.CHOICE, Kind.CHECKBOX) else ()


def option_text(item: Item, option: Option) -> str:
    """An option as the form prints it: 「1) 再委託する」 for a choice, 「専用線」 for a checkbox."""
    return f"{option.no}) {option.label}" if item.kind is Kind.CHOICE else option.label


def anchor_label(
    document: Document, template: FormTemplate, path: str, heading_chars: int | None = HEADING_CHARS
) -> str:
    """The printed label of any anchor text, listed or not: 「全般」 for "", the labels of the form
    for a path whose elements are gone or that names no element (the chapter-level paths stored
    before anchors were fine), the text itself when the form does not know it."""
    if not path:
        return GENERAL_LABEL
    chapter = dict(form_item_choices(template.form, template.edition)).get(path)
    if chapter is not None:  # a section or one of its items, as the form's choices label it
        return chapter
    try:
        parsed = parse_anchor(path)
        element = parsed.element if isinstance(parsed, OptionPath) else parsed
        item = template.item(element.item_id)
    except (PathError, KeyError):
        return path
    try:
        headings = locate(document, template, element).headings
    except (PathError, KeyError):
        headings = {}
    label = _label(template, element, headings, heading_chars)
    if isinstance(parsed, OptionPath):
        option = next((o for o in _options(item) if o.no == parsed.no), None)
        return label + LABEL_SEPARATOR + (option_text(item, option) if option else f"選択肢{parsed.no}")
    return label
