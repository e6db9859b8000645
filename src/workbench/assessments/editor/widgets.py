"""HTML inputs for one value, per item kind. Every input has a label tied to it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from pia.document import ElementPath
from pia.document.display import display_date
from pia.document.images import ImageRef, image_refs
from pia.document.values import period_bounds, ticked
from pia.forms import Item, Kind
from workbench.assessments.editor import names

if TYPE_CHECKING:
    from workbench.assessments.attachments import FigureInfo

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
    """Radio groups, checkbox sets, periods and figures are labelled by a legend, not a label."""
    return item.kind in (Kind.CHECKBOX, Kind.PERIOD, Kind.IMAGE) or (
        item.kind is Kind.CHOICE and len(item.options) <= RADIO_LIMIT
    )


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


# --- figures (an image item: the diagram of (別添1) 事務の内容) ------------------------------------

THUMB_WIDTH = 320  # pixels the thumbnail is shown at (its height follows the figure's ratio)


class FigureShelf(Protocol):
    """What the page knows of the 評価書's stored figures: their URL and size (no bytes)."""

    def url(self, sha256: str) -> str: ...

    def info(self, sha256: str) -> FigureInfo | None: ...


def figures_widget(item: Item, path: ElementPath, value: Any, described_by: str, shelf: FigureShelf) -> SafeString:
    """Each figure: its thumbnail (alt = its caption), the caption as an editable field, its
    place in the order and 「削除」; then the file input that adds figures (PNG/JPEG, or a
    one-page PDF kept as the PNG of its page)."""
    refs = image_refs(value)
    rows = format_html_join("", "{}", ((_figure_row(path, n, ref, shelf),) for n, ref in enumerate(refs, 1)))
    empty = mark_safe('<p class="empty">(図はまだありません。)</p>')
    listing = format_html('<ol class="figure-list">{}</ol>', rows) if refs else empty
    base = names.anchor(path)
    limit = f"{item.byte_limit // (1024 * 1024)}MB" if item.byte_limit >= 1024 * 1024 else f"{item.byte_limit:,}バイト"
    return format_html(
        '<div class="figures"><input type="hidden" name="{}" value="{}">{}'
        '<div class="figure-add"><p><label for="{}-in">図を追加(PNG・JPEG・1ページのPDF、{}まで)</label><br>'
        '<input type="file" id="{}-in" name="{}" accept="image/png,image/jpeg,application/pdf" multiple{}></p>'
        '<p><label for="{}-newcap">追加する図の説明(キャプション)</label><br>'
        '<input type="text" id="{}-newcap" name="{}" value="" maxlength="{}" class="figure-caption"></p>'
        '<p class="hint" id="{}-addhint">{}枚まで添付できます。図を選んで「保存する」を押すと、図を含めて保存されます'
        "(「入力を反映して表示を更新」では、保存せずに図を確認できます)。</p></div></div>",
        names.name(path, names.FIGURES),
        len(refs),
        listing,
        base,
        limit,
        base,
        names.name(path, names.UPLOAD),
        _aria(" ".join(x for x in (described_by, f"{base}-addhint") if x), False),
        base,
        base,
        names.name(path, names.UPLOAD_CAPTION),
        item.length_limit or 200,
        base,
        item.element_limit,
    )


def _figure_row(path: ElementPath, n: int, ref: ImageRef, shelf: FigureShelf) -> SafeString:
    base = f"{names.anchor(path)}-f{n}"
    info = shelf.info(ref.sha256)
    alt = ref.caption or f"図{n}(説明は未記入)"
    if info is None:
        picture = format_html(
            '<p class="finding error">図のファイル「{}」が見つかりません(もう一度追加するか、削除してください)。</p>',
            ref.file,
        )
        about = ref.file
    else:
        width = min(THUMB_WIDTH, info.width)
        height = max(1, round(info.height * width / info.width))
        picture = format_html(
            '<img class="figure-thumb" src="{}" alt="{}" width="{}" height="{}">',
            shelf.url(ref.sha256),
            alt,
            width,
            height,
        )
        about = f"{ref.file}({info.width:,}×{info.height:,}ピクセル、{_kb(info.size)})"
    hidden = format_html_join(
        "",
        '<input type="hidden" name="{}" value="{}">',
        (
            (names.figure_name(path, n, "sha"), ref.sha256),
            (names.figure_name(path, n, "file"), ref.file),
            (names.figure_name(path, n, "type"), ref.media_type),
        ),
    )
    return format_html(
        '<li class="figure-row" id="{0}">{1}{2}<p class="hint" id="{0}-about">ファイル: {3}</p>'
        '<p><label for="{0}-caption">図{4}の説明(キャプション)</label><br>'
        '<input type="text" id="{0}-caption" name="{5}" value="{6}" class="figure-caption" '
        'aria-describedby="{0}-about"></p>'
        '<p><label for="{0}-order">図{4}の順番</label> '
        '<input type="text" inputmode="numeric" id="{0}-order" name="{7}" value="{4}" class="num" size="3"> '
        '<span class="opt"><input type="checkbox" id="{0}-remove" name="{8}" value="1">'
        '<label for="{0}-remove">図{4}を削除</label></span></p></li>',
        base,
        picture,
        hidden,
        about,
        n,
        names.figure_name(path, n, "caption"),
        ref.caption,
        names.figure_name(path, n, "order"),
        names.figure_name(path, n, "remove"),
    )


def figures_readonly(value: Any, shelf: FigureShelf) -> SafeString:
    """The figures as the reader sees them: each image with its caption."""
    refs = image_refs(value)
    if not refs:
        return format_html('<div class="readonly">{}</div>', "(未記入)")
    shown = []
    for n, ref in enumerate(refs, 1):
        info = shelf.info(ref.sha256)
        caption = ref.caption or f"図{n}"
        if info is None:
            shown.append(format_html("<li>{}(図のファイル「{}」が見つかりません)</li>", caption, ref.file))
            continue
        width = min(THUMB_WIDTH, info.width)
        height = max(1, round(info.height * width / info.width))
        shown.append(
            format_html(
                '<li><figure class="figure-view"><img class="figure-thumb" src="{}" alt="{}" width="{}" height="{}">'
                "<figcaption>{}</figcaption></figure></li>",
                shelf.url(ref.sha256),
                ref.caption or caption,
                width,
                height,
                caption,
            )
        )
    return format_html('<ol class="figure-list">{}</ol>', mark_safe("".join(shown)))


def _kb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size >= 1024 * 1024 else f"{max(1, size // 1024):,} KB"
