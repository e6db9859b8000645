"""What the index holds, written in the caller's transaction (a save and its rows are committed or
rolled back together):

- every filled item of a 評価書's 公表中の版 and of the latest save of its 改訂案, with the printed
  label path;
- the comments of its 意見募集 as every staff reader may read them: the body with the masked
  phrases as ＊＊＊ (the raw body is for 管理者・作成者・承認者 only, so it is never indexed), and
  the body's answer; never the submitter's name, address or contact;
- the remarks of its 第三者点検 and their answers;
- the 委託先 register: each 委託先 (name, 法人番号, 所在地, 備考; not the contact person) and each
  委託契約 (name, 備考, the 評価書's 未定 text)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from datetime import date

from django.db import transaction
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone

from pia.document import Document
from pia.document.access import element_heading, labels_with
from pia.document.display import display_value
from pia.document.paths import ElementPath
from pia.document.public import WITHHELD, public_document
from pia.document.walk import walk
from pia.forms import get_form
from pia.forms.model import Kind
from workbench.assessments.editor.names import anchor
from workbench.assessments.models import Assessment, Version
from workbench.assessments.sections import place_label
from workbench.consultation.models import Comment
from workbench.contractors.models import Contract, Contractor
from workbench.procedure.state import effective_document
from workbench.reviews.models import Remark
from workbench.search.models import INDEXED_ITEM_SOURCES, Entry, Source
from workbench.search.text import PUBLIC_SCOPE, scope_token, tokens

MAX_LABEL = 1000


def _entry(**fields) -> Entry:
    fields["label"] = fields["label"][:MAX_LABEL]
    public = fields["source"] == Source.PUBLIC
    scope = PUBLIC_SCOPE if public else scope_token(int(fields["organization_id"]))
    return Entry(**fields, tokens=tokens(fields["text"]), scope=scope)


# --- the items of a 評価書 -------------------------------------------------------------------


def saves_to_index(assessment: Assessment) -> Iterator[tuple[Version, str, date]]:
    """The 公表中の版's save, and the latest save of the 改訂案 (or 評価書案) in progress."""
    published = assessment.current_publication()
    if published is not None and published.published_version is not None:
        version = published.published_version
        yield version, Source.PUBLISHED, published.published_on or timezone.localdate(version.created_at)
    revision = assessment.open_revision()
    latest = revision.saves.order_by("-number").first() if revision is not None else None
    if latest is not None:
        yield latest, Source.DRAFT, timezone.localdate(latest.created_at)


def item_texts(document: Document) -> Iterator[tuple[str, str, str, str]]:
    """``(section, path, label, text)`` of each filled item of a document, in printed order; a
    withheld value (「(非公表)」 in a public edition) is not a text to find."""
    template = get_form(document.form, document.edition)
    headings: dict[str, str] = {}
    section = ""
    for occurrence in walk(document, template):
        item = occurrence.item
        if template.parent(item.id) is None:
            section = item.id
        if occurrence.is_element:
            headings[item.id] = element_heading(item, occurrence.value, occurrence.index or 0)
            continue
        if item.kind is Kind.REPEAT or not item.kind.holds_value:  # a repeat's value is its elements
            continue
        text = display_value(item, occurrence.value).strip()
        if text and text != WITHHELD:
            yield section, str(occurrence.path), labels_with(template, occurrence.path, headings), text


def _assessment_fields(assessment: Assessment) -> dict[str, object]:
    jimu = assessment.jimu
    return {
        "organization_id": jimu.organization_id,
        "assessment": assessment,
        "jimu_id": jimu.pk,
        "form": assessment.form,
        "status": assessment.status,
    }


def entries_for(assessment: Assessment, sources: Collection[str] = INDEXED_ITEM_SOURCES) -> list[Entry]:
    """The item rows: staff's (公表版, 改訂案, linking to the editor) and the public edition's of
    the 公表中の版 (built by ``public_document`` from the document with its procedure records, as
    the public PDF is; linking to that PDF). ``sources``: only the rows of these kinds (the public
    edition's come with the 公表版's)."""
    common = _assessment_fields(assessment)
    editor = reverse("editor", args=[assessment.pk])
    entries = []
    for version, source, dated in saves_to_index(assessment):
        if source not in sources:
            continue
        document = version.document()
        fields = {**common, "source": source, "version_number": version.number, "dated": dated}
        fields["edition"] = document.edition
        for section, path, label, text in item_texts(document):
            url = f"{editor}?section={section}#{anchor(path)}"
            entries.append(_item_entry(fields, section, path, label, text, url))
        if source == Source.PUBLISHED:
            fields["source"] = Source.PUBLIC
            url = reverse("publication_download", args=[common["organization_id"], version.pk])
            for section, path, label, text in item_texts(public_document(effective_document(version))):
                entries.append(_item_entry(fields, section, path, label, text, url))
    return entries


def _item_entry(fields: dict[str, object], section: str, path: str, label: str, text: str, url: str) -> Entry:
    item_id = ElementPath.parse(path).item_id
    return _entry(**fields, section=section, path=path, item_id=item_id, label=label, text=text, url=url)


def _same_row(entry: Entry) -> tuple[str, str, str, str]:
    return (entry.source, entry.path, entry.label, entry.text)


