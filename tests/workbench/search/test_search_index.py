"""The search index: one row per filled item of the 公表版 and of the latest 改訂案 save, with the
printed label; kept up to date by the save itself (rolled back with it); the rebuild command;
Japanese matching through the database's engine (2-character terms, NFKC, spaces)."""

from __future__ import annotations

from io import StringIO

import pytest
from conftest import example
from django.core.management import call_command
from django.db import transaction

from workbench.assessments.actions import save_version
from workbench.search.engine import matching
from workbench.search.index import reindex
from workbench.search.models import Entry, Source
from workbench.search.text import normalized, parse_query

pytestmark = pytest.mark.django_db(transaction=False)


def hits(query: str, **scope) -> list[Entry]:
    organizations = set(Entry.objects.values_list("organization_id", flat=True))
    return list(matching(Entry.objects.filter(**scope), parse_query(query), organizations).order_by("id"))


def edited(assessment, path: str, value: str):
    from pia.document.access import set_value
    from pia.document.paths import ElementPath
    from pia.forms import get_form

    document = assessment.latest_version().document()
    set_value(document, get_form(document.form, document.edition), ElementPath.parse(path), value)
    return document


def an_itaku_path(assessment) -> str:
    return Entry.objects.filter(assessment=assessment, path__contains="itaku[#").values_list("path", flat=True).first()


def test_every_filled_item_of_the_draft_is_indexed_with_its_label(assessment):
    rows = Entry.objects.filter(assessment=assessment)
    assert rows.count() > 500
    assert {row.source for row in rows} == {Source.DRAFT}
    itaku = rows.get(path=an_itaku_path(assessment))
    assert "4.特定個人情報ファイルの取扱いの委託" in itaku.label
    assert "委託事項1" in itaku.label
    assert itaku.section == "II"


@pytest.mark.parametrize("term", ["委託", "住基", "暗号", "住民基本台帳ネットワーク", "住基 ネット"])
def test_japanese_terms_match_like_a_substring_scan(assessment, term):
    query = parse_query(term)
    rows = Entry.objects.filter(assessment=assessment)
    expected = {e.pk for e in rows if all(t in normalized(e.text) for t in query.terms)}
    found = {e.pk for e in hits(term, assessment=assessment)}
    assert found
    assert found == expected


@pytest.mark.parametrize(
    "query", ["ｲﾀｸｻｷ", "イタクサキ", "ＡＢＣ", "abc", "Ａｂｃシステム", "R6 ０１２３", "r6-0123", "AND", "OR NOT"]
)
def test_width_and_kana_forms_find_the_same_item(assessment, people, query):
    path = an_itaku_path(assessment)
    document = edited(assessment, path, "イタクサキはABCシステム株式会社(契約番号R6-0123、AND/OR NOT条件)")
    save_version(assessment, document, 1, user=people["author"])
    assert [e.path for e in hits(query, assessment=assessment)] == [path]


def test_a_save_replaces_the_draft_rows(assessment, people):
    path = an_itaku_path(assessment)
    save_version(assessment, edited(assessment, path, "暗号鍵管理を委託する"), 1, user=people["author"])
    assert [e.version_number for e in hits("暗号鍵管理", assessment=assessment)] == [2]
    assert not Entry.objects.filter(assessment=assessment, version_number=1).exists()


def save_then_fail(assessment, document, user) -> None:
    with transaction.atomic():
        save_version(assessment, document, 1, user=user)
        raise RuntimeError("the request fails after the save")


def test_a_save_that_fails_leaves_the_index_as_it_was(assessment, people):
    path = an_itaku_path(assessment)
    before = sorted(Entry.objects.filter(assessment=assessment).values_list("pk", flat=True))
    document = edited(assessment, path, "暗号鍵管理を委託する")
    with pytest.raises(RuntimeError):
        save_then_fail(assessment, document, people["author"])
    assert sorted(Entry.objects.filter(assessment=assessment).values_list("pk", flat=True)) == before
    assert not hits("暗号鍵管理", assessment=assessment)


