"""Every registered edition: a document written in it validates and prints with its own edition
label and cover labels (and, in 様式4, the figure of (別添1)); a draft's colophon says how sure
the edition's form data are, the public edition never does."""

from __future__ import annotations

import re

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from pia.forms import FormTemplate, all_forms
from pia.forms.confidence import edition_note
from pia.render.api import print_model
from pia.render.pdf import pdf_bytes
from pia.render.sample import SampleSize, sample_attachments, sample_document
from pia.rules.validation import check

APPROVAL_LABELS = {  # the cover's 承認日 row of 様式4, by edition (様式2/3 have none)
    "平成26年4月": "特定個人情報保護委員会 承認日 【行政機関等のみ】",
    "平成28年1月": "個人情報保護委員会 承認日 【行政機関等のみ】",
    "平成30年5月": "個人情報保護委員会 承認日 【行政機関等のみ】",
}
SIZE = SampleSize(elements=1, sentences=1, table_rows=1, figures=1)  # 様式4 has a figure in (別添1)
FIGURES = sample_attachments()


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def sample(template: FormTemplate):
    return sample_document(template, SIZE, body_type="national" if template.form == "full" else "local")


@pytest.mark.parametrize("template", all_forms(), ids=lambda t: t.key)
def test_a_document_of_every_edition_validates_and_prints_with_its_own_labels(template: FormTemplate) -> None:
    document = sample(template)
    assert [f.code for f in check(document, "draft", attachments=FIGURES) if f.severity.value == "error"] == []
    model = print_model(document, draft=True, attachments=FIGURES)
    pdf = pdfium.PdfDocument(pdf_bytes(model))
    pages = [page.get_textpage().get_text_range() for page in pdf]
    cover, everything = squash(pages[0]), squash("".join(pages))
    pictures = [n for n, page in enumerate(pdf) if list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]))]
    if template.has_item("bessoe1.figure"):
        (page,) = pictures
        header = squash(model.office + model.status)
        assert squash(pages[page]).removeprefix(header).startswith("(別添1)事務の内容")  # the part's page
        assert "事務の流れ(例1)" in squash(pages[page])  # its caption
    else:
        assert pictures == []
    assert squash(template.edition_label) in cover
    approval = next((f.label for f in model.cover if "承認日" in f.label), None)
    if template.form == "full":
        assert approval == APPROVAL_LABELS[template.edition]
        assert squash(approval) in cover
        if template.edition == "平成26年4月":
            assert "特定個人情報保護委員会" in cover
        else:
            assert "特定個人情報保護委員会" not in cover
    else:
        assert approval is None
    assert squash(edition_note(template)) in everything  # the draft's colophon


@pytest.mark.parametrize("template", all_forms(), ids=lambda t: t.key)
def test_only_a_draft_that_is_not_public_carries_the_colophon(template: FormTemplate) -> None:
    document = sample(template)
    assert print_model(document, draft=True, attachments=FIGURES).colophon == (edition_note(template),)
    assert print_model(document, attachments=FIGURES).colophon == ()
    assert print_model(document, draft=True, public=True, attachments=FIGURES).colophon == ()
