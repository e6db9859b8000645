"""What the editor shows about a document: findings by element, completeness per section."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from pia.document import Document, ElementPath, PathError
from pia.document.values import is_filled
from pia.document.walk import walk
from pia.findings import Finding
from pia.forms import FormTemplate
from pia.rules.conditions import applies


@dataclass(frozen=True)
class SectionStatus:
    id: str
    label: str
    required: int
    filled: int
    errors: int

    @property
    def percent(self) -> int:
        return 100 if self.required == 0 else round(100 * self.filled / self.required)


def section_of(template: FormTemplate, path: str) -> str:
    """The top-level item (editor page) holding an element path; '' when unknown."""
    try:
        item_id = ElementPath.parse(path).item_id
        ancestors = template.ancestors(item_id)
        template.item(item_id)
    except (PathError, KeyError):
        return ""
    return ancestors[0].id if ancestors else item_id


def findings_by_path(findings: list[Finding]) -> dict[str, list[Finding]]:
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        grouped[finding.path].append(finding)
    return dict(grouped)


def section_statuses(document: Document, template: FormTemplate, findings: list[Finding]) -> list[SectionStatus]:
    """Per top-level section: required items that apply, how many are filled, error count."""
    required: dict[str, int] = defaultdict(int)
    filled: dict[str, int] = defaultdict(int)
    for occ in walk(document, template):
        if occ.is_element or not occ.item.required or not occ.item.kind.holds_value:
            continue
        if not applies(template, occ.item.id, occ.scopes, document.body_type):
            continue
        top = section_of(template, str(occ.path))
        required[top] += 1
        filled[top] += is_filled(occ.value)
    errors: dict[str, int] = defaultdict(int)
    for finding in findings:
        if finding.blocks:
            errors[section_of(template, finding.path)] += 1
    return [SectionStatus(i.id, i.label, required[i.id], filled[i.id], errors[i.id]) for i in template.items]
