"""The 概要版 (public-comment handout) as a plain tree of dataclasses.

Renderers (Markdown here; PDF, DOCX and HTML elsewhere) read only this tree: every text
is final, and whatever is new in this revision carries ``changed``/``new`` so that it can
be printed in red.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

SECTION_TITLES = (
    "1. 目的",
    "2. 評価の対象となる文書とその構成",
    "3. 主な修正箇所について",
    "4. 特定個人情報保護評価のスケジュール",
)
CONTACT_TITLE = "5. 問合せ先"  # printed after the schedule, only when the input gives a 問合せ先
STRUCTURE_NOTE = "【構成】赤字が今回修正を加える箇所"
DOCUMENT_COLUMNS = ("評価書番号", "評価書名")
STRUCTURE_COLUMNS = ("項目", "内容")
SCHEDULE_COLUMNS = ("時期", "内容")


@dataclass(frozen=True)
class DocumentRow:
    number: str  # 評価書番号
    name: str  # 評価書名


@dataclass(frozen=True)
class StructureItem:
    label: str  # 「4.特定個人情報ファイルの取扱いの委託」
    changed: bool


@dataclass(frozen=True)
class StructureRow:
    label: str  # 「Ⅱ 特定個人情報ファイルの概要 (2)」
    items: tuple[StructureItem, ...]

    @property
    def changed(self) -> bool:
        return any(i.changed for i in self.items)


@dataclass(frozen=True)
class OptionMark:
    no: int
    label: str
    selected: bool  # the chosen option / a ticked box
    text: str = ""  # the text written in a ( ) slot
    text_slot: bool = False  # the option has a ( ) slot (printed 「その他 ( )」)


@dataclass(frozen=True)
class BlockRow:
    """One printed row of a changed block.

    ``kind``: ``element`` (a repeat element's heading, value = its title), ``caption`` (a
    repeat's label above its elements), ``heading`` (a caption row of the form), ``text``,
    ``choice`` (``options`` = every option, the chosen one ``selected``), ``checkbox``
    (every box, ticked ones ``selected``), ``removed``. ``depth`` is the nesting below the block.
    """

    label: str
    value: str
    new: bool
    kind: str = "text"
    depth: int = 0
    options: tuple[OptionMark, ...] = ()
    path: str = ""


@dataclass(frozen=True)
class ChangedBlock:
    section: str  # 「Ⅱ 特定個人情報ファイルの概要(本人確認情報ファイル)」
    heading: str  # 「4.特定個人情報ファイルの取扱いの委託」 ('' for a whole section)
    place: str  # 「Ⅱ 特定個人情報ファイルの概要 (2)(本人確認情報ファイル) → 4.…」, used in the intro
    rows: tuple[BlockRow, ...]
    added: tuple[str, ...] = ()  # names of added blocks (「委託事項2」)
    modified: tuple[str, ...] = ()  # labels of changed items
    removed: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScheduleRow:
    when: str  # 「R7年12月1日～R8年1月5日」「R8年1月～R8年2月(予定)」
    content: tuple[str, ...]  # one line per step (several steps may share a period)


@dataclass(frozen=True)
class SummaryContent:
    title: str
    badge: str
    purpose: tuple[str, ...]
    documents: tuple[DocumentRow, ...]
    structure: tuple[StructureRow, ...]
    changes_intro: str  # generated, or the input's wording (paragraphs separated by a blank line)
    blocks: tuple[ChangedBlock, ...]
    schedule: tuple[ScheduleRow, ...]
    header_note: str = ""  # 「お持ち帰り用」
    structure_note: str = STRUCTURE_NOTE
    section_titles: tuple[str, ...] = SECTION_TITLES
    notes: tuple[str, ...] = field(default=())  # for the author, not printed (planner findings …)
    contact: tuple[str, ...] = ()  # 5. 問合せ先, line by line (no section when empty)
    contact_title: str = CONTACT_TITLE

    @property
    def changes_paragraphs(self) -> tuple[str, ...]:
        """The 主な修正箇所 text as printed paragraphs (split at blank lines)."""
        return tuple(p.strip() for p in self.changes_intro.split("\n\n") if p.strip())

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)
