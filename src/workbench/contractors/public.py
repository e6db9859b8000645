"""The public list of 委託先 that ⑤委託先名の確認方法 promises (「熊本市ホームページ等で確認できる」):
for anyone, per organisation, generated from the register.

Only what the 公表中の版 of a 評価書 already tells the public is listed, read from its public
edition (``pia.document.public``): a 委託事項 appears when the published save has it, under the
name it has there; its 委託先 is the register's (a 契約済 contract's 委託先, or 「未定」 with the
expected date while 予定); an ended contract is not listed. A 委託先名 item the form withholds
(``non_public``) is never listed. Nothing internal is shown: no 法人番号, address, contact or note.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pia.contractors.entrustments import Entrustment, entrustments
from pia.document.public import public_document
from pia.forms import get_form
from pia.wareki import format_wareki
from workbench.assessments.models import Assessment, Revision, Status
from workbench.contractors.models import Contract, ContractLink, ContractStatus
from workbench.organizations.models import Organization


@dataclass(frozen=True)
class PublicEntry:
    assessment_title: str
    jimu: str
    file_heading: str  # 「(1) 住民基本台帳ファイル」
    heading: str  # 「委託事項2」
    name: str  # 委託事項名, as published
    contractor: str  # the 委託先名, or 「未定(令和8年3月頃契約締結予定)」
    term: str  # 「令和8年4月1日～令和11年3月31日」, or ""


def public_entries(organization: Organization) -> tuple[list[PublicEntry], datetime | None]:
    """The listed 委託事項 of the organisation's current 公表版, and when what they show last changed."""
    entries: list[PublicEntry] = []
    changed: list[datetime] = []
    for revision in _current_published(organization):
        version = revision.published_version
        assert version is not None  # filtered in the query
        assessment = revision.assessment
        template = get_form(assessment.form, assessment.edition)
        published = {e.path: e for e in entrustments(public_document(version.document(), template), template)}
        links = (
            ContractLink.objects.filter(assessment=assessment, contract__organization=organization)
            .exclude(contract__status=ContractStatus.ENDED)
            .select_related("contract", "contract__contractor")
            .order_by("pk")
        )
        for link in links:
            entry = published.get(link.element_path)
            item = entry.item_ids.get("contractor_name") if entry else None
            if entry is None or item is None or template.is_withheld(item):
                continue
            entries.append(_entry(assessment, entry, link))
            changed += [link.linked_at, link.contract.updated_at]
            if link.contract.contractor is not None:
                changed.append(link.contract.contractor.updated_at)
    entries.sort(key=lambda e: (e.jimu, e.assessment_title, e.file_heading, e.heading))
    return entries, max(changed, default=None)


def _current_published(organization: Organization) -> list[Revision]:
    """The 公表中の版 of each 評価書 (published, not superseded)."""
    return list(
        Revision.objects.filter(
            assessment__jimu__organization=organization,
            status=Status.PUBLISHED,
            published_version__isnull=False,
            superseded_at__isnull=True,
        ).select_related("assessment", "assessment__jimu", "published_version")
    )


def _entry(assessment: Assessment, entry: Entrustment, link: ContractLink) -> PublicEntry:
    contract = link.contract
    if contract.status == ContractStatus.SIGNED and contract.contractor is not None:
        contractor = contract.contractor.name
    else:  # the 評価書's own words while 未定 (「未定(令和8年3月頃契約締結予定)」)
        contractor = contract.expected_text or "未定"
    return PublicEntry(
        assessment.title,
        assessment.jimu.name,
        entry.file_heading,
        entry.heading,
        entry.name,
        contractor,
        _term(contract) if contract.status == ContractStatus.SIGNED else "",
    )


def _term(contract: Contract) -> str:
    if contract.starts_on is None and contract.ends_on is None:
        return ""
    start = format_wareki(contract.starts_on) if contract.starts_on else ""
    end = format_wareki(contract.ends_on) if contract.ends_on else ""
    return f"{start}～{end}"
