"""How sure the form data are, said to users in one vocabulary (ADR: reconstructed form data must
never look authoritative).

Every item of an edition file carries a tag (docs/domain/form-schema.md): **V** its label and
options were seen verbatim in a published source, **P** partly seen, **R** reconstructed and not
verified. Users see the tag where they meet the item — a discreet mark after its label in
``pia show`` and in the workbench editor, a line per edition in ``pia forms``, a note in the
colophon of a draft print — always in the words below, never in the public edition.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from pia.forms.model import FormTemplate, Item, Kind

VERIFIED, PARTIAL, RECONSTRUCTED = "V", "P", "R"
STATUSES = (VERIFIED, PARTIAL, RECONSTRUCTED)


@dataclass(frozen=True)
class Wording:
    word: str  # 推定
    mark: str  # 〔推定〕, printed after a label ("" for a verified item: no mark)
    description: str  # the full sentence, for a title or a legend


WORDING = {
    VERIFIED: Wording("確認済み", "", "公表資料で様式の記載を確認できた項目です。"),
    PARTIAL: Wording(
        "一部確認",
        "〔一部確認〕",
        "様式の記載(項目名・選択肢)を公表資料で一部だけ確認できた項目です。個人情報保護委員会の様式で確かめてください。",
    ),
    RECONSTRUCTED: Wording(
        "推定",
        "〔推定〕",
        "様式の記載(項目名・選択肢)を公表資料で確認できていない、推定による項目です。個人情報保護委員会の様式で確かめてください。",
    ),
}
UNKNOWN = Wording("未確認", "〔推定〕", WORDING[RECONSTRUCTED].description)  # an item without a tag counts as R


def wording(status: str) -> Wording:
    """The words for a tag (an unknown or missing tag reads as reconstructed)."""
    return WORDING.get(status, UNKNOWN)


def mark(item: Item) -> str:
    """「〔推定〕」 or 「〔一部確認〕」 after the label of an R or P item, "" for a verified one."""
    return wording(item.status).mark


def counted_items(template: FormTemplate) -> list[Item]:
    """The items whose tags are counted: what a user fills in (as ``FormTemplate.count``)."""
    return [i for i in template.walk() if i.kind.holds_value and i.kind is not Kind.REPEAT]


def counts(template: FormTemplate) -> dict[str, int]:
    """How many counted items carry each tag, every tag present (V, P, R in that order)."""
    found = Counter(i.status if i.status in STATUSES else RECONSTRUCTED for i in counted_items(template))
    return {status: found[status] for status in STATUSES}


def counts_text(template: FormTemplate) -> str:
    """「確認済み 52・一部確認 31・推定 155」."""
    return "・".join(f"{WORDING[s].word} {n}" for s, n in counts(template).items())


def edition_note(template: FormTemplate) -> str:
    """The colophon note of a draft print: the edition, how many items are not verified, and
    that they must be checked against the commission's form."""
    found = counts(template)
    total = sum(found.values())
    unverified = found[PARTIAL] + found[RECONSTRUCTED]
    if not unverified:
        return f"様式データ {template.edition_label}: {total}項目すべて公表資料で確認済みです。"
    return (
        f"様式データ {template.edition_label}: {total}項目のうち、推定による項目が{found[RECONSTRUCTED]}、"
        f"一部だけ確認できた項目が{found[PARTIAL]}あります(項目ごとの区別は編集画面と pia show に表示されます)。"
        "項目名・選択肢・番号は、提出・公表の前に個人情報保護委員会の様式と照らし合わせてください。"
    )


def legend() -> str:
    """One line explaining the marks (``pia show``)."""
    return (
        f"{WORDING[RECONSTRUCTED].mark}{WORDING[PARTIAL].mark}は、様式の記載(項目名・選択肢)を公表資料で"
        "確認できていない・一部だけ確認できた項目です。個人情報保護委員会の様式で確かめてください"
    )
