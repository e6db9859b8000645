"""The in-page outline of a long chapter: its repeat elements (特定個人情報ファイル, 委託事項,
提供先, 移転先, システム, リスク …) with the headings the print uses, linking to their anchors.

It walks the section the way the editor renders it (an empty item whose condition does not hold
is a note, not inputs, so it has no entries); table rows (``layout: table``: 記録項目, 変更箇所)
are rows, not places, and are left out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from pia.document import Document, ElementPath
from pia.document.access import element_heading
from pia.document.walk import elements_of
from pia.findings import Finding
from pia.forms import FormTemplate, Item, Kind
from workbench.assessments.editor import names
from workbench.assessments.editor.render import Scopes, replaced_by_note

TITLE_CHARS = 40


@dataclass(frozen=True)
class OutlineEntry:
    heading: str  # element_heading: 「(2) 本人確認情報ファイル」「委託事項2」「(リスク①)」
    title: str  # the element's name when the heading does not already show it
    anchor: str
    errors: int  # blocking findings inside the element
    children: tuple[OutlineEntry, ...] = ()


def section_outline(
    document: Document, template: FormTemplate, section: Item, findings: Mapping[str, list[Finding]]
) -> list[OutlineEntry]:
    return _Walk(document, template, findings).entries(section, ElementPath(section.id), (document.values,))


@dataclass
class _Walk:
    document: Document
    template: FormTemplate
    findings: Mapping[str, list[Finding]]

    def entries(self, item: Item, path: ElementPath, scopes: Scopes) -> list[OutlineEntry]:
        if replaced_by_note(self.document, self.template, item, scopes):
            return []
        if item.kind is Kind.REPEAT:
            return [] if item.layout == "table" else self._elements(item, path, scopes)
        if item.kind is Kind.SECTION:
            return [e for child in item.children for e in self.entries(child, path.child(child.id), scopes)]
        return []

    def _elements(self, item: Item, path: ElementPath, scopes: Scopes) -> list[OutlineEntry]:
        elements = [e for e in elements_of(scopes[-1], item) if isinstance(e, dict)]
        return [self._entry(item, path, scopes, element, n) for n, element in enumerate(elements, 1)]

    def _entry(self, item: Item, path: ElementPath, scopes: Scopes, element: dict[str, Any], n: int) -> OutlineEntry:
        element_path = path.element(item.id, str(element.get("id", "")))
        inner = (*scopes, element)
        children = [e for c in item.children for e in self.entries(c, element_path.child(c.id), inner)]
        return OutlineEntry(
            heading=element_heading(item, element, n),
            title=_title(item, element),
            anchor=names.anchor(element_path),
            errors=self._errors(str(element_path)),
            children=tuple(children),
        )

    def _errors(self, element_path: str) -> int:
        inside = element_path + "."
        return sum(
            1
            for path, found in self.findings.items()
            if path == element_path or path.startswith(inside)
            for f in found
            if f.blocks
        )


def _title(item: Item, element: Mapping[str, Any]) -> str:
    if not item.title_item or "{title}" in item.heading:
        return ""
    text = " ".join(str(element.get(item.title_item) or "").split())
    return text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 1] + "…"


def render_outline(entries: list[OutlineEntry]) -> SafeString:
    """``<nav>`` with nested lists of links; empty when the chapter has no repeat elements."""
    if not entries:
        return mark_safe("")
    return format_html(
        '<nav class="outline" aria-labelledby="outline-h"><h2 id="outline-h">この章の目次</h2>{}</nav>',
        _list(entries),
    )


def _list(entries: tuple[OutlineEntry, ...] | list[OutlineEntry]) -> SafeString:
    return format_html("<ol>{}</ol>", format_html_join("", "{}", ((_item(e),) for e in entries)))


def _item(entry: OutlineEntry) -> SafeString:
    title = format_html(' <span class="outline-title">{}</span>', entry.title) if entry.title else ""
    badge = format_html(' <span class="badge error">要修正 {}件</span>', entry.errors) if entry.errors else ""
    children = _list(entry.children) if entry.children else ""
    return format_html('<li><a href="#{}">{}{}</a>{}{}</li>', entry.anchor, entry.heading, title, badge, children)
