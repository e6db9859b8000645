"""``build_summary(old, new, summary_input)``: the content of the 概要版 handout.

Sections as in the 熊本市 概要版 (the seed): 1. 目的 (from the input), 2. 評価の対象となる
文書とその構成 (評価書番号/評価書名 and the Ⅰ–Ⅵ structure with the changed parts marked),
3. 主な修正箇所 (each changed block with its rows, new content marked), 4. スケジュール
(explicit rows or the planner, in 和暦), and 5. 問合せ先 when the input gives one. The input may
word 3.'s paragraph itself (``changes_intro``) instead of the generated sentence. Rendering is
elsewhere (summary_markdown …).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pia.changes.diff import diff
from pia.changes.model import Change, ChangeList
from pia.changes.public import public_revision
from pia.changes.rows import is_change_log
from pia.document.model import Document
from pia.document.paths import ElementPath
from pia.document.roles import role_text
from pia.forms.model import FormTemplate
from pia.forms.registry import get_form
from pia.summary.blocks import build_blocks, intro_sentence
from pia.summary.inputs import SummaryInput, read_summary_input
from pia.summary.model import (
    ChangedBlock,
    DocumentRow,
    ScheduleRow,
    SummaryContent,
)
from pia.summary.schedule import explicit_rows, planned_rows
from pia.summary.structure import Place, place_of, structure_rows

__all__ = ["build_summary"]


def _placed(template: FormTemplate, changes: ChangeList) -> list[tuple[Place, Change]]:
    kept = [c for c in changes.changes if not is_change_log(template, c.item_id)]
    return [(place_of(template, ElementPath.parse(c.path)), c) for c in kept]


def _main(placed: list[tuple[Place, Change]], changes: ChangeList) -> list[tuple[Place, Change]]:
    """The changes shown in 3. 主な修正箇所: the 重要な変更 in a 再実施, every change in a 修正."""
    if changes.verdict == "reassessment":
        return [(p, c) for p, c in placed if c.important]
    return placed


def _schedule(spec: SummaryInput, changes: ChangeList) -> tuple[tuple[ScheduleRow, ...], tuple[str, ...]]:
    if spec.plan is not None:
        return planned_rows(spec.plan, changes)
    return explicit_rows(spec.schedule), ()


def _documents(template: FormTemplate, new: Document, spec: SummaryInput) -> tuple[DocumentRow, ...]:
    number = spec.document_number or role_text(new, "number", template)
    name = spec.document_name or role_text(new, "name", template)
    return (DocumentRow(number, name),)


def build_summary(
    old: Document,
    new: Document,
    summary_input: Mapping[str, Any] | SummaryInput,
    *,
    changes: ChangeList | None = None,
    public: bool = True,
) -> SummaryContent:
    """The 概要版 content for the revision ``old`` → ``new`` (SummaryInputError for a bad input).

    The 概要版 is handed to the public: by default it is built from the public editions
    (``pia.changes.public``: withheld values are 「(非公表)」 everywhere in it; the verdict and
    the changes shown are the real ones). ``public=False`` only for a staff-internal edition."""
    spec = summary_input if isinstance(summary_input, SummaryInput) else read_summary_input(summary_input)
    changes = changes if changes is not None else diff(old, new)
    if public:
        revision = public_revision(old, new, changes)
        old, new, changes = revision.old, revision.new, revision.changes
    template = get_form(new.form, new.edition)
    placed = _placed(template, changes)
    labels = spec.section_labels
    blocks: tuple[ChangedBlock, ...] = build_blocks(template, old, new, _main(placed, changes), labels)
    jimu = role_text(new, "jimu_name", template) or role_text(new, "name", template)
    schedule, notes = _schedule(spec, changes)
    return SummaryContent(
        title=spec.title or f"{jimu}の特定個人情報保護評価について",
        badge=spec.badge,
        purpose=spec.purpose,
        documents=_documents(template, new, spec),
        structure=structure_rows(template, new, [p for p, _ in placed], labels, spec.all_files),
        changes_intro=spec.changes_intro or intro_sentence(blocks, f"{jimu}の特定個人情報保護評価書"),
        blocks=blocks,
        schedule=schedule,
        header_note=spec.header_note,
        notes=tuple(changes.notes) + notes,
        contact=spec.contact,
    )
