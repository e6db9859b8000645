"""What the register knows that a 評価書 still says is 未定: the proposed edit of ⑥委託先名.

When a 委託契約 is 契約済 with its 委託先 and a linked 委託事項's 委託先名 (in the latest save of the
評価書) says something else — typically 「未定(令和8年3月頃契約締結予定)」 — the register proposes
the edit: the item, its text now, the 委託先's name, and how the core classifies the change
(``pia.changes.diff``: 重要な変更 or 修正, with its reason). Nothing changes until a user confirms;
the confirmed edit is an ordinary save of the 改訂案 (``assessments.actions.save_version``: a
colleague's save meanwhile is a conflict, never overwritten), audited ``contractors.propose``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction

from pia.changes import diff
from pia.contractors.entrustments import entrustments
from pia.contractors.names import name_key
from pia.document import Document, ElementPath, set_value
from pia.document.access import label_path
from pia.forms import get_form
from workbench.acting import action
from workbench.assessments.actions import save_version
from workbench.assessments.models import Version
from workbench.audit.actions import record
from workbench.contractors.models import Contract, ContractLink, ContractStatus
from workbench.organizations.access import EDITOR_ROLES, require_role


@dataclass(frozen=True)
class Proposal:
    link: ContractLink
    path: str  # element path of the 委託先名 item in the latest save
    label: str  # its printed label path
    before: str  # what the latest save says
    after: str  # the 委託先's name in the register
    verdict: str  # 「修正」 | 「重要な変更」 (the core's classification of the edit)
    reason: str
    base: int  # the number of the latest save the proposal was made from
    document: Document  # the latest save with the edit

    @property
    def note(self) -> str:
        return f"委託先台帳から委託先名を更新({self.after})"


def proposals_for(contract: Contract) -> list[Proposal]:
    """The edits a 契約済 contract proposes to the 評価書 it is linked to (none otherwise)."""
    if contract.status != ContractStatus.SIGNED or contract.contractor is None:
        return []
    found = []
    for link in contract.links.select_related("assessment").order_by("pk"):
        proposal = _proposal(link, contract.contractor.name)
        if proposal is not None:
            found.append(proposal)
    return found


def _proposal(link: ContractLink, name: str) -> Proposal | None:
    latest: Version = link.assessment.versions.latest("number")
    document = latest.document()
    template = get_form(document.form, document.edition)
    entry = next((e for e in entrustments(document, template) if e.path == link.element_path), None)
    item_id = entry.item_ids.get("contractor_name") if entry else None
    if entry is None or item_id is None:
        return None  # the 委託事項 is gone from the latest save: nothing to propose
    before = entry.values.get("contractor_name", "")
    if name_key(before) == name_key(name):
        return None  # it already names the 委託先
    path = ElementPath(item_id, ElementPath.parse(link.element_path).selectors)
    edited = document.copy()
    set_value(edited, template, path, name)
    change = next((c for c in diff(document, edited).changes if c.item_id == item_id), None)
    verdict = "重要な変更" if change is not None and change.important else "修正"
    reason = change.reason if change is not None else ""
    label = label_path(document, template, path)
    return Proposal(link, str(path), label, before, name, verdict, reason, latest.number, edited)


@action
def accept_proposal(contract: Contract, link_pk: int, base: int, *, user: User) -> Version:
    """Save the proposed edit of one link as a save of the 改訂案, on top of save ``base`` (the one
    the user saw: ConflictError when a colleague saved meanwhile). LookupError when there is no
    such proposal any more (the 評価書 already says it, or the contract changed)."""
    require_role(user, contract.organization, EDITOR_ROLES, "評価書に委託先名を反映する")
    proposal = next((p for p in proposals_for(contract) if p.link.pk == link_pk), None)
    if proposal is None:
        raise LookupError("この提案はもうありません(評価書が既に委託先名を記載しているか、契約が変わりました)。")
    with transaction.atomic():
        version = save_version(proposal.link.assessment, proposal.document, base, proposal.note, user=user)
        link = proposal.link
        link.contractor_text, link.version_number = proposal.after, version.number
        link.save(update_fields=["contractor_text", "version_number"])
        details = {"path": proposal.path, "before": proposal.before, "after": proposal.after}
        details["verdict"] = proposal.verdict
        record(user, "contractors.propose", organization=contract.organization, obj=link.assessment, details=details)
    return version
