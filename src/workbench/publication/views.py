"""Public pages (no login): each organisation's published 評価書 (the 現行 edition first, the
earlier ones as history), one page per 評価書, each edition downloadable as the public edition
(non_public items withheld by ``pia.render``)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render

from pia.render import pdf_bytes
from pia.render.errors import RenderError
from workbench.assessments.attachments import print_model_for
from workbench.assessments.revisions import edition_name
from workbench.organizations.models import Organization
from workbench.procedure import state
from workbench.publication.published import public_version, published_assessment, published_assessments
from workbench.responses import attachment, safe_name


def index(request):
    return render(request, "publication/index.html", {"organizations": Organization.objects.all()})


def organization_page(request, org_pk: int):
    organization = get_object_or_404(Organization, pk=org_pk)
    assessments = published_assessments(organization)
    return render(request, "publication/organization.html", {"organization": organization, "assessments": assessments})


def assessment_page(request, org_pk: int, assessment_pk: int):
    organization = get_object_or_404(Organization, pk=org_pk)
    published = published_assessment(organization, assessment_pk)
    return render(request, "publication/assessment.html", {"organization": organization, "a": published})


def download(request, org_pk: int, version_pk: int):
    organization = get_object_or_404(Organization, pk=org_pk)
    version = public_version(organization, version_pk)
    try:
        data = pdf_bytes(print_model_for(version.assessment, state.effective_document(version), public=True))
    except RenderError:
        response = render(request, "publication/failed.html", {"organization": organization}, status=503)
        return response
    name = f"{safe_name(version.assessment.title)}_{safe_name(edition_name(version))}.pdf"
    return attachment(data, name, "application/pdf")
