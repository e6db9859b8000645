"""The places of a round's save a remark can point at (the core's anchors: any section, item,
repeat element or option), for the remark form (a section, then a place of that section), the
remark list (grouped by section, each linked to its item in the read-only view) and the report."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from pia.document import Document, ElementPath, PathError
from pia.document.anchors import anchor_choices
from pia.document.paths import OptionPath, parse_anchor
from pia.forms import GENERAL_LABEL, get_form
from workbench.assessments.editor.names import anchor
from workbench.assessments.sections import place_groups, place_label

FORM_ANCHOR = "new-h"  # the heading of the remark form: 「この箇所に指摘する」 comes back there


class Places:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.template = get_form(document.form, document.edition)
        self.groups = place_groups(document)
        self.labels = dict(anchor_choices(self.groups))
        self._sections = {a.path: g.section for g in self.groups for a in g.anchors}

    def offers(self, path: str) -> bool:
        return path in self.labels

    def label(self, path: str, *, full: bool = False) -> str:
        """The printed label of a stored path (listed or not: a chapter-level path of an older remark)."""
        if not full and path in self.labels:
            return self.labels[path]
        return place_label(self.document, path, full=full)

    def section(self, path: str) -> str:
        """The id of the top-level section a path lies in ("" for 「全般」 and unknown paths)."""
        if path in self._sections:
            return self._sections[path]
        element = _element(path)
        if element is None or not self.template.has_item(element.item_id):
            return ""
        ancestors = self.template.ancestors(element.item_id)
        return ancestors[0].id if ancestors else element.item_id

    def sections(self) -> list[tuple[str, str]]:
        """``(id, label)`` of the top-level sections (「全般」 not included)."""
        return [(g.section, g.label) for g in self.groups if g.section]

    def link(self, round_, path: str) -> str:
        """The URL of the place in the read-only view of the round's save ("" for 「全般」)."""
        section = self.section(path)
        if not section:
            return ""
        element = _element(path)
        fragment = f"#{anchor(element)}" if element is not None else ""
        return f"{reverse('review_items', args=[round_.pk])}?{urlencode({'section': section})}{fragment}"

    def grouped(self, rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        """Remark rows (``{"r": remark, …}``) by section, in the order of the document, 「全般」 first."""
        by_section: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            by_section.setdefault(self.section(row["r"].path), []).append(row)
        labels = {g.section: g.label for g in self.groups}
        return [
            {"section": g.section, "label": labels.get(g.section, GENERAL_LABEL), "rows": by_section[g.section]}
            for g in self.groups
            if g.section in by_section
        ]

    def form(self, draft: dict[str, str]) -> dict[str, Any]:
        """The remark form: the sections, the chosen one (the draft's, else its place's) and its places."""
        path, chosen = draft.get("path", ""), draft.get("section", "")
        if self.offers(path) and not chosen:
            chosen = self.section(path)
        if chosen not in {g.section for g in self.groups}:
            chosen = ""
        group = next(g for g in self.groups if g.section == chosen)
        return {
            "sections": [(g.section, g.label, g.section == chosen) for g in self.groups],
            "places": [(a.path, a.label, a.path == path) for a in group.anchors],
            "section": chosen,
            "text": draft.get("text", ""),
        }

    def remark_link(self, round_) -> Callable[[ElementPath], SafeString]:
        """「この箇所に指摘する」 beside each place the form offers (the round page, that place chosen)."""
        base = reverse("review_round", args=[round_.pk])

        def link(path: ElementPath) -> SafeString:
            text = str(path)
            if not self.offers(text):
                return mark_safe("")
            url = f"{base}?{urlencode({'path': text})}#{FORM_ANCHOR}"
            return format_html(
                '<p class="remark-here"><a href="{}">この箇所に指摘する'
                '<span class="visually-hidden">:{}</span></a></p>',
                url,
                self.labels[text],
            )

        return link


def _element(path: str) -> ElementPath | None:
    try:
        parsed = parse_anchor(path) if path else None
    except PathError:
        return None
    return parsed.element if isinstance(parsed, OptionPath) else parsed
