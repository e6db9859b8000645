"""Synthetic, fully filled documents: every item of a form has a value.

Used for layout previews, the rendering benchmark (an inflated document of about 80
pages) and tests that need every kind of row on the page. The text is made up.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from PIL import Image, ImageDraw

from pia.document.images import image_reference
from pia.document.model import Document
from pia.forms.model import FormTemplate, Item, Kind

PHRASES = (
    "本市は、住民基本台帳法に基づき、住民の居住関係を公証するため、",
    "特定個人情報ファイルを適切に管理し、",
    "アクセス権限を業務上必要な職員に限定するとともに、",
    "操作履歴を記録して定期的に確認している。",
    "委託先に対しては、契約書において秘密保持義務を課し、",
    "年1回以上の立入検査により遵守状況を確認する。",
)


@dataclass(frozen=True)
class SampleSize:
    """How much to write: elements per repeat, sentences per text, rows of table repeats,
    figures per image item (their bytes: :func:`sample_attachments`)."""

    elements: int = 2
    sentences: int = 2
    table_rows: int = 12
    figures: int = 0


def sample_document(template: FormTemplate, size: SampleSize | None = None, body_type: str = "local") -> Document:
    filler = _Filler(size or SampleSize())
    values: dict[str, Any] = {}
    for item in template.items:
        filler.fill(item, values)
    return Document(template.form, template.edition, body_type, values)


class _Filler:
    def __init__(self, size: SampleSize) -> None:
        self.size = size
        self.counter = 0

    def fill(self, item: Item, scope: dict[str, Any]) -> None:
        if item.kind is Kind.REPEAT:
            self.fill_repeat(item, scope)
        elif item.kind.holds_value:
            scope[item.id] = self.value(item)
        else:
            for child in item.children:
                self.fill(child, scope)

    def fill_repeat(self, item: Item, scope: dict[str, Any]) -> None:
        if item.storage_key in scope:  # Ⅱ, (別添2) and Ⅲ share the files
            for element in scope[item.storage_key]:
                self.fill_children(item, element)
            return
        count = self.size.table_rows if item.layout == "table" else self.size.elements
        elements = [{"id": f"{item.id.replace('.', '-')}-{n}"} for n in range(1, count + 1)]
        for element in elements:
            self.fill_children(item, element)
        scope[item.storage_key] = elements

    def fill_children(self, item: Item, element: dict[str, Any]) -> None:
        for child in item.children:
            self.fill(child, element)

    def value(self, item: Item) -> Any:
        self.counter += 1
        n = self.counter
        if item.kind is Kind.CHOICE:
            return item.options[n % len(item.options)].label
        if item.kind is Kind.CHECKBOX:
            return self.checkbox(item, n)
        if item.kind is Kind.DATE:
            return f"2025-{n % 12 + 1:02d}-{n % 27 + 1:02d}"
        if item.kind is Kind.PERIOD:
            return {"start": "2025-12-01", "end": "2026-01-05"}
        if item.kind is Kind.NUMBER:
            return str(n % 9 + 1)
        if item.kind is Kind.IMAGE:
            return [figure_reference(k + 1) for k in range(min(self.size.figures, item.element_limit))]
        return self.text(item, n)

    def checkbox(self, item: Item, n: int) -> list[Any]:
        chosen = [o for i, o in enumerate(item.options) if (i + n) % 3 == 0] or [item.options[0]]
        return [{o.label: f"記入例{n}"} if o.text_slot else o.label for o in chosen]

    def text(self, item: Item, n: int) -> str:
        if item.label.endswith("名") or item.label in ("見出し", "記録項目", "項目"):
            return f"{item.label.lstrip('①②③④⑤⑥⑦⑧⑨⑩1234567890.')}{n}"
        sentences = [PHRASES[(n + i) % len(PHRASES)] for i in range(self.size.sentences * 2)]
        return "".join(sentences).rstrip("、,") + f"(例{n})"


SAMPLE_FIGURES = 3  # distinct sample figures; a document with more repeats them


@cache
def sample_figure(n: int) -> bytes:
    """A made-up flow diagram (PNG, 1200 × 600): boxes joined by arrows, numbered ``n``."""
    image = Image.new("RGB", (1200, 600), "white")
    draw = ImageDraw.Draw(image)
    shade = (40 + 60 * (n % SAMPLE_FIGURES), 80, 160)
    for k in range(3):
        left = 60 + k * 400
        draw.rectangle((left, 220, left + 280, 380), outline=shade, width=6)
        if k < 2:
            draw.line((left + 280, 300, left + 400, 300), fill=shade, width=6)
            draw.polygon(((left + 400, 300), (left + 380, 288), (left + 380, 312)), fill=shade)
    draw.rectangle((20, 20, 20 + 40 * n, 60), fill=shade)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def figure_reference(n: int) -> dict[str, str]:
    """The stored reference to sample figure ``n`` (1-based; repeats after SAMPLE_FIGURES)."""
    k = (n - 1) % SAMPLE_FIGURES + 1
    return image_reference(f"sample-figure-{n}.png", sample_figure(k), f"事務の流れ(例{n})").to_data()


def sample_attachments() -> dict[str, bytes]:
    """The bytes of every sample figure, by SHA-256 (pass as ``attachments`` when rendering)."""
    return {image_reference("f.png", data).sha256: data for data in map(sample_figure, range(1, SAMPLE_FIGURES + 1))}


def with_markers(document: Document, template: FormTemplate, prefix: str) -> Document:
    """A copy whose every withheld value (``FormTemplate.is_withheld``) is a unique marker
    ``{prefix}0001`` …, whatever the item's kind (a checkbox ticks a marker and writes one in a
    ( ) slot): the tests of the withholding rule search every public output for ``prefix``."""
    marked = document.copy()
    counter = iter(range(1, 1_000_000))

    def marker() -> str:
        return f"{prefix}{next(counter):04d}"

    def visit(items: tuple[Item, ...], scope: dict[str, Any]) -> None:
        for item in items:
            if item.kind is Kind.REPEAT:
                for element in scope.get(item.storage_key) or []:
                    if isinstance(element, dict):
                        visit(item.children, element)
                continue
            if item.kind.holds_value and template.is_withheld(item.id):
                scope[item.id] = _marker_value(item, marker)
            visit(item.children, scope)

    visit(template.items, marked.values)
    return marked


def _marker_value(item: Item, marker: Callable[[], str]) -> Any:
    if item.kind is Kind.IMAGE:  # the caption and the file name carry markers
        return [{**figure_reference(1), "file": f"{marker()}.png", "caption": marker()}]
    if item.kind is Kind.PERIOD:
        return {"start": marker(), "end": marker()}
    if item.kind is Kind.CHECKBOX:
        slot = next((o for o in item.options if o.text_slot), None)
        return ([{slot.label: marker()}] if slot else []) + [marker()]
    return marker()
