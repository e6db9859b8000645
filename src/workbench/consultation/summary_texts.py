"""The 概要版's schedule as the staff edit it: rows of 時期 and 内容, and how an edit is stored.

The generated schedule comes from the core's planner (``pia.summary.schedule``), each 内容 line
the default text of one procedure step. An edit that keeps the planned rows and their 時期 and
only rewords 内容 lines is stored as texts per step (``Consultation.schedule_texts``): the dates
keep following the consultation's period (an extension moves them). Any other edit (a 時期
written freely, rows added or removed) is stored as whole rows (``Consultation.schedule_rows``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pia.summary.schedule import DEFAULT_CONTENT

STEP_OF_TEXT = {text: step for step, text in DEFAULT_CONTENT.items()}
# Limits of the edited texts (characters; rows of the schedule).
CHANGES_MAX, CONTACT_MAX, WHEN_MAX, CONTENT_MAX, ROWS_MAX = 4000, 2000, 100, 1000, 20


@dataclass(frozen=True)
class Row:
    when: str  # 時期, free text: 「R8年1月～R8年2月(予定)」
    content: tuple[str, ...]  # 内容, one line per step


def rows_of(raw: Iterable[Any]) -> tuple[Row, ...]:
    """Rows from the core's ScheduleRow objects or from stored JSON (``{"when", "content"}``)."""
    rows = []
    for item in raw:
        if isinstance(item, Mapping):
            rows.append(Row(str(item.get("when", "")), tuple(str(x) for x in item.get("content", ()))))
        else:
            rows.append(Row(item.when, tuple(item.content)))
    return tuple(rows)


def rows_data(rows: Sequence[Row]) -> list[dict[str, Any]]:
    """Rows as stored (and as the core's ``schedule`` input takes them)."""
    return [{"when": r.when, "content": list(r.content)} for r in rows]


def with_texts(planned: Sequence[Row], texts: Mapping[str, str]) -> tuple[Row, ...]:
    """The planned rows with the 内容 of the steps in ``texts`` reworded."""
    return tuple(Row(r.when, tuple(texts.get(STEP_OF_TEXT.get(line, ""), line) for line in r.content)) for r in planned)


def texts_of(planned: Sequence[Row], rows: Sequence[Row], *, same_when: bool = True) -> dict[str, str] | None:
    """The reworded 内容 per step when ``rows`` keep the planned rows' shape (the same number of rows
    and of lines in each, and with ``same_when`` the same 時期); None when they do not."""
    if len(planned) != len(rows):
        return None
    texts: dict[str, str] = {}
    for plan, row in zip(planned, rows, strict=True):
        if len(plan.content) != len(row.content) or (same_when and plan.when != row.when):
            return None
        for default, line in zip(plan.content, row.content, strict=True):
            step = STEP_OF_TEXT.get(default)
            if step is None:
                return None
            if line != default:
                texts[step] = line
    return texts


def steps_for_planner(texts: Mapping[str, str]) -> dict[str, str]:
    """The core's ``plan.steps``: every default step text, the reworded ones replaced."""
    return {**DEFAULT_CONTENT, **{step: text for step, text in texts.items() if step in DEFAULT_CONTENT}}
