"""Plain Markdown rendering of the 概要版 content (for tests, the CLI and quick review).

Markdown has no colour: what the handout prints in red is printed in **bold** here, and
the 【構成】 note says so. Choices print like the form (``<選択肢> [選んだもの] 1) … 2) …``),
checkboxes as ``[○] 選んだもの [ ] ほか``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pia.summary.model import (
    DOCUMENT_COLUMNS,
    SCHEDULE_COLUMNS,
    STRUCTURE_COLUMNS,
    BlockRow,
    ChangedBlock,
    StructureRow,
    SummaryContent,
)
from pia.text import clean_tree

BOLD_NOTE = "(Markdown では太字で示します)"
INDENT = "　"  # full-width space: nesting inside a block


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell (pipes escaped, line breaks as <br>)."""
    return text.replace("|", "\\|").replace("\r\n", "\n").replace("\n", "<br>")


def mark(text: str, new: bool) -> str:
    return f"**{text}**" if new and text else text


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def choice_text(row: BlockRow) -> str:
    chosen = next((o.label for o in row.options if o.selected), "")
    listed = " ".join(f"{o.no}) {o.label}" for o in row.options)
    return f"<選択肢> [{chosen}] {listed}"


def checkbox_text(row: BlockRow) -> str:
    boxes = []
    for o in row.options:
        slot = f" ({o.text})" if o.text else (" ( )" if o.text_slot else "")
        boxes.append(f"[{'○' if o.selected else ' '}] {o.label}{slot}")
    return " ".join(boxes)


def row_value(row: BlockRow) -> str:
    if row.kind == "choice":
        return choice_text(row)
    if row.kind == "checkbox":
        return checkbox_text(row)
    return row.value


def _structure_cell(row: StructureRow) -> str:
    return " ".join(mark(item.label, item.changed) for item in row.items)


def _block(block: ChangedBlock) -> list[str]:
    lines = [f"### {block.section}", ""]
    if block.heading:
        lines += [f"#### {block.heading}", ""]
    rows = [(INDENT * r.depth + mark(cell(r.label), r.new), mark(cell(row_value(r)), r.new)) for r in block.rows]
    return [*lines, *table(STRUCTURE_COLUMNS, rows), ""]


def _section_1_2(content: SummaryContent) -> list[str]:
    titles = content.section_titles
    lines = [f"## {titles[0]}", "", *[p for para in content.purpose for p in (para, "")]]
    lines += [f"## {titles[1]}", ""]
    lines += [*table(DOCUMENT_COLUMNS, [(cell(d.number), cell(d.name)) for d in content.documents]), ""]
    lines += [content.structure_note + BOLD_NOTE, ""]
    lines += [
        *table(STRUCTURE_COLUMNS, [(mark(r.label, r.changed), _structure_cell(r)) for r in content.structure]),
        "",
    ]
    return lines


def _section_3_4(content: SummaryContent) -> list[str]:
    titles = content.section_titles
    lines = [f"## {titles[2]}", "", *[line for p in content.changes_paragraphs for line in (p, "")]]
    for block in content.blocks:
        lines += _block(block)
    lines += [f"## {titles[3]}", ""]
    rows = [
        (cell(r.when), "<br>".join(cell(("・" if len(r.content) > 1 else "") + c) for c in r.content))
        for r in content.schedule
    ]
    return [*lines, *table(SCHEDULE_COLUMNS, rows), ""]


def _section_5(content: SummaryContent) -> list[str]:
    """5. 問合せ先 (only when given): each line as a paragraph of its own, so it renders as written."""
    if not content.contact:
        return []
    return [f"## {content.contact_title}", "", *[x for line in content.contact if line.strip() for x in (line, "")]]


def summary_to_markdown(content: SummaryContent) -> str:
    content = clean_tree(content)  # control characters (pia.text)
    head = [content.header_note, ""] if content.header_note else []
    head += [f"# {content.title}", "", f"**{content.badge}**", ""]
    return "\n".join([*head, *_section_1_2(content), *_section_3_4(content), *_section_5(content)]).rstrip() + "\n"
