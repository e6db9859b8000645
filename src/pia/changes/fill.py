"""Fill the (別添3) 変更箇所 table of a new version from its diff against the old one.

``fill_change_table(old, new, date)`` appends one row for every change between ``old`` and
``new`` (``pia.changes.rows.change_rows``) that the table of ``new`` does not hold yet, and
leaves every row already there untouched (hand-written rows included).

**How an existing row is recognised.** A generated row is already in the table when a row
there has the same 項目 (short, or the long label of earlier tables) and the same 変更後の記載.
Whitespace does not count (line breaks,
``\\r\\n`` from a browser, spaces are compared collapsed), and a 変更後の記載 that was
shortened (「…(以下略、全文は評価書本文を参照)」) matches when the full text starts with it, so a
row written with another ``max_chars`` is recognised too. 変更日, 変更前の記載 and 提出時期 are
not compared: running the fill again on another day, or after the author reworded the
説明, adds nothing. Consequences: a row whose 項目 or 変更後の記載 the author rewrote is no
longer recognised (the fill would add it again), and a change that exactly repeats an
earlier recorded row (same item, same new text) is taken as recorded.

**The date** is stored as ISO ``YYYY-MM-DD``, as in the examples: the ``date`` kind accepts
ISO and 和暦 alike (``pia.rules.formats.check_date`` → ``pia.wareki.parse_date``), ISO is
what the editor, the printers and ``display_date`` read back without ambiguity, and every
output shows it in 和暦. The returned rows keep the printed date (令和8年4月1日).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date

from pia.changes.diff import diff
from pia.changes.model import ChangeList
from pia.changes.rows import DEFAULT_MAX_CHARS, OMITTED, ChangeRow, change_rows, existing_rows, with_rows
from pia.document.model import Document

__all__ = ["fill_change_table", "is_recorded"]


def _plain(text: str) -> str:
    return " ".join(text.split())


def _same_text(stored: str, row: ChangeRow) -> bool:
    stored = _plain(stored)
    if stored in (_plain(row.after), _plain(row.after_full or row.after)):
        return True
    if stored.endswith(_plain(OMITTED)):
        head = stored.removesuffix(_plain(OMITTED)).rstrip()
        return bool(head) and _plain(row.after_full or row.after).startswith(head)
    return False


def is_recorded(row: ChangeRow, table: list[ChangeRow]) -> bool:
    """Whether the table already has a row for this change (same 項目 and 変更後の記載). The 項目
    may be written short (「Ⅱ (2) 4. 委託事項2 ①」) or, as tables filled before the short form
    have it, as the labels of the way down (``ChangeRow.breadcrumb``)."""
    items = {_plain(row.item), _plain(row.breadcrumb)} - {""}
    return any(_plain(existing.item) in items and _same_text(existing.after, row) for existing in table)


def fill_change_table(
    old: Document,
    new: Document,
    date: date,
    *,
    timing: str = "事前",
    timing_note: str = "",
    max_chars: int = DEFAULT_MAX_CHARS,
    declared: Mapping[str, str] | None = None,
    changes: ChangeList | None = None,
) -> tuple[Document, list[ChangeRow]]:
    """``new`` with a row appended for every change from ``old`` its table lacks, and those rows.

    ``changes`` is ``diff(old, new, declared=declared)`` unless given. Raises ``DiffError``
    (different forms, missing ids) and ``ChangeTableError`` (bad ``timing``; a form without a
    change table) with Japanese messages. ``new`` itself is not modified; when nothing is missing the
    result is an unchanged copy."""
    if changes is None:
        changes = diff(old, new, declared=declared)
    rows = change_rows(changes, old, new, date, timing=timing, timing_note=timing_note, max_chars=max_chars)
    table = existing_rows(new)
    missing = [row for row in rows if not is_recorded(row, table)]
    if not missing:
        return new.copy(), []
    stored = [dataclasses.replace(row, date=date.isoformat()) for row in missing]
    return with_rows(new, stored), missing
