"""The pages of the controls: every view × every role (editor, reader, 第三者点検委員 only — even
when assigned to a round of the 評価書 —, another organisation, anonymous), what each page shows,
and bad input answered at its field with the input kept (422, never a 500)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from django.urls import reverse

from workbench.controls import actions
from workbench.controls.actions import ControlFields
from workbench.controls.models import CheckRecord, Control, Review

pytestmark = pytest.mark.django_db

EDITORS = {"admin", "author"}
READERS = {"approver", "viewer"}
HIDDEN = {"reviewer", "outsider"}
WHO = ["admin", "author", "approver", "viewer", "reviewer", "outsider", "anonymous"]
PROMISE = "仕様書どおりの履行となっているか月に一度、現場確認を行う。"
CENTER = "III.file[#honnin].4.other[#card-center-risks].risks[#risk-1].measure"
TITLE = "カードセンター現場確認"


@dataclass
class World:
    assessment: object
    control: Control


@pytest.fixture
def world(assessment, people, freeze_clock, reviewing) -> World:
    freeze_clock("2026-12-07T10:00:00+09:00")
    fields = ControlFields(CENTER, PROMISE, TITLE, people["author"], "monthly", date(2026, 9, 7))
    control = actions.create_control(assessment, fields, user=people["author"])
    actions.record_check(control, checked_on=date(2026, 9, 7), result="ok", evidence="第1号", user=people["author"])
    actions.record_check(
        control, checked_on=date(2026, 10, 10), result="ng", note="入退室記録の漏れ", user=people["author"]
    )
    return World(assessment, control)


def _client(client, people, outsider, who):
    if who == "outsider":
        client.force_login(outsider)
    elif who != "anonymous":
        client.force_login(people[who])
    return client


def _read(who: str) -> int:
    return 404 if who in HIDDEN else 200


def _edit(who: str) -> int:
    return 200 if who in EDITORS else 403 if who in READERS else 404


def _post(who: str) -> int:
    return 302 if who in EDITORS else 403 if who in READERS else 404


GETS: list[tuple[str, Callable[[World], str], Callable[[str], int]]] = [
    ("attention", lambda w: reverse("control_attention"), lambda who: 200),
    ("assessment_controls", lambda w: reverse("assessment_controls", args=[w.assessment.pk]), _read),
    ("control_detail", lambda w: reverse("control_detail", args=[w.control.pk]), _read),
    ("control_new", lambda w: reverse("control_new", args=[w.assessment.pk]), _edit),
    ("control_new_step2", lambda w: reverse("control_new", args=[w.assessment.pk]) + f"?choice={CENTER}|2", _edit),
    ("assessment_review", lambda w: reverse("assessment_review", args=[w.assessment.pk]), _read),
]


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(("name", "url", "expected"), GETS, ids=[g[0] for g in GETS])
def test_every_page_by_role(client, people, outsider, world, who, name, url, expected):
    response = _client(client, people, outsider, who).get(url(world))
    if who == "anonymous":
        assert (response.status_code, response["Location"].split("?")[0]) == (302, reverse("login"))
    else:
        assert response.status_code == expected(who)


def _counts():
    return (
        Control.objects.count(),
        CheckRecord.objects.count(),
        Review.objects.count(),
        Control.objects.filter(active=False).count(),
    )


POSTS: list[tuple[str, Callable[[World], str], Callable[[World], dict]]] = [
    (
        "control_new",
        lambda w: reverse("control_new", args=[w.assessment.pk]),
        lambda w: {
            "choice": f"{CENTER}|2",
            "title": "新しい管理項目",
            "owner": w.control.owner_id,
            "frequency": "monthly",
            "starts_on": "令和8年12月1日",
        },
    ),
    (
        "control_check",
        lambda w: reverse("control_check", args=[w.control.pk]),
        lambda w: {"checked_on": "令和8年12月7日", "result": "ok", "evidence": "第3号"},
    ),
    (
        "assessment_review",
        lambda w: reverse("assessment_review", args=[w.assessment.pk]),
        lambda w: {"reviewed_on": "2026-12-01", "conclusion": "unchanged"},
    ),
    ("control_end", lambda w: reverse("control_end", args=[w.control.pk]), lambda w: {}),
    ("control_acknowledge", lambda w: reverse("control_acknowledge", args=[w.control.pk]), lambda w: {}),
]


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(("name", "url", "data"), POSTS, ids=[p[0] for p in POSTS])
def test_every_write_by_role(client, people, outsider, world, who, name, url, data):
    before = _counts()
    response = _client(client, people, outsider, who).post(url(world), data(world))
    if who == "anonymous":
        assert (response.status_code, response["Location"].split("?")[0]) == (302, reverse("login"))
    else:
        assert response.status_code == _post(who)
    # acknowledging an unchanged text changes no count (it writes the same text)
    assert (_counts() != before) == (who in EDITORS and name != "control_acknowledge")


@pytest.mark.parametrize("who", ["reviewer", "outsider"])
def test_the_attention_list_shows_nothing_of_another_body(client, people, outsider, world, who):
    page = _client(client, people, outsider, who).get(reverse("control_attention")).content.decode()
    assert TITLE not in page


def test_the_assessment_page_links_to_the_controls_for_members_only(client, people, world):
    client.force_login(people["viewer"])
    page = client.get(reverse("assessment_detail", args=[world.assessment.pk])).content.decode()
    assert "約束した措置を管理する" in page
    assert reverse("assessment_controls", args=[world.assessment.pk]) in page
    client.force_login(people["reviewer"])
    page = client.get(reverse("assessment_detail", args=[world.assessment.pk])).content.decode()
    assert "約束した措置を管理する" not in page


def test_the_list_shows_the_next_due_date_overdue_and_the_latest_result(client, people, world):
    client.force_login(people["viewer"])
    page = client.get(reverse("assessment_controls", args=[world.assessment.pk])).content.decode()
    assert TITLE in page
    assert "<caption>管理項目(1件)</caption>" in page
    assert "令和8年11月30日" in page
    assert "期限切れ" in page
    assert "不適合(令和8年10月10日" in page
    assert "不適合のまま" in page
    assert "措置から管理項目を作る" not in page  # a reader does not create
    attention = client.get(reverse("control_attention")).content.decode()
    assert TITLE in attention
    assert "期限切れ" in attention


def test_making_a_control_offers_the_sentences_and_suggests_the_frequency(client, people, world):
    client.force_login(people["author"])
    url = reverse("control_new", args=[world.assessment.pk])
    step1 = client.get(url).content.decode()
    assert PROMISE in step1
    assert "覗き見防止フィルターを設置する。" in step1
    assert f'value="{CENTER}|2"' in step1
    step2 = client.get(url, {"choice": f"{CENTER}|2"}).content.decode()
    assert "記載から読み取った頻度: <strong>毎月</strong>" in step2
    assert re.search(r'<input[^>]*value="monthly"[^>]*checked', step2)
    assert len(re.findall(r"<input[^>]*checked", step2)) == 1  # the suggestion only, for the user to confirm
    other = client.get(url, {"choice": f"{CENTER.replace('risk-1', 'risk-2')}|1"}).content.decode()
    assert "記載から頻度を読み取れませんでした" in other
    assert not re.search(r'<input[^>]*name="frequency"[^>]*checked', other)
    unknown = client.get(url, {"choice": "III.nothing|0"})
    assert unknown.status_code == 200
    assert "選び直してください" in unknown.content.decode()


def test_bad_input_comes_back_at_its_field_with_the_input_kept(client, people, world):
    client.force_login(people["author"])
    check = reverse("control_check", args=[world.control.pk])
    future = client.post(check, {"checked_on": "令和8年12月8日", "result": "ok", "evidence": "第9号"})
    assert future.status_code == 422
    page = future.content.decode()
    assert "未来の日付" in page
    assert 'id="error-summary"' in page
    assert 'value="第9号"' in page
    missing = client.post(check, {"checked_on": "令和8年12月1日", "evidence": "第9号"})
    assert missing.status_code == 422
    assert "「結果」を選んでください。" in missing.content.decode()
    new = reverse("control_new", args=[world.assessment.pk])
    data = {
        "choice": f"{CENTER}|2",
        "title": "x",
        "owner": people["author"].pk,
        "frequency": "weekly",
        "starts_on": "2026-12-01",
    }
    weekly = client.post(new, data)
    assert weekly.status_code == 422
    assert "「頻度」を選び直してください" in weekly.content.decode()
    assert CheckRecord.objects.count() == 2
    assert Control.objects.count() == 1


def test_a_significant_review_says_a_reassessment_is_needed_and_links_to_the_assessment(client, people, world):
    client.force_login(people["author"])
    url = reverse("assessment_review", args=[world.assessment.pk])
    response = client.post(
        url, {"reviewed_on": "2026-12-01", "conclusion": "significant", "note": "委託先の変更"}, follow=True
    )
    page = response.content.decode()
    assert "評価の再実施が必要です" in page
    assert reverse("assessment_detail", args=[world.assessment.pk]) in page


def test_the_review_page_lists_the_records_of_the_past_year_and_the_missed_month(client, people, world):
    client.force_login(people["viewer"])
    page = client.get(reverse("assessment_review", args=[world.assessment.pk])).content.decode()
    assert "令和8年9月7日" in page
    assert "令和8年10月10日" in page
    assert "入退室記録の漏れ" in page
    assert "確認の記録がない期間: 令和8年11月" in page
    assert "見直しを記録する" not in page  # a reader sees, does not record


def test_a_choice_that_is_no_measure_is_answered_with_the_error_summary(client, people, world):
    client.force_login(people["author"])
    data = {"choice": "III.nothing|0", "title": "x", "owner": people["author"].pk, "frequency": "monthly"}
    response = client.post(reverse("control_new", args=[world.assessment.pk]), {**data, "starts_on": "2026-12-01"})
    assert response.status_code == 422
    assert "措置を選び直してください" in response.content.decode()
    assert Control.objects.count() == 1


def test_an_ended_control_takes_no_more_checks_and_keeps_its_records(client, people, world):
    client.force_login(people["author"])
    client.post(reverse("control_end", args=[world.control.pk]))
    response = client.post(
        reverse("control_check", args=[world.control.pk]), {"checked_on": "2026-12-01", "result": "ok"}
    )
    assert response.status_code == 422
    assert "管理を終えた管理項目には確認を記録できません" in response.content.decode()
    assert CheckRecord.objects.filter(control=world.control).count() == 2


def test_a_check_keeps_its_evidence_files_served_to_the_organisation_only(client, people, outsider, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from pia.render.sample import sample_figure

    client.force_login(people["author"])
    url = reverse("control_check", args=[world.control.pk])
    photo = SimpleUploadedFile("現場確認の写真.png", sample_figure(1), "image/png")
    sheet = SimpleUploadedFile("確認票.pdf", b"%PDF-1.7\n%%EOF\n", "application/pdf")
    data = {"checked_on": "令和8年12月7日", "result": "ok", "evidence_files": [photo, sheet]}
    assert client.post(url, data).status_code == 302
    check = CheckRecord.objects.get(checked_on=date(2026, 12, 7))
    files = sorted(check.evidence_files.all(), key=lambda f: f.name)
    assert [f.name for f in files] == ["現場確認の写真.png", "確認票.pdf"]
    page = client.get(reverse("control_detail", args=[world.control.pk])).content.decode()
    assert files[0].get_absolute_url() in page
    assert client.get(files[0].get_absolute_url()).status_code == 200
    client.force_login(outsider)
    assert client.get(files[0].get_absolute_url()).status_code == 404


def test_a_disguised_evidence_file_is_refused_naming_it_and_nothing_is_recorded(client, people, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(people["author"])
    before = CheckRecord.objects.count()
    program = SimpleUploadedFile("確認票.pdf", b"MZ\x90\x00" + b"\x00" * 64, "application/pdf")
    data = {"checked_on": "令和8年12月7日", "result": "ok", "note": "入力した所見", "evidence_files": [program]}
    response = client.post(reverse("control_check", args=[world.control.pk]), data)
    html = response.content.decode()
    assert response.status_code == 422
    assert "「証跡ファイル」: 「確認票.pdf」は添付できません" in html
    assert "入力した所見" in html  # nothing typed is lost
    assert CheckRecord.objects.count() == before
