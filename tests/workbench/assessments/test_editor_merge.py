"""Two people saving the same 評価書: the editor merges with the save made meanwhile, shows only
the elements both changed differently for a choice, and never answers a lock error with a 500."""

from __future__ import annotations

import html
import re

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse
from editor_support import _editor

from workbench.assessments import actions, merging
from workbench.assessments.views import saving
from workbench.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

ITAKU = "II.file[#honnin].4.itaku"
CONTENT_1 = f"{ITAKU}[#cs-hoshu].1"  # 委託事項1 ①委託内容
NAME_1 = f"{ITAKU}[#cs-hoshu].name"


@pytest.fixture(autouse=True)
def _no_backoff(monkeypatch):
    monkeypatch.setattr(merging, "BACKOFF_SECONDS", 0)


@pytest.fixture
def two(client, people):
    """The author and the administrator, each in a browser of their own."""
    client.force_login(people["author"])
    colleague = Client()
    colleague.force_login(people["admin"])
    return client, colleague


def _post(client, assessment, data, **changes):
    return client.post(reverse("editor", args=[assessment.pk]), {**data, "op": "save", **changes})


def _value(assessment, number, key, element=None):
    values = assessment.versions.get(number=number).content["values"]
    if element is None:
        return values.get(key)
    file = next(f for f in values["files"] if f["id"] == "honnin")
    return next(e for e in file["II.file.4.itaku"] if e["id"] == element).get(key)


def _messages(response) -> str:
    return " ".join(str(m) for m in response.wsgi_request._messages)


def _page(response) -> str:
    return html.unescape(response.content.decode())


def test_edits_of_different_fields_of_one_chapter_are_merged_and_named(assessment, two):
    mine, theirs = two
    my_page, their_page = _editor(mine, assessment, "II"), _editor(theirs, assessment, "II")
    assert _post(theirs, assessment, their_page, **{CONTENT_1: "相手が書き直した委託内容"}).status_code == 302
    response = _post(mine, assessment, my_page, **{NAME_1: "自分が直した委託事項名"})
    assert response.status_code == 302
    assert assessment.versions.count() == 3
    assert _value(assessment, 3, "II.file.4.itaku.1", "cs-hoshu") == "相手が書き直した委託内容"
    assert _value(assessment, 3, "II.file.4.itaku.name", "cs-hoshu") == "自分が直した委託事項名"
    assert assessment.versions.get(number=3).parent.number == 2
    message = _messages(response)
    assert "編集中にadminさんが保存していたため(第2回保存)、その変更(" in message
    assert "委託事項1 › ①委託内容" in message
    assert "と統合して保存しました(第3回保存)。" in message
    event = AuditEvent.objects.filter(action="version.save").order_by("id").last()
    assert event.version_number == 3
    assert event.details["merged"] == {"base": 1, "with": 2, "taken": 1}


def test_an_outsourcing_added_while_a_colleague_edits_another_survives(assessment, two):
    mine, theirs = two
    my_page, their_page = _editor(mine, assessment, "II"), _editor(theirs, assessment, "II")
    assert _post(theirs, assessment, their_page, **{CONTENT_1: "相手が書き直した委託内容"}).status_code == 302
    added = mine.post(reverse("editor", args=[assessment.pk]), {**my_page, "op": f"add:{ITAKU}"})
    assert added.status_code == 200
    page = _form_fields_of(added)
    new_id = page[f"{ITAKU}::order"].split(",")[-1]
    page[f"{ITAKU}[#{new_id}].name"] = "自分が追加した委託事項"
    assert _post(mine, assessment, page).status_code == 302
    latest = assessment.versions.get(number=3)
    file = next(f for f in latest.content["values"]["files"] if f["id"] == "honnin")
    assert [e["id"] for e in file["II.file.4.itaku"]] == ["cs-hoshu", "card-center", new_id]
    assert _value(assessment, 3, "II.file.4.itaku.1", "cs-hoshu") == "相手が書き直した委託内容"
    assert _value(assessment, 3, "II.file.4.itaku.name", new_id) == "自分が追加した委託事項"
    # the other sections stored in the same file element (Ⅲ, 別添2) are untouched
    before = next(f for f in assessment.versions.get(number=1).content["values"]["files"] if f["id"] == "honnin")
    assert {k: v for k, v in file.items() if k.startswith(("III.", "bessoe2."))} == {
        k: v for k, v in before.items() if k.startswith(("III.", "bessoe2."))
    }


def _form_fields_of(response):
    from editor_support import _form_fields

    return _form_fields(response.content.decode())


def _conflict(assessment, two, theirs_value="相手の評価書名", mine_value="自分の評価書名"):
    mine, theirs = two
    my_page, their_page = _editor(mine, assessment, "cover"), _editor(theirs, assessment, "cover")
    assert _post(theirs, assessment, their_page, **{"cover.name": theirs_value}).status_code == 302
    return _post(mine, assessment, my_page, **{"cover.name": mine_value, "cover.agency": "自分が直した実施機関"})


