"""What each save is measured against, and how revisions and saves are named (ADR 0005).

Every change output (赤字, 変更箇所, the 重要な変更/修正 verdict, the 概要版, the 提出用一式, the
compare page's default) compares a save with the **公表版** its revision revises — never with
the previous save. A 評価書 that has never been published has no 公表版: its outputs compare
with nothing (a first edition) unless the user picks two saves to compare.
"""

from __future__ import annotations

from pia.wareki import format_wareki
from workbench.assessments.models import Revision, Version


def baseline(version: Version) -> Version | None:
    """The published save of the 公表版 that ``version``'s revision revises (None for a first edition)."""
    base = version.revision.base
    return base.published_version if base is not None else None


def edition_name(version: Version) -> str:
    """A save as the edition it belongs to, for file names and headings: 「改訂案」, 「評価書案」,
    「公表中の版(令和3年3月31日)」 (a published edition is dated only on the save published)."""
    revision = version.revision
    if revision.is_published and revision.published_version_id == version.pk:
        return _published_name(revision)
    return revision.kind_label


def _published_name(revision: Revision) -> str:
    day = f"({format_wareki(revision.published_on)})" if revision.published_on else ""
    return f"{revision.kind_label}{day}"


def span_name(old: Version | None, new: Version) -> str:
    """「公表中の版(令和3年3月31日)から改訂案」; two saves compared by choice: 「第3回保存から第5回保存」."""
    if old is None:
        return edition_name(new)
    published = baseline(new)
    if published is not None and published == old:
        return f"{_published_name(old.revision)}から{edition_name(new)}"
    return f"{old.label}から{new.label}"


def saves_since(version: Version) -> int:
    """How many saves of the same revision came after ``version``."""
    return version.revision.saves.filter(number__gt=version.number).count()
