"""「公表中の版との差分から変更箇所を追加」: the (別添3) rows from the core, into the working document.

The working document (the save the page was opened from, with the posted inputs applied) is
compared with the 公表版 its revision revises (ADR 0005), never with the previous save; the core's
``fill_change_table`` appends the rows the table does not have yet. Nothing is saved: the page
shows the rows unsaved, and the author reviews them and saves as usual (a new save, audited by
``save_version``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from pia.changes.fill import fill_change_table
from pia.changes.rows import ChangeRow, change_table
from pia.document import Document
from pia.errors import PiaError
from pia.forms import FormTemplate, Item
from workbench import clock
from workbench.assessments.models import Version
from workbench.assessments.revisions import baseline

OP = "fill-changes"
LABEL = "公表中の版との差分から変更箇所を追加"


@dataclass
class FillResult:
    document: Document
    rows: list[ChangeRow] = field(default_factory=list)
    message: str = ""
    ok: bool = True


def is_change_table(template: FormTemplate, section: Item) -> bool:
    table = change_table(template)
    return table is not None and table.id == section.id


def hint(base: Version) -> str:
    """What the button does, shown beside it."""
    published = baseline(base)
    if published is None:
        return "公表済みの版がない(最初の評価書の)ため、差分から変更箇所を追加することはできません。"
    return (
        f"{published.revision.label}と、いま表示している内容を比べ、この表にまだない変更箇所を末尾に追加します"
        "(項目と変更後の記載が同じ行は記載済みとみなします)。追加した行はまだ保存されません。"
    )


def fill_from_published(base: Version, working: Document) -> FillResult:
    """The working document with the rows missing against the 公表版 ``base``'s revision revises."""
    published = baseline(base)
    if published is None:
        return FillResult(
            working, message="公表済みの版がない(最初の評価書の)ため、変更箇所は追加していません。", ok=False
        )
    try:
        filled, rows = fill_change_table(published.document(), working, clock.today())
    except PiaError as exc:
        return FillResult(working, message=f"変更箇所を追加できませんでした:{exc}", ok=False)
    name = published.revision.label
    if not rows:
        return FillResult(working, message=f"{name}との差分から追加する変更箇所はありません(すべて記載済みです)。")
    return FillResult(
        filled,
        rows,
        f"{name}との差分から変更箇所を{len(rows)}行追加しました。内容を確認し、必要なら直してから保存してください。",
    )
