"""The publication pages (/kohyo/…): their own header and footer, each 評価書 with its 現行 edition
first and earlier editions as history, editions published on the same day told apart by their 版."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from workbench.assessments import actions
from workbench.assessments.models import Status
from workbench.procedure import actions as procedure_actions
from workbench.publication.published import ended_on

pytestmark = pytest.mark.django_db

SAME_DAY = date(2021, 3, 31)
CURRENT = '<strong class="mark">現行</strong>'


@pytest.fixture
def published(assessment):
    return procedure_actions.seed_status(assessment.versions.get(), Status.PUBLISHED)


def _republish(published, people, *, on: date, name: str = "住基 全項目評価書(再評価)"):
    """A second edition of the same 評価書 (renamed ``name``), recorded as published on ``on``."""
    document = published.document()
    document.values["cover.name"] = name
    draft = actions.save_version(published.assessment, document, base_number=published.number, user=people["author"])
    return procedure_actions.record_publication(draft, published_on=on, user=None)


def _header_and_footer(html: str) -> tuple[str, str]:
    header = html[html.index('<header class="site"') : html.index("</header>")]
    footer = html[html.index('<footer class="site"') : html.index("</footer>")]
    return header, footer


@pytest.mark.parametrize(
    "page",
    [
        lambda org, published: reverse("publication_org", args=[org.pk]),
        lambda org, published: reverse("publication_assessment", args=[org.pk, published.assessment.pk]),
        lambda org, published: reverse("public_contractors", args=[org.pk]),
    ],
    ids=["list", "assessment", "contractors"],
)
def test_publication_pages_have_their_own_header_and_footer(client, org, published, page):
    html = client.get(page(org, published)).content.decode()
    header, footer = _header_and_footer(html)
    assert "特定個人情報保護評価書の公表" in header
    assert org.name in header
    assert "意見募集" not in header
    assert "特定個人情報保護評価書(案)に対する意見募集" not in footer
    assert f"{org.name}が公表している特定個人情報保護評価書です" in footer
    assert reverse("publication_org", args=[org.pk]) in footer
    assert "|特定個人情報保護評価書の公表</title>" in html


def test_the_index_has_the_publication_header_without_an_organisation(client, org):
    html = client.get(reverse("publication_index")).content.decode()
    header, footer = _header_and_footer(html)
    assert "特定個人情報保護評価書の公表" in header
    assert org.name not in header
    assert "意見募集(パブリックコメント)" in footer  # a link to the consultations, not their header


def test_the_consultation_pages_keep_their_header_and_footer(client):
    html = client.get(reverse("iken_list")).content.decode()
    header, footer = _header_and_footer(html)
    assert "意見募集(パブリックコメント)" in header
    assert "特定個人情報保護評価書(案)に対する意見募集" in footer
    assert "特定個人情報保護評価書の公表" not in header


def test_two_editions_published_on_the_same_day_are_told_apart(client, org, people, published):
    _republish(published, people, on=SAME_DAY)
    html = client.get(reverse("publication_org", args=[org.pk])).content.decode()
    assert html.count(CURRENT) == 1
    current = html.index(CURRENT)
    assert html.index("第2版", current) < html.index("過去の公表版")  # the 現行 edition first
    history = html[html.index("過去の公表版") :]
    assert '<th scope="row">第1版</th>' in history
    assert "第2版の公表により改訂" in history
    assert html.count("令和3年3月31日") >= 2
    assert "PDF<span" in html
    names = [part.split("</span>")[0] for part in html.split('class="visually-hidden">')[1:]]
    pdf_names = [n for n in names if "版" in n]
    assert len(pdf_names) == len(set(pdf_names)) == 2


def test_the_assessment_page_shows_the_current_edition_then_the_history(client, org, people, published):
    second = _republish(published, people, on=date(2026, 4, 1))
    url = reverse("publication_assessment", args=[org.pk, published.assessment.pk])
    html = client.get(url).content.decode()
    assert f"<h1>{published.assessment.title}</h1>" in html
    assert html.index(CURRENT) < html.index("第1版")
    assert "令和8年4月1日" in html[html.index(CURRENT) : html.index("過去の公表版")]
    assert reverse("publication_download", args=[org.pk, second.pk]) in html
    assert reverse("publication_download", args=[org.pk, published.pk]) in html
    listing = client.get(reverse("publication_org", args=[org.pk])).content.decode()
    assert url in listing


def test_an_ended_jimu_is_shown_from_the_mark_in_the_name(client, org, people, published):
    _republish(published, people, on=date(2026, 4, 1), name="住基 全項目評価書【令和8年3月31日 終了】")
    html = client.get(reverse("publication_assessment", args=[org.pk, published.assessment.pk])).content.decode()
    assert "<strong>事務終了</strong>:令和8年3月31日" in html


def test_a_jimu_without_the_mark_shows_no_end(client, org, published):
    html = client.get(reverse("publication_org", args=[org.pk])).content.decode()
    assert "事務終了" not in html


def test_the_assessment_page_is_only_for_published_assessments(client, org, other_org, published, blank_assessment):
    assert client.get(reverse("publication_assessment", args=[org.pk, blank_assessment.pk])).status_code == 404
    other = reverse("publication_assessment", args=[other_org.pk, published.assessment.pk])
    assert client.get(other).status_code == 404


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("住基 全項目評価書【令和8年3月31日 終了】", date(2026, 3, 31)),
        ("住基 全項目評価書 【 平成30年4月1日終了 】", date(2018, 4, 1)),
        ("住基 全項目評価書", None),
        ("住基 全項目評価書【近日 終了】", None),
    ],
)
def test_the_end_mark_of_a_name(name, expected):
    assert ended_on(name) == expected
