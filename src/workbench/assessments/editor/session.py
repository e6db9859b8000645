"""One editor request: the working document, its findings and what the page shows."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse

from pia.document import Document
from pia.findings import Finding, Level
from pia.forms import FormTemplate, Item, get_form
from pia.rules.validation import check
from workbench.assessments.editor import figures, fill
from workbench.assessments.editor.names import anchor
from workbench.assessments.editor.outline import render_outline, section_outline
from workbench.assessments.editor.render import SectionRenderer
from workbench.assessments.editor.status import SectionStatus, findings_by_path, section_of, section_statuses
from workbench.assessments.models import Assessment, Version
from workbench.assessments.notices import notices_for


@dataclass
class EditorPage:
    assessment: Assessment
    base: Version
    document: Document
    section: Item
    editable: bool
    field_errors: list[Finding] = field(default_factory=list)
    return_to: str = ""  # the anchor the page comes back at (the element an operation acted on)

    @property
    def template(self) -> FormTemplate:
        return template_of(self.document)

    def context(self) -> dict[str, object]:
        template = self.template
        findings = check(self.document, Level.SUBMIT)
        shown = findings_by_path([*self.field_errors, *findings])
        url = reverse("editor", args=[self.assessment.pk])
        shelf = figures.shelf_for(self.assessment, self.document, template, self.section)  # one query, or none
        html = SectionRenderer(self.document, template, shown, self.editable, url, shelf).render(self.section)
        return {
            "assessment": self.assessment,
            "base": self.base,
            "section": self.section,
            "section_html": html,
            "outline_html": render_outline(section_outline(self.document, template, self.section, shown)),
            "return_to": self.return_to,
            "statuses": section_statuses(self.document, template, findings),
            "finding_rows": _finding_rows(template, findings),
            "field_errors": _finding_rows(template, self.field_errors),
            "editable": self.editable,
            "multipart": self.editable and bool(figures.image_ids(self.section)),  # a file input on the page
            "fill_changes": self._fill_changes(template),
            "save_notices": notices_for(self.base),
        }

    def _fill_changes(self, template: FormTemplate) -> dict[str, str] | None:
        """The 「前の版との差分から変更箇所を追加」 button, on the change table's page only."""
        if not self.editable or not fill.is_change_table(template, self.section):
            return None
        target = anchor(self.section.id)
        return {"op": fill.OP, "label": fill.LABEL, "hint": fill.hint(self.base), "anchor": target}


def template_of(document: Document) -> FormTemplate:
    return get_form(document.form, document.edition)


def section_item(template: FormTemplate, section_id: str | None) -> Item:
    return next((i for i in template.items if i.id == section_id), template.items[0])


def _finding_rows(template: FormTemplate, findings: list[Finding]) -> list[dict[str, object]]:
    return [
        {"finding": f, "section": section_of(template, f.path), "anchor": anchor(f.path)}
        for f in sorted(findings, key=lambda f: not f.blocks)
    ]


__all__ = ["EditorPage", "SectionStatus", "section_item", "template_of"]
