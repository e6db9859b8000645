"""The 許諾通知書 / 不許諾通知書 of a decided 再委託申請, as the core's letter (``pia.render.notice``)."""

from __future__ import annotations

from datetime import date

from pia.render import NoticeItem, NoticeLetter, notice_pdf_bytes
from pia.wareki import format_wareki
from workbench.contractors.models import Resubcontract, ResubcontractStatus


def _period(resub: Resubcontract) -> str:
    if resub.starts_on and resub.ends_on:
        return f"{format_wareki(resub.starts_on)}から{format_wareki(resub.ends_on)}まで"
    if resub.starts_on:
        return f"{format_wareki(resub.starts_on)}から"
    if resub.ends_on:
        return f"{format_wareki(resub.ends_on)}まで"
    return "委託契約の期間内"


def build_letter(resub: Resubcontract, issuer: str, issued_on: date) -> NoticeLetter:
    contract = resub.contract
    contractor = contract.contractor
    approved = resub.status == ResubcontractStatus.APPROVED
    subject = (
        f"{format_wareki(resub.received_on)}付けで申請のあった「{contract.name}」に係る特定個人情報の取扱いの再委託"
    )
    body = (
        (f"{subject}については、審査の結果、下記の条件を付して許諾します。",)
        if approved
        else (f"{subject}については、審査の結果、下記の理由により許諾しません。",)
    )
    subcontractor = resub.subcontractor_name
    if resub.subcontractor_number:
        subcontractor += f"(法人番号 {resub.subcontractor_number})"
    if resub.subcontractor_address:
        subcontractor += f" {resub.subcontractor_address}"
    items = [
        NoticeItem("委託契約", contract.name),
        NoticeItem("再委託先", subcontractor),
        NoticeItem("再委託する業務", resub.work),
        NoticeItem("取り扱う特定個人情報", resub.personal_data),
        NoticeItem("再委託の期間", _period(resub)),
    ]
    if not approved:
        items.append(NoticeItem("不許諾の理由", resub.reason))
    conditions = tuple(line.strip() for line in resub.conditions.splitlines() if line.strip()) if approved else ()
    return NoticeLetter(
        number=resub.notice_number,
        issued_on=issued_on,
        addressee=contractor.name if contractor else "",
        addressee_title="様",
        issuer=issuer,
        title="特定個人情報の取扱いに係る再委託の" + ("許諾" if approved else "不許諾") + "について(通知)",
        body=body,
        items=tuple(items),
        conditions=conditions,
    )


def render_notice(letter: NoticeLetter) -> bytes:
    return notice_pdf_bytes(letter)