def test_the_same_field_changed_differently_shows_both_values_and_saves_nothing(assessment, two):
    response = _conflict(assessment, two)
    assert response.status_code == 409
    page = _page(response)
    assert "保存の競合:同じ項目が両方で変更されています" in page
    assert "(表紙) › 評価書名" in page
    assert "相手の評価書名" in page
    assert "自分の評価書名" in page
    assert "自分の入力(未保存)を残す" in page
    assert "相手の保存した内容(第2回保存)を残す" in page
    assert "まだ何も保存していません。" in page
    assert "どちらも失われていません" not in page
    # only the element both changed is offered; the agency is listed as merged without a choice
    assert page.count('type="radio"') == 2
    assert 'name="choice:cover.name"' in page
    assert "あなたの変更(1件)" in page
    assert "(表紙) › 評価実施機関名(変更)" in page
    assert "<legend>1. (表紙) › 評価書名(記載)</legend>" in page
    assert assessment.versions.count() == 2


def _resolve_data(response, **choices):
    page = response.content.decode()
    data = {
        name: html.unescape(value)
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)
    }
    data.update({"op": saving.RESOLVE, "note": "", **{f"choice:{k}": v for k, v in choices.items()}})
    return data


def test_choosing_my_input_saves_it_with_the_colleagues_other_changes(assessment, two):
    mine, _ = two
    conflict = _conflict(assessment, two)
    response = mine.post(reverse("editor", args=[assessment.pk]), _resolve_data(conflict, **{"cover.name": "mine"}))
    assert response.status_code == 302
    assert _value(assessment, 3, "cover.name") == "自分の評価書名"
    assert _value(assessment, 3, "cover.agency") == "自分が直した実施機関"
    assert "選んだ内容で、第2回保存と統合して保存しました(第3回保存)" in _messages(response)
    assert "(競合した項目:自分の入力 1項目、相手の保存した内容 0項目)。" in _messages(response)


def test_choosing_their_content_keeps_it_and_still_saves_my_other_change(assessment, two):
    mine, _ = two
    conflict = _conflict(assessment, two)
    response = mine.post(reverse("editor", args=[assessment.pk]), _resolve_data(conflict, **{"cover.name": "theirs"}))
    assert response.status_code == 302
    assert _value(assessment, 3, "cover.name") == "相手の評価書名"
    assert _value(assessment, 3, "cover.agency") == "自分が直した実施機関"


def test_choosing_their_content_for_everything_i_changed_makes_no_new_version(assessment, two):
    mine, theirs = two
    my_page, their_page = _editor(mine, assessment, "cover"), _editor(theirs, assessment, "cover")
    assert _post(theirs, assessment, their_page, **{"cover.name": "相手の評価書名"}).status_code == 302
    conflict = _post(mine, assessment, my_page, **{"cover.name": "自分の評価書名"})
    response = mine.post(reverse("editor", args=[assessment.pk]), _resolve_data(conflict, **{"cover.name": "theirs"}))
    assert response.status_code == 302
    assert assessment.versions.count() == 2
    assert "選んだ内容は第2回保存と同じため、保存していません。" in _messages(response)


def test_choosing_nothing_is_refused_with_an_error_summary(assessment, two):
    mine, _ = two
    conflict = _conflict(assessment, two)
    response = mine.post(reverse("editor", args=[assessment.pk]), _resolve_data(conflict))
    assert response.status_code == 422
    page = _page(response)
    assert 'role="alert"' in page
    assert "残す内容が選ばれていない項目があります(まだ保存していません)" in page
    assert '<a href="#conflict-1-mine">1. (表紙) › 評価書名</a>' in page
    assert "1項目で、残す内容が選ばれていません(まだ保存していません)。" in _messages(response)
    assert assessment.versions.count() == 2


def test_a_save_made_while_choosing_is_merged_again(assessment, two, people):
    mine, theirs = two
    conflict = _conflict(assessment, two)
    third = _editor(theirs, assessment, "I")
    assert _post(theirs, assessment, third, **{"I.1.1": "第3版で直した事務の名称"}).status_code == 302
    response = mine.post(reverse("editor", args=[assessment.pk]), _resolve_data(conflict, **{"cover.name": "mine"}))
    assert response.status_code == 302
    assert _value(assessment, 4, "cover.name") == "自分の評価書名"
    assert _value(assessment, 4, "I.1.1") == "第3版で直した事務の名称"
    message = _messages(response)
    assert "保存しました(第4回保存)" in message
    assert "その間にadminさんが保存していたため(第3回保存)、その変更(" in message


