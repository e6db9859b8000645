"""The public search: only the public edition of the 公表中の版 (非公表 items withheld), nothing
unpublished, no comment, remark or register row; every organisation's, or one's; bad input gets
the Japanese message."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import example
from django.urls import reverse

from pia.document.paths import ElementPath
from pia.forms import get_form
from workbench.assessments.actions import create_assessment, create_jimu, save_version
from workbench.assessments.models import Revision, Status
from workbench.contractors.models import Contractor
from workbench.search.index import reindex
from workbench.search.models import Entry, Source

pytestmark = pytest.mark.django_db

WITHHELD_PATH = "II.file[#jumin].6.1"  # 非公表 in the form: 特定個人情報の保管場所


def edited(assessment, path: str, value: str):
    from pia.document.access import set_value
    from pia.document.paths import ElementPath
    from pia.forms import get_form

    document = assessment.latest_version().document()
    set_value(document, get_form(document.form, document.edition), ElementPath.parse(path), value)
    return document


def publish(assessment) -> None:
    """Mark the latest save of the first revision published (the workflow is tested in procedure;
    here only its result)."""
    revision = assessment.revisions.get(number=1)
    Revision.objects.filter(pk=revision.pk).update(
        status=Status.PUBLISHED, published_version=assessment.latest_version(), published_on=date(2021, 3, 31)
    )
    reindex(assessment)


def public(client, **params) -> list[Entry]:
    response = client.get(reverse("public_search"), params)
    assert response.status_code == 200
    results = response.context["results"]
    return [hit.entry for hit in results.hits] if results else []


@pytest.fixture
def published(assessment):
    publish(assessment)
    return assessment


def test_the_public_edition_of_a_published_assessment_is_found(client, published):
    hits = public(client, q="住民基本台帳ネットワーク")
    assert hits
    assert {e.source for e in hits} == {Source.PUBLIC}
    version = published.latest_version()
    assert {e.url for e in hits} == {reverse("publication_download", args=[published.organization.pk, version.pk])}


def test_withheld_items_are_never_found(client, login, people, assessment):
    save_version(assessment, edited(assessment, WITHHELD_PATH, "第二庁舎地下の秘匿サーバ室"), 1, user=people["author"])
    publish(assessment)
    template = get_form(assessment.form, assessment.edition)
    public_paths = Entry.objects.filter(source=Source.PUBLIC).values_list("path", flat=True)
    assert public_paths
    assert not [p for p in public_paths if template.is_withheld(ElementPath.parse(p).item_id)]
    assert not public(client, q="秘匿サーバ室")
    assert not public(client, q="非公表")
    staff = login(people["viewer"]).get(reverse("search"), {"q": "秘匿サーバ室"}).context["results"]
    assert {hit.entry.source for hit in staff.hits} == {Source.PUBLISHED}


def test_nothing_unpublished_is_found(client, assessment, people, org):
    Contractor.objects.create(organization=org, name="株式会社住民基本台帳ネットワーク保守")
    assert not public(client, q="住民基本台帳ネットワーク")  # a 評価書案 and the register only
    publish(assessment)
    path = Entry.objects.filter(assessment=assessment, path__contains="itaku[#").values_list("path", flat=True).first()
    save_version(assessment, edited(assessment, path, "改訂案だけの暗号鍵管理"), 1, user=people["author"])
    assert not public(client, q="暗号鍵管理")  # the 改訂案's text is not public yet
    assert public(client, q="住民基本台帳ネットワーク")


def test_staff_search_does_not_list_the_public_rows(login, people, published):
    response = login(people["viewer"]).get(reverse("search"), {"q": "住民基本台帳ネットワーク"})
    assert Source.PUBLIC not in {hit.entry.source for hit in response.context["results"].hits}


def test_every_organisation_or_one(client, published, other_org, outsider):
    jimu = create_jimu(other_org, "デモ町の住基事務", user=outsider)
    other = create_assessment(jimu, "full", "デモ町 住基", example("jumin-kihon-daicho-v2.yaml"), user=outsider)
    publish(other)
    assert {e.organization_id for e in public(client, q="住民基本台帳ネットワーク")} == {
        published.organization.pk,
        other_org.pk,
    }
    assert {e.organization_id for e in public(client, q="住民基本台帳ネットワーク", organization=other_org.pk)} == {
        other_org.pk
    }


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "委"}, "検索語:1文字の語「委」では検索できません"),
        ({"q": "※※"}, "検索語:記号だけでは検索できません"),
        ({"q": "住" * 1000}, "検索語:検索語が長すぎます"),
        ({"q": "委託", "organization": "x"}, "団体の選択肢から選んでください"),
    ],
)
def test_bad_input_gets_a_japanese_message(client, published, params, message):
    response = client.get(reverse("public_search"), params)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_the_public_list_links_to_the_search(client):
    assert reverse("public_search") in client.get(reverse("publication_index")).content.decode()