def test_the_published_edition_and_the_draft_are_both_indexed(assessment, people):
    from datetime import date

    from workbench.assessments.models import Revision, Status

    revision = assessment.revisions.get()
    Revision.objects.filter(pk=revision.pk).update(
        status=Status.PUBLISHED, published_version=assessment.latest_version(), published_on=date(2021, 3, 31)
    )
    reindex(assessment)
    path = an_itaku_path(assessment)
    save_version(assessment, edited(assessment, path, "暗号鍵管理を委託する"), 1, user=people["author"])
    sources = {e.source for e in hits("委託", assessment=assessment)}
    assert sources == {Source.PUBLISHED, Source.DRAFT}
    assert {e.source for e in hits("暗号鍵管理", assessment=assessment)} == {Source.DRAFT}
    assert Entry.objects.filter(assessment=assessment, source=Source.PUBLISHED).first().dated == date(2021, 3, 31)


def test_rebuild_command_makes_the_rows_again(assessment, other_assessment):
    expected = sorted(Entry.objects.values_list("assessment_id", "path", "text"))
    Entry.objects.all().delete()
    call_command("rebuild_search_index", stdout=(out := StringIO()))
    assert sorted(Entry.objects.values_list("assessment_id", "path", "text")) == expected
    assert "評価書2件" in out.getvalue()
    assert hits("委託", assessment=assessment)


def test_a_save_rewrites_only_the_changed_item(assessment, people):
    path = an_itaku_path(assessment)
    before = dict(Entry.objects.filter(assessment=assessment).values_list("path", "pk"))
    save_version(assessment, edited(assessment, path, "暗号鍵管理を委託する"), 1, user=people["author"])
    after = dict(Entry.objects.filter(assessment=assessment).values_list("path", "pk"))
    assert {p for p in after if after[p] != before.get(p)} == {path}
    assert set(Entry.objects.filter(assessment=assessment).values_list("version_number", flat=True)) == {2}


def test_the_engine_is_asked_for_the_given_organisations_only(assessment, other_org, outsider):
    from workbench.assessments.actions import create_assessment, create_jimu

    jimu = create_jimu(other_org, "デモ町の事務", user=outsider)
    other = create_assessment(jimu, "full", "デモ町", example("jumin-kihon-daicho-v2.yaml"), user=outsider)
    found = matching(Entry.objects.all(), parse_query("委託"), [other_org.pk])
    assert found.exists()
    assert set(found.values_list("assessment_id", flat=True)) == {other.pk}
    assert not matching(Entry.objects.all(), parse_query("委託"), []).exists()


def test_a_save_of_the_revision_leaves_the_published_rows_unread(assessment, people, monkeypatch):
    """A new save of the 改訂案 rewrites its own rows only: the 公表版 and its public edition are
    neither rebuilt nor changed (building the public edition would fail here)."""
    from datetime import date

    from workbench.assessments.models import Revision, Status

    revision = assessment.revisions.get()
    Revision.objects.filter(pk=revision.pk).update(
        status=Status.PUBLISHED, published_version=assessment.latest_version(), published_on=date(2021, 3, 31)
    )
    reindex(assessment)
    path = an_itaku_path(assessment)
    save_version(assessment, edited(assessment, path, "暗号鍵管理を委託する"), 1, user=people["author"])  # the 改訂案
    others = Entry.objects.exclude(source=Source.DRAFT).filter(assessment=assessment)
    published = sorted(others.values_list("pk", flat=True))

    def unread(*args, **kwargs):
        raise AssertionError("the public edition was rebuilt for a save of the 改訂案")

    monkeypatch.setattr("workbench.search.index.public_document", unread)
    save_version(assessment, edited(assessment, path, "鍵の保管を委託する"), 2, user=people["author"])
    assert {e.source for e in hits("鍵の保管", assessment=assessment)} == {Source.DRAFT}
    assert not hits("暗号鍵管理", assessment=assessment)
    assert published
    assert sorted(others.values_list("pk", flat=True)) == published
