"""How many fields an editor page can post, derived from the form data's limits.

A chapter page posts every input it renders (``widgets``: one per text, number and date; two per
period; a choice adds its ``::shown`` marker; a checkbox its marker, one per option and one per
free-text slot; a repeat its ``::order``; an image item its count, six fields per figure and the
new figure's caption; the files themselves are not fields), for every element a repeat may hold (``max_elements``,
nested repeats multiplied). Django refuses a request with more fields than
``DATA_UPLOAD_MAX_NUMBER_FIELDS`` with a 400 and the typed input lost, so the settings take the
largest page of any registered edition (``max_posted_fields``). Plain Python (no Django): the
settings import it.
"""

from __future__ import annotations

from collections.abc import Callable

from pia.forms import FormTemplate, Item, Kind
from pia.forms.registry import all_forms
from workbench.assessments.editor.names import FIGURE_PARTS

# The page's own fields: csrfmiddlewaretoken, base_version, section, op, note, with room to spare.
PAGE_FIELDS = 16

Elements = Callable[[Item], int]


def _at_limit(item: Item) -> int:
    return item.element_limit


def item_fields(item: Item, elements: Elements = _at_limit) -> int:
    """The fields posted for ``item`` with ``elements(repeat)`` elements in each repeat."""
    if item.kind in (Kind.TEXT, Kind.NUMBER, Kind.DATE):
        return 1
    if item.kind is Kind.PERIOD:
        return 2
    if item.kind is Kind.CHOICE:
        return 2
    if item.kind is Kind.CHECKBOX:
        return 1 + len(item.options) + sum(1 for o in item.options if o.text_slot)
    if item.kind is Kind.IMAGE:
        return 2 + len(FIGURE_PARTS) * item.element_limit
    inner = sum(item_fields(child, elements) for child in item.children)
    if item.kind is Kind.REPEAT:
        return 1 + elements(item) * inner
    return inner


def page_fields(section: Item, elements: Elements = _at_limit) -> int:
    """The most fields one chapter page posts (``section`` is a top-level item)."""
    return PAGE_FIELDS + item_fields(section, elements)


def largest_page(template: FormTemplate) -> tuple[str, int]:
    """The chapter of an edition that posts the most fields at its limits, and that number."""
    return max(((s.id, page_fields(s)) for s in template.items), key=lambda pair: pair[1])


def max_posted_fields() -> int:
    """The largest page of every registered edition: the value for DATA_UPLOAD_MAX_NUMBER_FIELDS."""
    return max(largest_page(template)[1] for template in all_forms())
