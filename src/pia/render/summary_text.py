"""Texts of the 概要版 rows shared by its PDF, DOCX and HTML renderers.

Choices print like the form (「[選んだもの]」 and 「<選択肢> 1) … 2) …」), checkboxes box by box
(「[○] その他 (住基ネット)」); the schedule lists several steps of one period with 「・」. Every
renderer prints 3.'s text paragraph by paragraph (``SummaryContent.changes_paragraphs``) and
5. 問合せ先 (``contact``, line by line) only when the content has one.
"""

from __future__ import annotations

from typing import Any

from pia.render.model import to_data
from pia.summary.model import BlockRow, OptionMark, ScheduleRow, SummaryContent

OPTIONS_CAPTION = "<選択肢>"


def chosen_bracket(row: BlockRow) -> str:
    chosen = next((o.label for o in row.options if o.selected), "")
    return f"[{chosen}]" if chosen else "[ ]"


def option_items(row: BlockRow) -> list[str]:
    """「1) 1,000人未満」 …: one text per option, each kept on one line in print."""
    return [f"{o.no}) {o.label}" for o in row.options]


def option_line(row: BlockRow) -> str:
    return " ".join(option_items(row))


def check_line(option: OptionMark) -> str:
    slot = f" ({option.text or ' '})" if option.text_slot or option.text else ""
    return f"[{'○' if option.selected else ' '}] {option.label}{slot}"


def schedule_lines(row: ScheduleRow) -> list[str]:
    bullet = "・" if len(row.content) > 1 else ""
    return [bullet + line for line in row.content]


def summary_data(content: SummaryContent) -> dict[str, Any]:
    """The content as JSON data for the typst template, with the row texts above added."""
    data: dict[str, Any] = to_data(content)
    for block, raw in zip(content.blocks, data["blocks"], strict=True):
        for row, out in zip(block.rows, raw["rows"], strict=True):
            out["bracket"] = chosen_bracket(row)
            out["option_line"] = option_line(row)
            out["option_items"] = option_items(row)
            out["checks"] = [check_line(o) for o in row.options] if row.kind == "checkbox" else []
    for when, out in zip(content.schedule, data["schedule"], strict=True):
        out["lines"] = schedule_lines(when)
    data["changes_paragraphs"] = list(content.changes_paragraphs)
    return data
