"""HTML inputs for one value, per item kind. Every input has a label tied to it."""

from __future__ import annotations

from typing import Any

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from pia.document import ElementPath
from pia.document.display import display_date
from pia.document.values import period_bounds, ticked
from pia.forms import Item, Kind
from workbench.assessments.editor import names

DATE_PLACEHOLDER = "例: 令和7年12月1日 または 2025-12-01"
RADIO_LIMIT = 6


def widget(item: Item, path: ElementPath, value: Any, described_by: str, invalid: bool) -> SafeString:
    attrs = _aria(described_by, invalid)
    if item.kind is Kind.CHOICE:
        return _choice(item, path, value, attrs)
    if item.kind is Kind.CHECKBOX:
        return _checkbox(item, path, value, attrs)
    if item.kind is Kind.PERIOD:
        return _period(path, value, attrs)
    if item.kind is Kind.DATE:
        return _date(path, value, attrs)
    if item.kind is Kind.NUMBER:
        return format_html(
            '<input type="text" inputmode="numeric" id="{}" name="{}" value="{}" class="num"{}>',
            names.anchor(path) + "-in",
            names.name(path),
            _text(value),
            attrs,
        )
    return _textarea(path, value, attrs)


def uses_fieldset(item: Item) -> bool:
    """Radio groups, checkbox sets and periods are labelled by a legend, not a label."""
    return item.kind in (Kind.CHECKBOX, Kind.PERIOD) or (item.kind is Kind.CHOICE and len(item.options) <= RADIO_LIMIT)


def _aria(described_by: str, invalid: bool) -> SafeString:
    parts = format_html(' aria-describedby="{}"', described_by) if described_by else ""
    return mark_safe(parts + (' aria-invalid="true"' if invalid else ""))


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _textarea(path: ElementPath, value: Any, attrs: SafeString) -> SafeString:
    text = _text(value)
    rows = min(12, max(2, text.count("\n") + 1 + len(text) // 60))
    return format_html(
        '<textarea id="{}" name="{}" rows="{}"{}>{}</textarea>',
        names.anchor(path) + "-in",
        names.name(path),
        rows,
        attrs,
        text,
    )


def _date(path: ElementPath, value: Any, attrs: SafeString) -> SafeString:
    text = _text(value)
    shown = display_date(text) if text else ""
    echo = format_html('<span class="date-echo">{}</span>', shown) if shown and shown != text else ""
    return format_html(
        '<input type="text" id="{}" name="{}" value="{}" placeholder="{}" class="date"{}>{}',
        names.anchor(path) + "-in",
        names.name(path),
        text,
        DATE_PLACEHOLDER,
        attrs,
        echo,
    )


def _period(path: ElementPath, value: Any, attrs: SafeString) -> SafeString:
    start, end = period_bounds(value)
    base = names.anchor(path)
    parts = [
        format_html(
            '<label for="{0}">{1}</label> <input type="text" id="{0}" name="{2}" value="{3}" placeholder="{4}" '
            'class="date"{5}>',
            f"{base}-{suffix}",
            label,
            names.name(path, key),
            text,
            DATE_PLACEHOLDER,
            attrs,
        )
        for suffix, label, key, text in (("start", "開始日", names.START, start), ("end", "終了日", names.END, end))
    ]
    return format_html('<span class="period">{} ～ {}</span>', parts[0], parts[1])


def _choice(item: Item, path: ElementPath, value: Any, attrs: SafeString) -> SafeString:
    shown = format_html('<input type="hidden" name="{}" value="1">', names.name(path, names.SHOWN))
    current = _text(value)
    if len(item.options) > RADIO_LIMIT:
        options = format_html_join(
            "",
            '<option value="{}"{}>{}) {}</option>',
            ((o.label, mark_safe(" selected") if o.label == current else "", o.no, o.label) for o in item.options),
        )
        return format_html(
            '{}<select id="{}" name="{}"{}><option value="">(未選択)</option>{}</select>',
            shown,
            names.anchor(path) + "-in",
            names.name(path),
            attrs,
            options,
        )
    base = names.anchor(path)
    radios = format_html_join(
        "",
        '<span class="opt"><input type="radio" id="{0}-{1}" name="{2}" value="{3}"{4}{5}>'
        '<label for="{0}-{1}">{1}) {3}</label></span>',
        (
            (base, o.no, names.name(path), o.label, mark_safe(" checked") if o.label == current else "", attrs)
            for o in item.options
        ),
    )
    clear = format_html(
        '<span class="opt"><input type="radio" id="{0}-0" name="{1}" value=""{2}>'
        '<label for="{0}-0">未選択</label></span>',
        base,
        names.name(path),
        mark_safe(" checked") if not current else "",
    )
    return format_html("{}{}{}", shown, radios, clear)


def _checkbox(item: Item, path: ElementPath, value: Any, attrs: SafeString) -> SafeString:
    marks = ticked(value)
    base = names.anchor(path)
    rows = []
    group = ""
    for o in item.options:
        if o.group and o.group != group:
            group = o.group
            rows.append(format_html('<span class="opt-group">{}</span>', group))
        rows.append(_checkbox_option(base, path, o, marks, attrs))
    shown = format_html('<input type="hidden" name="{}" value="1">', names.name(path, names.SHOWN))
    return format_html("{}{}", shown, mark_safe("".join(str(r) for r in rows)))


def _checkbox_option(base: str, path: ElementPath, option, marks: dict[str, str], attrs: SafeString) -> SafeString:
    checked = mark_safe(" checked") if option.label in marks else ""
    box = format_html(
        '<input type="checkbox" id="{0}-{1}" name="{2}" value="1"{3}{4}><label for="{0}-{1}">{1}) {5}</label>',
        base,
        option.no,
        names.option_name(path, option.no),
        checked,
        attrs,
        option.label,
    )
    if not option.text_slot:
        return format_html('<span class="opt">{}</span>', box)
    slot = format_html(
        ' <label for="{0}-{1}s" class="slot-label">({2}の内容)</label>'
        '<input type="text" id="{0}-{1}s" name="{3}" value="{4}" class="slot">',
        base,
        option.no,
        option.label,
        names.slot_name(path, option.no),
        marks.get(option.label, ""),
    )
    return format_html('<span class="opt">{}{}</span>', box, slot)


def escape_text(value: Any) -> str:
    return escape(_text(value))
