"""What the review screen shows and does with the text the import could not place.

Each fragment is shown next to the item it followed in the file (its ``near`` path); the user
adds it to a text item (appended after what the item already says, never replacing it) or
discards it. Only text items can receive a fragment: a choice or a date is read by the import or
typed in the editor, not pasted from loose text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pia.document import Document, ElementPath, PathError, get_value, label_path, set_value, walk
from pia.forms import FormTemplate
from pia.forms.model import Kind


class AssignRefused(Exception):
    """The chosen item cannot receive the text (message in Japanese)."""


@dataclass(frozen=True)
class Target:
    path: str
    label: str


@dataclass(frozen=True)
class FragmentRow:
    """A fragment as the review screen shows it: the item offered first, and the items to choose
    from (its chapter's, or every text item on the fragment's own page)."""

    fragment: Any
    default_target: str
    choices: Sequence[Target]
    target_label: str = ""  # the printed label of the item it was appended to


@dataclass
class Group:
    """The fragments that followed one item in the file (``path`` "" before the first item)."""

    path: str
    label: str
    value: str
    rows: list[FragmentRow] = field(default_factory=list)


def text_targets(document: Document, template: FormTemplate) -> list[Target]:
    """Every text item of the document in printed order (repeat elements expanded)."""
    return [
        Target(str(o.path), label_path(document, template, o.path, heading_chars=30))
        for o in walk(document, template)
        if not o.is_element and o.item.kind is Kind.TEXT
    ]


def default_target(near: str, targets: Sequence[Target]) -> str:
    """The item a fragment most likely belongs to: the text item it followed, else the first text
    item after it (the item's own label or option list is usually what was read just before)."""
    paths = [t.path for t in targets]
    if near in paths:
        return near
    if near:
        prefix = near.rsplit(".", 1)[0] if "." in near else near
        for path in paths:
            if _within(path, prefix):
                return path
    return paths[0] if paths else ""


def _within(path: str, prefix: str) -> bool:
    """``path`` is ``prefix`` or below it: 「II.3.1」 and 「II.3[#a].1」 are within 「II.3」, 「II.30」 is not."""
    return path == prefix or path.startswith((f"{prefix}.", f"{prefix}["))


def groups(document: Document, template: FormTemplate, fragments: Iterable[Any]) -> list[Group]:
    """Fragments grouped by the item they followed, in the order of the file; each offered the
    text items of the chapter it most likely belongs to."""
    targets = text_targets(document, template)
    out: dict[str, Group] = {}
    for fragment in fragments:
        near = fragment.near
        if near not in out:
            out[near] = Group(near, *_label_and_value(document, template, near))
        chosen = default_target(near, targets)
        done = next((t.label for t in targets if t.path == fragment.target), fragment.target)
        out[near].rows.append(FragmentRow(fragment, chosen, chapter_targets(template, targets, chosen), done))
    return list(out.values())


def chapter_targets(template: FormTemplate, targets: Sequence[Target], chosen: str) -> list[Target]:
    """The text items of the chapter of ``chosen`` (every text item when it has none)."""
    chapter = _chapter(template, chosen)
    return [t for t in targets if _chapter(template, t.path) == chapter] if chapter else list(targets)


def _chapter(template: FormTemplate, path: str) -> str:
    try:
        item_id = ElementPath.parse(path).item_id
        ancestors = template.ancestors(item_id)
    except (PathError, KeyError):
        return ""
    return ancestors[0].id if ancestors else item_id


def _label_and_value(document: Document, template: FormTemplate, near: str) -> tuple[str, str]:
    if not near:
        return "(最初の項目より前)", ""
    try:
        path = ElementPath.parse(near)
        value = get_value(document, template, path)
        return label_path(document, template, path, heading_chars=30), value if isinstance(value, str) else ""
    except (PathError, KeyError):
        return near, ""


def append_text(document: Document, template: FormTemplate, target: str, text: str) -> Document:
    """The document with ``text`` added at the end of the text item ``target`` (on a new line)."""
    try:
        path = ElementPath.parse(target)
        item = template.item(path.item_id)
        current = get_value(document, template, path)
    except (PathError, KeyError):
        raise AssignRefused(f"追記先の項目 '{target}' がこの評価書にありません。") from None
    if item.kind is not Kind.TEXT:
        raise AssignRefused(f"「{item.label}」は文章の項目ではないため、テキストを追記できません。")
    before = current if isinstance(current, str) else ""
    combined = f"{before}\n{text}" if before.strip() else text
    limit = item.length_limit
    if limit is not None and len(combined) > limit:
        raise AssignRefused(f"「{item.label}」は{limit}文字までです。追記すると{len(combined)}文字になります。")
    updated = document.copy()
    set_value(updated, template, path, combined)
    return updated