def reindex(assessment: Assessment, *, draft_only: bool = False) -> int:
    """Bring the 評価書's item rows up to date: rows whose item, label and text are unchanged are
    kept (their save number and date updated), the others replaced; a save that changes one item
    rewrites one row. ``draft_only``: only the 改訂案's rows (a new save of the 改訂案 leaves the
    公表版 and its public edition as they were). Returns the number of rows written."""
    sources = (Source.DRAFT,) if draft_only else INDEXED_ITEM_SOURCES
    entries = entries_for(assessment, sources)
    existing: dict[tuple[str, str, str, str], list[int]] = {}
    rows = Entry.objects.filter(assessment=assessment, source__in=sources)
    for pk, *key in rows.values_list("pk", "source", "path", "label", "text"):
        existing.setdefault((key[0], key[1], key[2], key[3]), []).append(pk)
    kept: dict[str, list[int]] = {}
    new: list[Entry] = []
    for entry in entries:
        same = existing.get(_same_row(entry))
        if same:
            kept.setdefault(entry.source, []).append(same.pop())
        else:
            new.append(entry)
    stale = [pk for pks in existing.values() for pk in pks]
    with transaction.atomic():
        if stale:
            Entry.objects.filter(pk__in=stale).delete()
        for source, pks in kept.items():
            first = next(e for e in entries if e.source == source)
            Entry.objects.filter(pk__in=pks).update(
                version_number=first.version_number, dated=first.dated, status=assessment.status
            )
        Entry.objects.bulk_create(new, batch_size=500)
    return len(new)


# --- comments, remarks, the register -----------------------------------------------------------


def comment_entries(comment: Comment) -> list[Entry]:
    consultation = comment.consultation
    version = consultation.version
    item = place_label(version.document(), comment.item_key)
    common = {
        **_assessment_fields(version.assessment),
        "source": Source.COMMENT,
        "object_id": comment.pk,
        "version_number": version.number,
        "dated": comment.received_day,
        "path": comment.item_key,
        "url": reverse("consultation_comment", args=[consultation.pk, comment.pk]),
    }
    head = f"{consultation.title} 意見 受付番号{comment.receipt}(該当箇所:{item})"
    texts = [(head, comment.masked_body()), (f"{head}への{consultation.organization.answer_label}", comment.answer)]
    return [_entry(**common, label=label, text=text) for label, text in texts if text.strip()]


def remark_entries(remark: Remark) -> list[Entry]:
    round_ = remark.round
    version = round_.version
    item = place_label(version.document(), remark.path)
    common = {
        **_assessment_fields(version.assessment),
        "source": Source.REMARK,
        "object_id": remark.pk,
        "review_round": round_,
        "version_number": version.number,
        "dated": timezone.localdate(remark.created_at),
        "path": remark.path,
        "url": reverse("review_round", args=[round_.pk]),
    }
    head = f"{round_.get_kind_display()}の指摘(該当箇所:{item})"
    texts = [(head, remark.text), (f"{head}への回答", remark.answer)]
    return [_entry(**common, label=label, text=text) for label, text in texts if text.strip()]


def _lines(*parts: str) -> str:
    return "\n".join(part for part in parts if part and part.strip())


def contractor_entries(contractor: Contractor) -> list[Entry]:
    text = _lines(contractor.name, contractor.corporate_number, contractor.address, contractor.notes)
    return [
        _entry(
            organization_id=contractor.organization_id,
            source=Source.CONTRACTOR,
            object_id=contractor.pk,
            dated=timezone.localdate(contractor.updated_at),
            label=f"委託先台帳 {contractor.name}",
            text=text,
            url=reverse("contractor_detail", args=[contractor.pk]),
        )
    ]


def contract_entries(contract: Contract) -> list[Entry]:
    text = _lines(contract.name, contract.notes, contract.expected_text)
    return [
        _entry(
            organization_id=contract.organization_id,
            source=Source.CONTRACT,
            object_id=contract.pk,
            dated=timezone.localdate(contract.updated_at),
            label=f"委託契約 {contract.name}({contract.get_status_display()})",
            text=text,
            url=reverse("contract_detail", args=[contract.pk]),
        )
    ]


OBJECT_SOURCES = {
    Comment: (Source.COMMENT, comment_entries),
    Remark: (Source.REMARK, remark_entries),
    Contractor: (Source.CONTRACTOR, contractor_entries),
    Contract: (Source.CONTRACT, contract_entries),
}


def reindex_object(obj: Comment | Remark | Contractor | Contract) -> int:
    """Replace the rows of one comment, remark, 委託先 or 委託契約."""
    build = OBJECT_SOURCES[type(obj)][1]
    entries = build(obj)  # type: ignore[operator]
    with transaction.atomic():
        forget_object(type(obj), obj.pk)
        Entry.objects.bulk_create(entries)
    return len(entries)


def forget_object(model: type[Model], pk: int) -> None:
    Entry.objects.filter(source=OBJECT_SOURCES[model][0], object_id=pk).delete()


# --- everything ---------------------------------------------------------------------------------


def _all(models: Iterable[type]) -> Iterator[Comment | Remark | Contractor | Contract]:
    for model in models:
        yield from model.objects.order_by("pk")  # type: ignore[attr-defined]


def rebuild() -> tuple[int, int]:
    """Every row again (the rows are derived data); (評価書, rows)."""
    assessments = rows = 0
    with transaction.atomic():
        Entry.objects.all().delete()
        for assessment in Assessment.objects.select_related("jimu").order_by("pk"):
            rows += reindex(assessment)
            assessments += 1
        for obj in _all(OBJECT_SOURCES):
            rows += reindex_object(obj)
    return assessments, rows