def test_a_save_of_the_same_field_while_choosing_asks_again(assessment, two):
    mine, theirs = two
    conflict = _conflict(assessment, two)
    third = _editor(theirs, assessment, "cover")
    assert _post(theirs, assessment, third, **{"cover.name": "相手がさらに直した評価書名"}).status_code == 302
    response = mine.post(reverse("editor", args=[assessment.pk]), _resolve_data(conflict, **{"cover.name": "mine"}))
    assert response.status_code == 409
    page = _page(response)
    assert "相手がさらに直した評価書名" in page
    assert "自分の評価書名" in page
    assert "あなたの編集の元になった第2回保存の後に、adminさんが保存しました(第3回保存)。" in page
    assert assessment.versions.count() == 3


def test_an_outsourcing_removed_by_one_and_edited_by_the_other_is_a_choice(assessment, two):
    mine, theirs = two
    my_page, their_page = _editor(mine, assessment, "II"), _editor(theirs, assessment, "II")
    assert _post(theirs, assessment, their_page, **{f"{ITAKU}::order": "card-center"}).status_code == 302
    response = _post(mine, assessment, my_page, **{CONTENT_1: "自分が書き直した委託内容"})
    assert response.status_code == 409
    page = _page(response)
    assert "委託事項1(変更した項目:①委託内容)" in page
    assert "(削除)" in page
    kept = mine.post(
        reverse("editor", args=[assessment.pk]), _resolve_data(response, **{f"{ITAKU}[#cs-hoshu]": "mine"})
    )
    assert kept.status_code == 302
    assert _value(assessment, 3, "II.file.4.itaku.1", "cs-hoshu") == "自分が書き直した委託内容"


def test_the_same_change_on_both_sides_makes_no_new_version(assessment, two):
    mine, theirs = two
    my_page, their_page = _editor(mine, assessment, "cover"), _editor(theirs, assessment, "cover")
    assert _post(theirs, assessment, their_page, **{"cover.name": "同じ評価書名"}).status_code == 302
    response = _post(mine, assessment, my_page, **{"cover.name": "同じ評価書名"})
    assert response.status_code == 302
    assert assessment.versions.count() == 2
    assert "あなたの変更はすべてその保存に含まれていたため、保存していません。" in _messages(response)


@pytest.mark.parametrize("tamper", ["altered", "another user", "another assessment"])
def test_a_conflict_page_that_is_not_the_users_own_is_refused(assessment, two, people, tamper, jimu):
    mine, theirs = two
    conflict = _conflict(assessment, two)
    data = _resolve_data(conflict, **{"cover.name": "mine"})
    client, target = mine, assessment
    if tamper == "altered":
        data["pending"] = data["pending"][:-3] + "abc"
    elif tamper == "another user":
        client = theirs
    else:
        target = actions.create_assessment(jimu, "basic", "別の評価書", user=people["author"])
    response = client.post(reverse("editor", args=[target.pk]), data)
    assert response.status_code == 302
    assert "この競合の画面の内容を読み取れませんでした" in _messages(response)
    assert assessment.versions.count() == 2


def test_a_locked_database_keeps_the_input_and_answers_503(assessment, two, monkeypatch):
    mine, _ = two
    page = _editor(mine, assessment, "cover")

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(actions, "save_version", locked)
    response = _post(mine, assessment, page, **{"cover.name": "混雑時に入力した評価書名"})
    assert response.status_code == 503
    assert 'value="混雑時に入力した評価書名"' in response.content.decode() or "混雑時に入力した評価書名" in _page(
        response
    )
    assert "混み合っているため、保存できませんでした。あなたの入力はこの画面にそのまま残っています。" in _messages(
        response
    )
    assert assessment.versions.count() == 1


def test_a_lock_that_clears_is_retried_and_saved(assessment, two, monkeypatch):
    mine, _ = two
    page = _editor(mine, assessment, "cover")
    real, calls = actions.save_version, []

    def locked_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return real(*args, **kwargs)

    monkeypatch.setattr(actions, "save_version", locked_once)
    assert _post(mine, assessment, page, **{"cover.name": "再試行で保存された名称"}).status_code == 302
    assert _value(assessment, 2, "cover.name") == "再試行で保存された名称"
    assert len(calls) == 2


class _PgError(Exception):
    def __init__(self, sqlstate):
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("message", "sqlstate", "contention"),
    [
        ("database is locked", None, True),
        ("database table is locked", None, True),
        ("could not serialize access due to concurrent update", "40001", True),
        ("deadlock detected", "40P01", True),
        ("could not obtain lock on row", "55P03", True),
        ("no such table: assessments_version", None, False),
        ("connection refused", "08006", False),
    ],
)
def test_lock_and_serialization_errors_are_told_apart(message, sqlstate, contention):
    error = OperationalError(message)
    if sqlstate:
        error.__cause__ = _PgError(sqlstate)
    assert merging.is_contention(error) is contention


def test_sqlite_takes_the_write_lock_at_the_start_and_waits_for_it(monkeypatch):
    from workbench import settings

    monkeypatch.delenv("DATABASE_URL", raising=False)
    options = settings._database()["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 10
    assert "journal_mode=WAL" in options["init_command"]
