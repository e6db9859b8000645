"""The places of a form a comment or a remark can point at: 「全般」, the top-level sections and
their items, labelled as printed (``(path, label)`` pairs, the path an element path of the form)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from pia.forms.registry import get_form

GENERAL_LABEL = "全般"  # the whole 評価書 (the path "")
SKIPPED = frozenset({"index"})  # 項目一覧 is not content


@cache
def form_item_choices(form: str, edition: str) -> tuple[tuple[str, str], ...]:
    """``(path, label)`` pairs, 「全般」 first; each section followed by its items. They depend on
    the form edition only (the sections, not the filled values)."""
    template = get_form(form, edition)
    choices = [("", GENERAL_LABEL)]
    for top in template.items:
        if top.id in SKIPPED:
            continue
        choices.append((top.id, top.label))
        for child in top.children:
            if child.label and child.label != top.label:
                choices.append((child.id, f"{top.label} › {child.label}"))
    return tuple(choices)


def item_label(choices: Iterable[tuple[str, str]], key: str) -> str:
    """The label of ``key`` among ``choices``; 「全般」 for "" and the key itself when it is not one."""
    return dict(choices).get(key, key or GENERAL_LABEL)
