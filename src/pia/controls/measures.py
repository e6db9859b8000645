"""The measure texts of a filled 評価書 a control can be made of, found by the form data.

A candidate is a text item inside a top-level section of the form whose label names リスク対策
(Ⅲ and Ⅳ of the 全項目評価書, Ⅲ of the 重点項目評価書, Ⅳ of the 基礎項目評価書) and whose own printed
label names a measure (措置, 対策, 具体的な方法 …): ``data/measures.yaml`` holds both lists, so no
item id of an edition appears in code. Each candidate carries its element path
(``III.file[#jumin].4.other[#card-center-risks].risks[#risk-1].measure``, made of the element ids
that stay the same across saves), the printed label path for people, the text and the text split
into sentences, so a control can follow one sentence of a longer measure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from pia.controls.frequency import ControlDataError, Frequency, suggest_frequency
from pia.document.access import element_heading, labels_with
from pia.document.model import Document
from pia.document.walk import walk
from pia.forms.model import FormTemplate, Item, Kind
from pia.forms.registry import get_form

DATA = Path(__file__).parent / "data" / "measures.yaml"
_NUMBERING = re.compile(r"\A[①-⑳]\s*")
# A sentence ends at 。 (kept) or at a line break; a leading bullet (・, •, ○, -) is not part of it.
_SENTENCE_END = re.compile(r"(?<=。)|\n")
_BULLET = re.compile(r"\A[・•○◯●\-\s]+")


@dataclass(frozen=True)
class MeasureRules:
    sections: tuple[str, ...]
    labels: tuple[str, ...]
    excluded: tuple[str, ...]

    def is_measure_section(self, item: Item) -> bool:
        return any(word in item.label for word in self.sections)

    def is_measure_label(self, label: str) -> bool:
        own = _NUMBERING.sub("", label).strip()
        return any(w in own for w in self.labels) and not any(w in own for w in self.excluded)


@cache
def measure_rules() -> MeasureRules:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    try:
        return MeasureRules(
            sections=tuple(str(s) for s in data["sections"]),
            labels=tuple(str(s) for s in data["labels"]),
            excluded=tuple(str(s) for s in data.get("excluded") or ()),
        )
    except (KeyError, TypeError) as exc:
        raise ControlDataError(f"{DATA.name}: 「sections」と「labels」の一覧が必要です。") from exc


@dataclass(frozen=True)
class Candidate:
    """One measure text of a document."""

    path: str  # element path of the text item
    item_id: str
    label: str  # printed label path 「Ⅲ … › 4.… › 【…】 › (リスク①) › リスクに対する措置」
    text: str
    sentences: tuple[str, ...]

    @property
    def suggestion(self) -> Frequency | None:
        return suggest_frequency(self.text)


def split_sentences(text: str) -> tuple[str, ...]:
    """The sentences of a measure text: split after 。 and at line breaks, bullets (・) dropped,
    empty pieces left out. 「・A。・B。」 → (「A。」, 「B。」)."""
    pieces = []
    for piece in _SENTENCE_END.split(text or ""):
        cleaned = _BULLET.sub("", piece.strip()).strip()
        if cleaned:
            pieces.append(cleaned)
    return tuple(pieces)


def measure_items(template: FormTemplate) -> list[Item]:
    """The text items of the form whose values are measures (see the module's docstring)."""
    rules = measure_rules()
    found: list[Item] = []
    for top in template.items:
        if top.kind is not Kind.SECTION or not rules.is_measure_section(top):
            continue
        found.extend(i for i in top.walk() if i.kind is Kind.TEXT and rules.is_measure_label(i.label))
    return found


def candidates(document: Document, template: FormTemplate | None = None) -> list[Candidate]:
    """Every filled measure text of the document, in printed order (empty texts left out)."""
    template = template or get_form(document.form, document.edition)
    wanted = {i.id for i in measure_items(template)}
    headings: dict[str, str] = {}
    found: list[Candidate] = []
    for occurrence in walk(document, template):
        if occurrence.is_element and occurrence.index is not None:
            headings[occurrence.item.id] = element_heading(occurrence.item, occurrence.value, occurrence.index)
            continue
        if occurrence.item.id not in wanted or not isinstance(occurrence.value, str) or not occurrence.value.strip():
            continue
        found.append(
            Candidate(
                path=str(occurrence.path),
                item_id=occurrence.item.id,
                label=labels_with(template, occurrence.path, headings),
                text=occurrence.value.strip(),
                sentences=split_sentences(occurrence.value),
            )
        )
    return found


def candidate_at(document: Document, path: str, template: FormTemplate | None = None) -> Candidate | None:
    """The candidate at an element path in this document; None when the item is gone or empty."""
    return next((c for c in candidates(document, template) if c.path == path), None)
