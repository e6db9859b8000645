"""The items a comment or a remark can point at: the form's top-level sections and their items
(element paths of the core's form data), labelled as printed."""

from __future__ import annotations

from functools import cache

from pia.document import Document
from pia.forms import get_form
from workbench.assessments.models import Version

GENERAL_LABEL = "全般"
_SKIPPED = frozenset({"index"})  # 項目一覧 is not content


def item_choices(document: Document) -> list[tuple[str, str]]:
    """``(path, label)`` pairs, 「全般」 first; each section followed by its items."""
    return list(form_item_choices(document.form, document.edition))


def version_item_choices(version: Version) -> list[tuple[str, str]]:
    """The same for a stored version, from its form and edition (the content is not rebuilt)."""
    return list(form_item_choices(str(version.content["form"]), str(version.content["edition"])))


@cache
def form_item_choices(form: str, edition: str) -> tuple[tuple[str, str], ...]:
    """The choices depend on the form edition only (the sections, not the filled values)."""
    template = get_form(form, edition)
    choices = [("", GENERAL_LABEL)]
    for top in template.items:
        if top.id in _SKIPPED:
            continue
        choices.append((top.id, top.label))
        for child in top.children:
            if child.label and child.label != top.label:
                choices.append((child.id, f"{top.label} › {child.label}"))
    return tuple(choices)


def item_label(choices: list[tuple[str, str]], key: str) -> str:
    return dict(choices).get(key, key or GENERAL_LABEL)
