"""The 概要版: the handout of the public comment (意見聴取) on a revision of a 評価書.

    from pia.summary import build_summary, load_summary_input
    content = build_summary(old, new, load_summary_input("summary.yaml"))   # SummaryContent

``build`` assembles the content from the diff (``pia.changes``) and the small input
(``inputs``): 1. 目的, 2. the documents and their Ⅰ–Ⅵ structure (``structure``), 3. the changed
blocks (``blocks``; the paragraph generated or as the input words it), 4. the schedule
(``schedule``, explicit rows or the planner of ``pia.rules``), 5. 問合せ先 when given. The
content is a plain tree of dataclasses (``model``); the writers (PDF, DOCX, HTML, Markdown) are in
``pia.render``.
"""

from pia.summary.build import build_summary
from pia.summary.inputs import SummaryInput, SummaryInputError, load_summary_input, read_summary_input
from pia.summary.model import (
    BlockRow,
    ChangedBlock,
    DocumentRow,
    OptionMark,
    ScheduleRow,
    StructureItem,
    StructureRow,
    SummaryContent,
)

__all__ = [
    "BlockRow",
    "ChangedBlock",
    "DocumentRow",
    "OptionMark",
    "ScheduleRow",
    "StructureItem",
    "StructureRow",
    "SummaryContent",
    "SummaryInput",
    "SummaryInputError",
    "build_summary",
    "load_summary_input",
    "read_summary_input",
]
