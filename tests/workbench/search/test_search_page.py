"""The search page: the header's box on every staff page, hits with the 評価書, the printed label,
the marked and escaped snippet and the editor link; filters; no other organisation's hits; a
第三者点検委員 only in the 評価書 of their rounds; bad input answered in Japanese, never a 500."""

from __future__ import annotations

import pytest
from conftest import example
from django.urls import reverse

from workbench.assessments.actions import create_assessment, create_jimu, save_version
from workbench.search.models import Entry

pytestmark = pytest.mark.django_db


def page(client, **params):
    return client.get(reverse("search"), params)


def test_every_staff_page_has_the_labelled_search_box(login, people):
    html = login(people["viewer"]).get(reverse("dashboard")).content.decode()
    assert '<label for="site-search-q">評価書を検索</label>' in html
    assert '<input type="search" name="q" id="site-search-q"' in html


def test_hits_show_the_assessment_label_snippet_and_editor_link(login, people, assessment):
    html = page(login(people["viewer"]), q="住基ネット").content.decode()
    entry = Entry.objects.filter(assessment=assessment, text__contains="住基ネット").order_by("id").first()
    assert "住基 全項目評価書" in html
    assert entry.label in html
    assert "<mark>住基ネット</mark>" in html
    assert f"{reverse('editor', args=[assessment.pk])}?section={entry.section}#f-" in html


def test_snippet_text_is_escaped(login, people, assessment):
    from pia.document.access import set_value
    from pia.document.paths import ElementPath
    from pia.forms import get_form

    document = assessment.latest_version().document()
    path = Entry.objects.filter(assessment=assessment, path__contains="itaku[#").values_list("path", flat=True).first()
    set_value(
        document, get_form(document.form, document.edition), ElementPath.parse(path), "<script>x</script>暗号鍵管理"
    )
    save_version(assessment, document, 1, user=people["author"])
    html = page(login(people["viewer"]), q="暗号鍵管理").content.decode()
    assert "&lt;script&gt;x&lt;/script&gt;<mark>暗号鍵管理</mark>" in html
    assert "<script>x" not in html


def test_no_hits_from_another_organisation(login, people, assessment, outsider, other_org):
    jimu = create_jimu(other_org, "住民基本台帳に関する事務", user=outsider)
    other = create_assessment(jimu, "full", "デモ町 住基", example("jumin-kihon-daicho-v2.yaml"), user=outsider)
    mine = page(login(people["viewer"]), q="委託").context["results"]
    theirs = page(login(outsider), q="委託").context["results"]
    assert mine.count
    assert theirs.count
    assert {h.entry.assessment_id for h in mine.hits} == {assessment.pk}
    assert {h.entry.assessment_id for h in theirs.hits} == {other.pk}


def test_a_reviewer_searches_only_the_assessments_of_their_rounds(login, people, assessment, jimu, reviewing):
    create_assessment(jimu, "full", "別の評価書", example("jumin-kihon-daicho-v2.yaml"), user=people["author"])
    results = page(login(people["reviewer"]), q="委託").context["results"]
    assert {h.entry.assessment_id for h in results.hits} == {assessment.pk}
    assert page(login(people["viewer"]), q="委託").context["results"].count == 2 * results.count


def test_filters(login, people, assessment, jimu):
    basic = create_assessment(
        jimu, "basic", "住基 基礎項目評価書", example("jumin-kihon-daicho-basic.yaml"), user=people["author"]
    )
    client = login(people["viewer"])
    by_form = page(client, q="住民基本台帳", form="basic").context["results"]
    assert by_form.count
    assert {h.entry.assessment_id for h in by_form.hits} == {basic.pk}
    assert page(client, q="住民基本台帳", status="published").context["results"].count == 0
    assert page(client, q="住民基本台帳", jimu=jimu.pk).context["results"].count > by_form.count
    assert page(client, q="住民基本台帳", until="2000-01-01").context["results"].count == 0


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "委"}, "検索語:1文字の語「委」では検索できません"),
        ({"q": "！？・「」"}, "検索語:記号だけでは検索できません"),
        ({"q": "委" * 1000}, "検索語:検索語が長すぎます"),
        ({"q": "委託", "since": "令和"}, "日付(から)は日付(例:2026-04-01)で入力してください"),
        ({"q": "委託", "form": "nope"}, "様式の選択肢から選んでください"),
        ({"q": "委託", "jimu": "999999"}, "事務の選択肢から選んでください"),
        ({"q": "委託", "since": "2026-02-01", "until": "2026-01-01"}, "日付(まで)は日付(から)と同じか後の日"),
    ],
)
def test_bad_input_gets_a_japanese_message(login, people, assessment, params, message):
    response = page(login(people["viewer"]), **params)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["results"] is None


def test_another_organisations_jimu_is_not_a_choice(login, people, assessment, outsider, other_org):
    jimu = create_jimu(other_org, "デモ町の事務", user=outsider)
    response = page(login(people["viewer"]), q="委託", jimu=jimu.pk)
    assert "事務の選択肢から選んでください" in response.content.decode()


def test_anonymous_users_are_sent_to_the_login(client):
    response = page(client, q="委託")
    assert response.status_code == 302
