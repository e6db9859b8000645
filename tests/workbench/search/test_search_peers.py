"""「他団体の記載例」: the same item of other bodies' published 評価書, from their public editions
only (nothing unpublished, no 非公表 item, never the body's own), the most similar 事務 first."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import example, make_user
from django.urls import reverse

from workbench.assessments.actions import create_assessment, create_jimu
from workbench.assessments.models import Revision, Status
from workbench.organizations.models import Organization
from workbench.search.index import reindex
from workbench.search.models import Entry, Source
from workbench.search.peers import peer_examples, similarity

pytestmark = pytest.mark.django_db


def published_body(name: str, jimu_name: str, *, publish: bool = True, on: date = date(2021, 3, 31)):
    organization = Organization.objects.create(name=name, body_type="local")
    user = make_user(f"user-{name}", organization, "author")
    jimu = create_jimu(organization, jimu_name, user=user)
    assessment = create_assessment(jimu, "full", f"{name} 住基", example("jumin-kihon-daicho-v2.yaml"), user=user)
    if publish:
        revision = assessment.revisions.get()
        Revision.objects.filter(pk=revision.pk).update(
            status=Status.PUBLISHED, published_version=assessment.latest_version(), published_on=on
        )
        reindex(assessment)
    return assessment


def an_item(assessment) -> str:
    row = Entry.objects.filter(assessment=assessment, source=Source.DRAFT, path__contains="itaku[#").first()
    return row.item_id


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [("住民基本台帳に関する事務", "住民基本台帳に関する事務", 1.0), ("住民基本台帳の事務", "児童手当", 0.0)],
)
def test_similarity_of_jimu_names(a, b, expected):
    assert similarity(a, b) == expected


def test_other_bodies_published_items_most_similar_jimu_first(assessment):
    near = published_body("札幌市", "住民基本台帳に関する事務")
    far = published_body("仙台市", "個人番号カードの交付", on=date(2024, 4, 1))
    published_body("横浜市", "住民基本台帳に関する事務", publish=False)
    examples = peer_examples(assessment, an_item(assessment))
    bodies = [e.entry.organization.name for e in examples]
    assert set(bodies) == {"札幌市", "仙台市"}  # not the 評価書案 of 横浜市, not 熊本市's own
    assert bodies.index("札幌市") < bodies.index("仙台市")
    assert {e.entry.source for e in examples} == {Source.PUBLIC}
    assert {e.entry.assessment_id for e in examples} == {near.pk, far.pk}


def test_withheld_items_have_no_examples(assessment):
    published_body("札幌市", "住民基本台帳に関する事務")
    assert Entry.objects.filter(source=Source.PUBLISHED, item_id="II.file.6.1").exists()
    assert peer_examples(assessment, "II.file.6.1") == []


def test_the_page_shows_the_examples_with_body_date_and_edition(login, people, assessment):
    published_body("札幌市", "住民基本台帳に関する事務")
    path = Entry.objects.filter(assessment=assessment, path__contains="itaku[#").values_list("path", flat=True).first()
    html = login(people["viewer"]).get(reverse("peer_examples", args=[assessment.pk]), {"path": path}).content.decode()
    assert "札幌市「札幌市 住基」" in html
    assert "令和3年3月31日" in html
    assert f"様式の版 {assessment.edition}" in html


def test_the_page_refuses_an_unknown_item_and_another_bodys_assessment(login, people, assessment, outsider):
    client = login(people["viewer"])
    response = client.get(reverse("peer_examples", args=[assessment.pk]), {"path": "no.such[#x].item"})
    assert response.status_code == 404
    assert "この評価書の様式にありません" in response.content.decode()
    assert login(outsider).get(reverse("peer_examples", args=[assessment.pk]), {"path": "I.1"}).status_code == 404


def test_staff_hits_link_to_the_examples(login, people, assessment):
    html = login(people["viewer"]).get(reverse("search"), {"q": "住民基本台帳ネットワーク"}).content.decode()
    assert reverse("peer_examples", args=[assessment.pk]) + "?path=" in html
