"""「他団体の記載例」: how other bodies wrote the same item, from the public editions of their
公表中の版 only (the public rows of the index: 非公表 items withheld, nothing unpublished), the
most similar 事務 first (the overlap of the 事務 names' bigrams), then the latest 公表日."""

from __future__ import annotations

from dataclasses import dataclass

from pia.document.paths import ElementPath, PathError
from workbench.assessments.models import Assessment
from workbench.search.models import Entry, Source
from workbench.search.text import bigrams, normalized

LIMIT = 20


@dataclass(frozen=True)
class PeerExample:
    entry: Entry
    similarity: float  # 0..1, of the 事務 names


def item_of(path: str) -> str | None:
    """The form's item id of an element path (``II.file[#a].4`` → ``II.file.4``); None if not one."""
    try:
        return ElementPath.parse(path).item_id
    except PathError:
        return None


def similarity(a: str, b: str) -> float:
    """The Jaccard overlap of two names' bigrams (NFKC): 1.0 for the same 事務 name."""
    left, right = set(bigrams(normalized(a))), set(bigrams(normalized(b)))
    return len(left & right) / len(left | right) if left | right else 0.0


def peer_examples(assessment: Assessment, item_id: str, limit: int = LIMIT) -> list[PeerExample]:
    rows = (
        Entry.objects.filter(source=Source.PUBLIC, item_id=item_id, form=assessment.form)
        .exclude(organization_id=assessment.jimu.organization_id)
        .select_related("organization", "assessment", "jimu")
    )
    name = assessment.jimu.name
    examples = [PeerExample(row, similarity(name, row.jimu.name if row.jimu else "")) for row in rows]
    examples.sort(key=lambda e: (-e.similarity, -e.entry.dated.toordinal(), e.entry.organization.name, e.entry.pk))
    return examples[:limit]
