"""The figures of a chapter in the editor: what the page shows of them, and the files posted.

The page shows each figure of the chapter's image items by the 評価書's stored rows (one query
for all of them, no bytes: ``attachments.figure_infos``); the thumbnails come from the figure
view, which checks access again. A posted file is checked and kept (``attachments.store_figure``)
before its reference joins the working document, which is then saved — or shown unsaved — like
any other input: nothing of the chapter is lost when a file is refused, and a figure is part of a
save only through ``save_version``. The hashes the page posts back must be the 評価書's own
figures (or already be in the save the page was opened from): a forged page cannot point a save
at bytes that are not there.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse

from pia.document import Document, ElementPath, get_value, set_value
from pia.document.images import ImageRef, figure_file_name, image_refs
from pia.document.walk import walk
from pia.findings import Finding, Severity
from pia.forms import FormTemplate, Item, Kind
from workbench.assessments.attachments import FigureInfo, FigureRefused, figure_infos, store_figure
from workbench.assessments.editor import names
from workbench.assessments.models import Assessment


@dataclass
class Shelf:
    """The stored figures a page shows (``widgets.FigureShelf``)."""

    assessment_pk: int
    infos: dict[str, FigureInfo] = field(default_factory=dict)

    def url(self, sha256: str) -> str:
        return reverse("assessment_figure", args=[self.assessment_pk, sha256])

    def info(self, sha256: str) -> FigureInfo | None:
        return self.infos.get(sha256)


def image_ids(section: Item) -> frozenset[str]:
    return frozenset(item.id for item in section.walk() if item.kind is Kind.IMAGE)


def occurrences(document: Document, template: FormTemplate, section: Item) -> Iterator[tuple[ElementPath, Item]]:
    """The image items of ``section`` as they occur in ``document`` (none: no walk at all)."""
    wanted = image_ids(section)
    if not wanted:
        return
    for occ in walk(document, template):
        if occ.item.id in wanted:
            yield occ.path, occ.item


def shelf_for(assessment: Assessment, document: Document, template: FormTemplate, section: Item) -> Shelf:
    hashes = [
        ref.sha256
        for path, _item in occurrences(document, template, section)
        for ref in image_refs(get_value(document, template, path))
    ]
    return Shelf(assessment.pk, figure_infos(assessment, hashes))


def foreign_figures(
    assessment: Assessment, base: Document, working: Document, template: FormTemplate, section: Item
) -> list[Finding]:
    """Posted references that are neither the 評価書's stored figures nor in the save the page
    was opened from are dropped from ``working``, each a blocking finding at its item."""
    refused: list[Finding] = []
    for path, item in list(occurrences(working, template, section)):
        refs = image_refs(get_value(working, template, path))
        known = {(r.sha256, r.media_type) for r in image_refs(_value_in(base, template, path))}
        stored = figure_infos(assessment, [r.sha256 for r in refs])
        kept = [r for r in refs if (r.sha256, r.media_type) in known or _stored(stored, r)]
        if len(kept) < len(refs):
            set_value(working, template, path, [r.to_data() for r in kept])
            message = f"「{item.label}」: この評価書にない図が送信されたため、受け付けませんでした。"
            refused.append(Finding("image.unknown", Severity.ERROR, str(path), message, item.label))
    return refused


def _stored(stored: dict[str, FigureInfo], ref: ImageRef) -> bool:
    info = stored.get(ref.sha256)
    return info is not None and info.media_type == ref.media_type


def _value_in(document: Document, template: FormTemplate, path: ElementPath) -> object:
    try:
        return get_value(document, template, path)
    except (KeyError, ValueError, LookupError):
        return None


@dataclass
class Added:
    """What the posted files did: figures added, and refusals (blocking findings at the item)."""

    count: int = 0
    refused: list[Finding] = field(default_factory=list)
    place: str = ""  # the caption field of the first figure added (the page comes back there)


def take_uploads(
    assessment: Assessment,
    working: Document,
    template: FormTemplate,
    section: Item,
    files: dict[str, list[UploadedFile]],
    post: Mapping[str, str],
    user,
) -> Added:
    """Keep every posted file of the chapter's image items and append its reference to
    ``working`` (in place). A file that is not a PNG or JPEG, is too large, or would pass the
    item's number of figures is refused with a message naming the item; the other inputs stay."""
    added = Added()
    for path, item in list(occurrences(working, template, section)):
        uploads = [f for f in files.get(names.name(path, names.UPLOAD), []) if f.name or f.size]
        if not uploads:
            continue
        refs = image_refs(get_value(working, template, path))
        if len(refs) + len(uploads) > item.element_limit:
            message = (
                f"「{item.label}」は{item.element_limit}枚までです(いま{len(refs)}枚、追加しようとした図"
                f"{len(uploads)}枚)。図を追加していません。不要な図を削除してから追加してください。"
            )
            added.refused.append(Finding("image.too-many", Severity.ERROR, str(path), message, item.label))
            continue
        caption = post.get(names.name(path, names.UPLOAD_CAPTION), "").strip()
        for upload in uploads:
            try:
                ref = store_figure(assessment, upload, user, item=item, caption=caption)
            except FigureRefused as exc:
                added.refused.append(Finding("image.refused", Severity.ERROR, str(path), str(exc), item.label))
                continue
            if any(r.sha256 == ref.sha256 for r in refs):
                continue  # the same figure twice: kept once
            refs.append(_unique_name(ref, {r.file for r in refs}))
            added.count += 1
            added.place = added.place or f"{names.anchor(path)}-f{len(refs)}-caption"
        set_value(working, template, path, [r.to_data() for r in refs])
    return added


def _unique_name(ref: ImageRef, taken: set[str]) -> ImageRef:
    """The reference under a file name no other figure of the item has (「図.png」, 「図-2.png」 …)."""
    if ref.file not in taken:
        return ref
    stem, _, suffix = ref.file.rpartition(".")
    n = 2
    while f"{stem}-{n}.{suffix}" in taken:
        n += 1
    return ImageRef(figure_file_name(f"{stem}-{n}", suffix), ref.sha256, ref.media_type, ref.caption)
