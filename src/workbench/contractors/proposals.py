"""What the register knows that a 評価書 still says is 未定: the proposed edits of ⑥委託先名 and
⑨再委託事項.

When a 委託契約 is 契約済 with its 委託先 and a linked 委託事項's 委託先名 (in the latest save of the
評価書) says something else — typically 「未定(令和8年3月頃契約締結予定)」 — the register proposes
the edit; likewise the 再委託事項 once a 再委託 is 許諾 for that 委託事項 (the 業務 of every 許諾
再委託, in the order decided). Each proposal shows the item, its text now, the proposed text, and
how the core classifies the change
(``pia.changes.diff``: 重要な変更 or 修正, with its reason). Nothing changes until a user confirms;
the confirmed edit is an ordinary save of the 改訂案 (``assessments.actions.save_version``: a
colleague's save meanwhile is a conflict, never overwritten), audited ``contractors.propose``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction

from pia.changes import diff
from pia.contractors.entrustments import FIELDS, entrustments
from pia.contractors.names import name_key
from pia.document import Document, ElementPath, set_value
from pia.document.access import label_path
from pia.forms import get_form
from workbench.acting import action
from workbench.assessments.actions import save_version
from workbench.assessments.models import Version
from workbench.audit.actions import record
from workbench.contractors.models import Contract, ContractLink, ContractStatus, ResubcontractStatus
from workbench.organizations.access import EDITOR_ROLES, require_role


@dataclass(frozen=True)
class Proposal:
    link: ContractLink
    field: str  # a key of pia.contractors.entrustments.FIELDS: contractor_name | subcontract_items
    path: str  # element path of the 委託先名 item in the latest save
    label: str  # its printed label path
    before: str  # what the latest save says
    after: str  # what the register says (the 委託先's name, the 許諾 再委託's 業務)
    verdict: str  # 「修正」 | 「重要な変更」 (the core's classification of the edit)
    reason: str
    base: int  # the number of the latest save the proposal was made from
    document: Document  # the latest save with the edit

    @property
    def field_label(self) -> str:
        return FIELDS[self.field]

    @property
    def note(self) -> str:
        return f"委託先台帳から{self.field_label}を更新({self.after[:60]})"


def proposals_for(contract: Contract) -> list[Proposal]:
    """The edits a 契約済 contract proposes to the 評価書 it is linked to (none otherwise)."""
    if contract.status != ContractStatus.SIGNED or contract.contractor is None:
        return []
    found = []
    for link in contract.links.select_related("assessment").order_by("pk"):
        wanted = {"contractor_name": contract.contractor.name}
        approved = link.resubcontracts.filter(status=ResubcontractStatus.APPROVED).order_by("decided_at", "pk")
        works = [" ".join(r.work.split()) for r in approved]
        if works:
            wanted["subcontract_items"] = "、".join(works)
        found += _proposals(link, wanted)
    return found


def _proposals(link: ContractLink, wanted: dict[str, str]) -> list[Proposal]:
    latest: Version = link.assessment.versions.latest("number")
    document = latest.document()
    template = get_form(document.form, document.edition)
    entry = next((e for e in entrustments(document, template) if e.path == link.element_path), None)
    if entry is None:
        return []  # the 委託事項 is gone from the latest save: nothing to propose
    found = []
    for field, text in wanted.items():
        item_id = entry.item_ids.get(field)
        before = entry.values.get(field, "")
        if item_id is None or _same(field, before, text):
            continue  # the edition has no such item, or it already says it
        path = ElementPath(item_id, ElementPath.parse(link.element_path).selectors)
        edited = document.copy()
        set_value(edited, template, path, text)
        change = next((c for c in diff(document, edited).changes if c.item_id == item_id), None)
        verdict = "重要な変更" if change is not None and change.important else "修正"
        reason = change.reason if change is not None else ""
        label = label_path(document, template, path)
        found.append(Proposal(link, field, str(path), label, before, text, verdict, reason, latest.number, edited))
    return found


def _same(field: str, written: str, known: str) -> bool:
    """The 評価書 already says it: a name compared as the register matches names (株式会社/(株) …),
    any other text with its spacing ignored."""
    if field == "contractor_name":
        return name_key(written) == name_key(known)
    return " ".join(written.split()) == " ".join(known.split())


@action
def accept_proposal(
    contract: Contract, link_pk: int, base: int, *, field: str = "contractor_name", user: User
) -> Version:
    """Save the proposed edit of one item of one link as a save of the 改訂案, on top of save ``base`` (the one
    the user saw: ConflictError when a colleague saved meanwhile). LookupError when there is no
    such proposal any more (the 評価書 already says it, or the contract changed)."""
    require_role(user, contract.organization, EDITOR_ROLES, "評価書に委託先名を反映する")
    proposal = next((p for p in proposals_for(contract) if (p.link.pk, p.field) == (link_pk, field)), None)
    if proposal is None:
        raise LookupError("この提案はもうありません(評価書が既に委託先名を記載しているか、契約が変わりました)。")
    with transaction.atomic():
        version = save_version(proposal.link.assessment, proposal.document, base, proposal.note, user=user)
        link = proposal.link
        if proposal.field == "contractor_name":
            link.contractor_text = proposal.after
        link.version_number = version.number
        link.save(update_fields=["contractor_text", "version_number"])
        details = {
            "path": proposal.path,
            "item": proposal.field_label,
            "before": proposal.before,
            "after": proposal.after,
        }
        details["verdict"] = proposal.verdict
        record(user, "contractors.propose", organization=contract.organization, obj=link.assessment, details=details)
    return version
