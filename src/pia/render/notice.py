"""A 通知書 letter: the 許諾通知書 / 不許諾通知書 of a 再委託申請 (and any letter of its shape).

    letter = NoticeLetter(number="熊市第1号", issued_on=date(2026, 5, 1), addressee="株式会社A",
                          addressee_title="代表者 様", issuer="熊本市長", title="再委託の許諾について(通知)",
                          body=("令和8年4月1日付けで申請のあった…",), items=(NoticeItem("再委託先", "…"),),
                          conditions=("委託先の義務と同等の義務を…",))
    pdf = notice_pdf_bytes(letter)

A4, one column, the number and the 和暦 date at the top right (pia.wareki), the addressee at the
left, the issuer at the right, the title centred, then the body, 記, the numbered items and the
conditions, and 以上. The caller decides every text; the template prints them as strings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pia.render.config import FontConfig
from pia.render.errors import RenderError
from pia.render.pdf import compile_typst
from pia.wareki import format_wareki


@dataclass(frozen=True)
class NoticeItem:
    """One numbered line under 記: 「1 再委託先 | 株式会社B(法人番号 …)」."""

    label: str
    value: str


@dataclass(frozen=True)
class NoticeLetter:
    number: str  # 「熊市第12号」
    issued_on: date
    addressee: str  # the 委託先
    issuer: str  # 「熊本市長」, the organisation
    title: str  # 「再委託の許諾について(通知)」
    body: tuple[str, ...]  # paragraphs before 記
    items: tuple[NoticeItem, ...] = ()
    conditions: tuple[str, ...] = ()  # 許諾の条件 (同等の義務 …), numbered
    conditions_label: str = "許諾の条件"
    addressee_title: str = "様"
    closing: tuple[str, ...] = ()  # paragraphs after the items (e.g. 不許諾の理由 notes)
    status: str = ""  # a mark beside the title (e.g. 「控」)

    def __post_init__(self) -> None:
        for label, value in (("文書番号", self.number), ("宛先", self.addressee), ("件名", self.title)):
            if not value.strip():
                raise RenderError(f"通知書の「{label}」がありません")


def notice_data(letter: NoticeLetter) -> dict[str, Any]:
    """The letter as the template reads it (dates as 和暦 text)."""
    return {
        "number": letter.number,
        "date": format_wareki(letter.issued_on),
        "addressee": letter.addressee,
        "addressee_title": letter.addressee_title,
        "issuer": letter.issuer,
        "title": letter.title,
        "status": letter.status,
        "body": list(letter.body),
        "items": [{"label": i.label, "value": i.value} for i in letter.items],
        "conditions_label": letter.conditions_label,
        "conditions": list(letter.conditions),
        "closing": list(letter.closing),
    }


def notice_pdf_bytes(letter: NoticeLetter, fonts: FontConfig | None = None) -> bytes:
    """The letter as a tagged A4 PDF."""
    return compile_typst("notice.typ", notice_data(letter), fonts)  # control characters cleaned there
