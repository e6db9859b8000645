"""A readable, indented outline of a document (``pia show``)."""

from __future__ import annotations

from collections.abc import Iterator

from pia.document.access import element_heading
from pia.document.display import display_value
from pia.document.model import BODY_TYPES, Document
from pia.document.values import is_filled
from pia.document.walk import walk
from pia.forms.model import FormTemplate, Kind


def outline(document: Document, template: FormTemplate, include_empty: bool = False) -> Iterator[str]:
    yield f"{template.title} {template.edition_label}({BODY_TYPES[document.body_type]})"
    for occ in walk(document, template):
        depth = len(template.ancestors(occ.item.id)) + len(occ.path.selectors)
        indent = "  " * depth
        item = occ.item
        if occ.is_element and isinstance(occ.value, dict) and occ.index is not None:
            yield f"{indent}■ {element_heading(item, occ.value, occ.index)}"
        elif item.kind is Kind.SECTION:
            yield f"{indent}{item.label}"
        elif item.kind.holds_value and item.kind is not Kind.REPEAT and (include_empty or is_filled(occ.value)):
            text = display_value(item, occ.value).replace("\n", "\n" + indent + "    ")
            yield f"{indent}{item.label}{' ※' if item.star else ''}: {text}"
