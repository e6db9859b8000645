"""The places a comment or a remark can point at, for a document or a stored version: the core's
``pia.document.anchors`` (every section, item, repeat element and option of the filled document,
in document order, labelled as printed; 「全般」 first)."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from pia.document import Document
from pia.document.anchors import HEADING_CHARS, AnchorGroup, anchor_choices, anchor_label, document_anchors
from pia.forms import get_form
from workbench.assessments.models import Version

# What a remark's or a comment's 該当箇所 field stores (Remark.path, Comment.item and .tag): a place
# whose path is longer (three nested elements with long ids) is not offered rather than refused
# by the database.
PATH_MAX = 200


def place_groups(document: Document, *, public: bool = False, leaves: bool = True) -> tuple[AnchorGroup, ...]:
    """The places of a document grouped by top-level section, 「全般」 first, in document order.
    ``public``: for a page anyone may read (nothing withheld is offered); ``leaves=False``: sections,
    repeat elements and the chapter-level items only (``pia.document.anchors.document_anchors``)."""
    return tuple(
        replace(group, anchors=tuple(a for a in group.anchors if len(a.path) <= PATH_MAX))
        for group in document_anchors(document, public=public, leaves=leaves)
    )


def item_choices(document: Document, *, public: bool = False, leaves: bool = True) -> list[tuple[str, str]]:
    """The places as ``(path, label)`` pairs, 「全般」 first, in document order."""
    return anchor_choices(place_groups(document, public=public, leaves=leaves))


def version_item_choices(version: Version, *, public: bool = False) -> list[tuple[str, str]]:
    """The same for a stored version."""
    return item_choices(version.document(), public=public)


def public_item_choices(version: Version) -> list[tuple[str, str]]:
    """The choices of the public comment form: nothing withheld; the sections, every repeat element
    (委託事項2 of a file, a risk) and the form's chapter-level items, not every item and option
    (about 300 places for the 住基 全項目評価書 instead of 1,750: the form is one select on a phone).
    For a version whose content the public page did not load: read once per process and save (a
    save never changes; its key and creation time name it), so the busiest public page does not
    parse the 評価書 on every request."""
    return list(_public_choices(version.pk, version.created_at.isoformat()))


@lru_cache(maxsize=32)
def _public_choices(version_pk: int, created_at: str) -> tuple[tuple[str, str], ...]:
    content = Version.objects.values_list("content", flat=True).get(pk=version_pk)
    return tuple(item_choices(Document.from_data(content, "意見募集の版"), public=True, leaves=False))


def place_label(document: Document, path: str, *, full: bool = False) -> str:
    """The printed label of a stored path, listed or not (chapter-level paths stored before anchors
    were fine, an element removed since): see ``pia.document.anchors.anchor_label``. ``full``:
    element titles people typed are not cut (a printed report)."""
    template = get_form(document.form, document.edition)
    return anchor_label(document, template, path, None if full else HEADING_CHARS)
