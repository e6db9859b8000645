"""Render one top-level section of a document as editor HTML, generated from the form data.

No page is written per item: sections, repeats (add/remove/reorder), conditions, hints and
findings all come from the form template and the core's rules."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from pia.document import Document, ElementPath
from pia.document.access import element_heading
from pia.document.display import display_value
from pia.document.values import is_filled
from pia.document.walk import elements_of
from pia.findings import Finding
from pia.forms import FormTemplate, Item, Kind, confidence
from pia.rules.conditions import describe, holds
from workbench.assessments.editor import names
from workbench.assessments.editor.widgets import FigureShelf, figures_readonly, figures_widget, uses_fieldset, widget

# Changing an item that a condition refers to re-renders the form (htmx), so dependent
# items appear or hide at once; without JavaScript 「表示を更新」 does the same. The in-page outline
# beside the form follows (out of band).
REFRESH_ATTRS = (
    'hx-post="{}" hx-trigger="change" hx-target="#editor-form" hx-select="#editor-form" hx-swap="outerHTML" '
    'hx-select-oob="#editor-outline" hx-vals=\'{{"op": "refresh"}}\' hx-include="#editor-form"'
)


class _NoFigures:
    """A page that knows of no stored figure (each reference is shown as missing)."""

    def url(self, sha256: str) -> str:
        return ""

    def info(self, sha256: str) -> None:
        return None


NO_FIGURES = _NoFigures()
SEVERITY_LABELS = {"error": "要修正", "warning": "注意", "info": "参考"}
Scopes = tuple[Mapping[str, Any], ...]


@dataclass
class SectionRenderer:
    document: Document
    template: FormTemplate
    findings: Mapping[str, list[Finding]]
    editable: bool
    post_url: str = ""
    shelf: FigureShelf = field(default_factory=lambda: NO_FIGURES)  # the stored figures' URLs and sizes
    # A link printed beside each section, repeat element and item (its element path), e.g. the
    # review page's 「この箇所に指摘する」; None: no link. It returns "" for a place it does not link.
    place_link: Callable[[ElementPath], SafeString] | None = None

    def render(self, section: Item) -> SafeString:
        return self._node(section, ElementPath(section.id), (self.document.values,), 0)

    def _node(self, item: Item, path: ElementPath, scopes: Scopes, depth: int) -> SafeString:
        if replaced_by_note(self.document, self.template, item, scopes):
            return self._hidden_note(item, path)
        if item.kind is Kind.REPEAT:
            return self._repeat(item, path, scopes, depth)
        if item.kind is Kind.SECTION:
            return self._section(item, path, scopes, depth)
        if item.kind is Kind.HEADING:
            return format_html(
                '<p class="item-heading" id="{}">{}{}</p>', names.anchor(path), item.label, confidence_mark(item)
            )
        return self._value(item, path, scopes[-1].get(item.id))

    def _children(self, item: Item, path: ElementPath, scopes: Scopes, depth: int) -> SafeString:
        parts = [self._node(child, path.child(child.id), scopes, depth + 1) for child in item.children]
        return mark_safe("".join(parts))

    def _section(self, item: Item, path: ElementPath, scopes: Scopes, depth: int) -> SafeString:
        level = min(2 + depth, 6)
        return format_html(
            '<section class="block depth-{0}" id="{1}" aria-labelledby="{1}-h">'
            '<h{2} id="{1}-h">{3}</h{2}>{4}{5}{6}{7}</section>',
            depth,
            names.anchor(path),
            level,
            self._label(item),
            self._link(path),
            self._hint(item, path),
            self._finding_list(path),
            self._children(item, path, scopes, depth),
        )

    def _repeat(self, item: Item, path: ElementPath, scopes: Scopes, depth: int) -> SafeString:
        elements = [e for e in elements_of(scopes[-1], item) if isinstance(e, dict)]
        order = ",".join(str(e.get("id", "")) for e in elements)
        body = [self._element(item, path, scopes, depth, e, n, len(elements)) for n, e in enumerate(elements, 1)]
        last = names.last_element_anchor(path)
        if body:  # 「追加」 comes back here: the element it appended is the last one
            body[-1] = format_html('<span id="{}"></span>{}', last, body[-1])
        add = (
            format_html(
                '<button type="submit" name="op" value="add:{0}" id="{1}-add" formaction="{2}#{3}" '
                'class="secondary">＋ {4}を追加</button>',
                path,
                names.anchor(path),
                self.post_url,
                last,
                item.label,
            )
            if self.editable
            else ""
        )
        empty = "" if elements else format_html('<p class="empty">({}はまだありません。)</p>', item.label)
        return format_html(
            '<fieldset class="repeat" id="{0}"><legend>{1}</legend>{2}{3}'
            '<input type="hidden" name="{4}" value="{5}">{6}{7}{8}</fieldset>',
            names.anchor(path),
            self._label(item),
            self._hint(item, path),
            self._finding_list(path),
            names.name(path, names.ORDER),
            order,
            empty,
            mark_safe("".join(body)),
            add,
        )

    def _element(self, item, path, scopes, depth, element, n, total) -> SafeString:
        element_path = path.element(item.id, str(element.get("id", "")))
        heading = element_heading(item, element, n)
        inner = self._children(item, element_path, (*scopes, element), depth)
        return format_html(
            '<fieldset class="element" id="{}"><legend>{}</legend>{}{}{}{}</fieldset>',
            names.anchor(element_path),
            heading,
            self._link(element_path),
            self._finding_list(element_path),
            inner,
            self._element_buttons(element_path, heading, n, total),
        )

    def _element_buttons(self, path: ElementPath, heading: str, n: int, total: int) -> SafeString:
        if not self.editable:
            return mark_safe("")
        # After the page comes back, the browser scrolls to the moved element or the repeat.
        here, repeat = names.anchor(path), names.anchor(ElementPath(path.item_id, path.selectors[:-1]))
        buttons = []
        if n > 1:
            buttons.append(("up", "↑ 上へ", f"{heading}を上へ移動", here))
        if n < total:
            buttons.append(("down", "↓ 下へ", f"{heading}を下へ移動", here))
        buttons.append(("remove", "削除", f"{heading}を削除", repeat))
        return format_html(
            '<div class="element-ops">{}</div>',
            format_html_join(
                " ",
                '<button type="submit" name="op" value="{}:{}" formaction="{}#{}" class="secondary" '
                'aria-label="{}">{}</button>',
                ((verb, path, self.post_url, target, aria, text) for verb, text, aria, target in buttons),
            ),
        )

    def _value(self, item: Item, path: ElementPath, value: Any) -> SafeString:
        found = self.findings.get(str(path), [])
        hint_id = names.anchor(path) + "-hint" if item.hint else ""
        described = " ".join(x for x in (hint_id, names.anchor(path) + "-fd" if found else "") if x)
        if item.kind is Kind.IMAGE:
            control = (
                figures_widget(item, path, value, described, self.shelf)
                if self.editable
                else figures_readonly(value, self.shelf)
            )
        elif not self.editable:
            shown = display_value(item, value) or "(未記入)"
            control = format_html('<div class="readonly">{}</div>', shown)
        else:
            control = widget(item, path, value, described, any(f.blocks for f in found))
            if item.id in condition_sources(self.template):
                attrs = format_html(REFRESH_ATTRS, self.post_url)
                control = format_html('<div class="controls" {}>{}</div>', attrs, control)
        if uses_fieldset(item) or not self.editable:
            head = format_html('<legend class="item-label">{}</legend>', self._label(item))
            wrapper = '<fieldset class="field" id="{0}">{1}{5}{2}{3}{4}</fieldset>'
        else:
            head = format_html(
                '<label class="item-label" for="{}-in">{}</label>', names.anchor(path), self._label(item)
            )
            wrapper = '<div class="field" id="{0}">{1}{5}{2}{3}{4}</div>'
        return format_html(
            wrapper,
            names.anchor(path),
            head,
            self._hint(item, path),
            self._finding_list(path),
            control,
            self._link(path),
        )

    def _link(self, path: ElementPath) -> SafeString:
        return self.place_link(path) if self.place_link is not None else mark_safe("")

    def _label(self, item: Item) -> SafeString:
        star = mark_safe(' <span class="star" title="重要な変更の対象項目">※</span>') if item.star else ""
        required = mark_safe(' <span class="req">(必須)</span>') if item.required == "submit" else ""
        return format_html("{}{}{}{}", item.label, star, confidence_mark(item), required)

    def _hint(self, item: Item, path: ElementPath) -> SafeString:
        if not item.hint:
            return mark_safe("")
        return format_html('<p class="hint" id="{}-hint">{}</p>', names.anchor(path), item.hint)

    def _finding_list(self, path: ElementPath) -> SafeString:
        found = self.findings.get(str(path), [])
        if not found:
            return mark_safe("")
        rows = format_html_join(
            "",
            '<li class="finding {}"><strong>【{}】</strong>{}</li>',
            ((f.severity.value, SEVERITY_LABELS.get(f.severity.value, ""), _short(f)) for f in found),
        )
        return format_html('<ul class="findings" id="{}-fd">{}</ul>', names.anchor(path), rows)

    def _hidden_note(self, item: Item, path: ElementPath) -> SafeString:
        condition = describe(item.when or {}, self.template)
        return format_html(
            '<p class="cond-note" id="{}">{}:{}に記入する項目です(現在は対象外のため入力欄を表示していません)。</p>',
            names.anchor(path),
            item.label,
            condition,
        )


def confidence_mark(item: Item) -> SafeString:
    """「〔推定〕」 after the label of an item whose form data are not verified, small and grey, with
    the full sentence as its title (the words are the core's, ``pia.forms.confidence``)."""
    text = confidence.mark(item)
    if not text:
        return mark_safe("")
    return format_html(
        ' <span class="confidence" title="{}">{}</span>', confidence.wording(item.status).description, text
    )


def replaced_by_note(document: Document, template: FormTemplate, item: Item, scopes: Scopes) -> bool:
    """An item whose ``when`` condition does not hold and that is empty shows a note, no inputs."""
    if item.when is None or holds(template, item.when, scopes, document.body_type):
        return False
    scope = scopes[-1]
    if item.kind.holds_value:
        return not is_filled(scope.get(item.storage_key))
    return not any(is_filled(scope.get(d.storage_key)) for d in item.walk() if d.kind.holds_value)


@cache
def condition_sources(template: FormTemplate) -> frozenset[str]:
    """Ids of the items that some ``when`` condition refers to."""
    found: set[str] = set()
    for item in template.walk():
        if item.when is not None:
            _collect(item.when, found)
    return frozenset(found)


def _collect(cond: Mapping[str, Any], found: set[str]) -> None:
    for key in ("all", "any"):
        for sub in cond.get(key, ()):
            _collect(sub, found)
    if "not" in cond:
        _collect(cond["not"], found)
    if "item" in cond:
        found.add(str(cond["item"]))


def _short(finding: Finding) -> str:
    """The message without the leading 「label」: prefix (the label is printed beside it)."""
    message = finding.message
    if message.startswith("「") and "」: " in message:
        return message.split("」: ", 1)[1]
    return message
