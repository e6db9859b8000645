"""Every view × every role × another organisation → the expected status code, with the
第三者点検委員 scoping (ADR 0010): a member who is only 第三者点検委員 sees the 評価書 of the
rounds they are assigned to, and nothing else of the organisation.

Members of the owning organisation (other than 第三者点検委員) read everything of it; only
作成者/管理者 write; a member of another organisation and an unassigned 第三者点検委員 get 404
(no hint that the 評価書 exists); anonymous visitors are sent to the login page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from conftest import assign_reviewer, make_user
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pia.render.sample import sample_figure
from workbench.assessments.actions import create_assessment
from workbench.assessments.attachments import store_figure
from workbench.consultation.models import Comment, Consultation
from workbench.reviews.models import Remark

pytestmark = pytest.mark.django_db

WHO = ["admin", "author", "approver", "viewer", "reviewer", "unassigned", "outsider"]
EDITORS = {"admin", "author"}
PERSONAL = {"admin", "author", "approver"}  # see submitters' personal data
HIDDEN = {"unassigned", "outsider"}  # the 評価書 under review does not exist for them
TITLE, OTHER_TITLE = "住基 全項目評価書", "母子保健 基礎項目評価書(点検外)"


@dataclass
class World:
    people: dict
    assessment: object
    other: object  # a 評価書 of the same organisation that no round covers
    consultation: Consultation
    comment: Comment
    round: object
    remark: Remark
    figure: str  # the SHA-256 of a figure of the 評価書 (served by assessment_figure)

    def user(self, who: str):
        return self.people[who]


@pytest.fixture
def world(assessment, people, org, outsider, jimu) -> World:
    version = assessment.versions.get()
    round_ = assign_reviewer(version, people["reviewer"])
    remark = Remark.objects.create(round=round_, path="III", text="委託先の監督について。", author=people["reviewer"])
    consultation = Consultation.objects.create(
        version=version,
        organization=org,
        title="住基 全項目評価書(案)への意見募集",
        opens_on=date(2025, 1, 6),
        closes_on=date(2025, 2, 4),
        contact="区政課",
        purpose="意見を求めます。",
        created_by=people["author"],
    )
    comment = Comment.objects.create(
        consultation=consultation, receipt="2025-0001", name="山田太郎", address="熊本市", phone="096", body="意見"
    )
    other = create_assessment(jimu, "basic", OTHER_TITLE, user=people["author"])
    everyone = {**people, "unassigned": make_user("tenken2", org, "reviewer"), "outsider": outsider}
    figure = store_figure(assessment, SimpleUploadedFile("flow.png", sample_figure(1)), people["author"])
    return World(everyone, assessment, other, consultation, comment, round_, remark, figure.sha256)


def _hidden_or(expected: Callable[[str], int]) -> Callable[[str], int]:
    return lambda who: 404 if who in HIDDEN else expected(who)


def _ok(who: str) -> int:
    return 200


def _personal(who: str) -> int:
    return 200 if who in PERSONAL else 403


# --- reads -----------------------------------------------------------------------------------

Url = Callable[[World], str]
READS: list[tuple[str, Url, Callable[[str], int]]] = [
    ("detail", lambda w: reverse("assessment_detail", args=[w.assessment.pk]), _hidden_or(_ok)),
    ("editor", lambda w: reverse("editor", args=[w.assessment.pk]), _hidden_or(_ok)),
    ("editor-II", lambda w: reverse("editor", args=[w.assessment.pk]) + "?section=II", _hidden_or(_ok)),
    ("history", lambda w: reverse("history", args=[w.assessment.pk]), _hidden_or(_ok)),
    ("figure", lambda w: reverse("assessment_figure", args=[w.assessment.pk, w.figure]), _hidden_or(_ok)),
    ("compare", lambda w: reverse("compare", args=[w.assessment.pk]), _hidden_or(_ok)),
    *[
        (f"download-{key}", lambda w, key=key: reverse("download", args=[w.assessment.pk, 1, key]), _hidden_or(_ok))
        for key in ("json", "yaml", "xlsx", "html")
    ],
    (
        "package",  # version 1 is 作成中: staff are sent back with a message, the 第三者点検委員 refused
        lambda w: reverse("submission_package", args=[w.assessment.pk, 1]),
        _hidden_or(lambda who: 403 if who == "reviewer" else 302),
    ),
    ("open-consultation", lambda w: reverse("consultation_open", args=[w.assessment.pk, 1]), _hidden_or(_ok)),
    ("consultation", lambda w: reverse("consultation_staff", args=[w.consultation.pk]), _hidden_or(_ok)),
    (
        "comment",
        lambda w: reverse("consultation_comment", args=[w.consultation.pk, w.comment.pk]),
        _hidden_or(_ok),
    ),
    ("paper", lambda w: reverse("consultation_paper", args=[w.consultation.pk]), _hidden_or(_personal)),
    ("summary", lambda w: reverse("consultation_summary", args=[w.consultation.pk]), _hidden_or(_ok)),
    (
        "summary-docx",
        lambda w: reverse("consultation_summary_download", args=[w.consultation.pk, "docx"]),
        _hidden_or(_ok),
    ),
    ("export-csv", lambda w: reverse("consultation_export", args=[w.consultation.pk]), _hidden_or(_ok)),
    ("export-xlsx", lambda w: reverse("consultation_export_xlsx", args=[w.consultation.pk]), _hidden_or(_ok)),
    ("results-pdf", lambda w: reverse("consultation_results_pdf", args=[w.consultation.pk]), _hidden_or(_ok)),
    (
        "publish-check",
        lambda w: reverse("consultation_publish", args=[w.consultation.pk]),
        _hidden_or(lambda who: 200 if who in EDITORS else 403),
    ),
    ("round", lambda w: reverse("review_round", args=[w.round.pk]), _hidden_or(_ok)),
    ("round-pdf", lambda w: reverse("review_pdf", args=[w.round.pk]), _hidden_or(_ok)),
    ("round-items", lambda w: reverse("review_items", args=[w.round.pk]) + "?section=II", _hidden_or(_ok)),
    # the other 評価書 of the organisation: no round covers it, so no 第三者点検委員 sees it
    (
        "other-detail",
        lambda w: reverse("assessment_detail", args=[w.other.pk]),
        lambda who: 404 if who in HIDDEN | {"reviewer"} else 200,
    ),
    (
        "other-download",
        lambda w: reverse("download", args=[w.other.pk, 1, "json"]),
        lambda who: 404 if who in HIDDEN | {"reviewer"} else 200,
    ),
]


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(("name", "url", "expected"), READS, ids=[r[0] for r in READS])
def test_read_views(client, world, who, name, url, expected):
    client.force_login(world.user(who))
    response = client.get(url(world))
    assert response.status_code == expected(who), response.content[:300]


@pytest.mark.parametrize(("name", "url", "expected"), READS, ids=[r[0] for r in READS])
def test_anonymous_visitors_are_sent_to_login(client, world, name, url, expected):
    response = client.get(url(world))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- pages listing what the user may see -------------------------------------------------------

LISTS = ["dashboard", "consultation_list", "review_list", "threshold", "audit_log", "password_change"]


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("name", LISTS)
def test_global_pages_show_only_what_the_user_may_see(client, world, who, name):
    client.force_login(world.user(who))
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    if name in ("dashboard", "consultation_list", "review_list"):
        assert (TITLE in html) is (who not in HIDDEN), who
    if name == "dashboard":
        assert (OTHER_TITLE in html) is (who not in HIDDEN | {"reviewer"}), who
    if who in HIDDEN:
        assert TITLE not in html
        assert OTHER_TITLE not in html


@pytest.mark.parametrize("who", WHO)
def test_members_page(client, world, who):
    client.force_login(world.user(who))
    org = world.assessment.organization
    assert client.get(reverse("members", args=[org.pk])).status_code == (404 if who == "outsider" else 200)


# --- writes ------------------------------------------------------------------------------------


def _editors(success: int) -> Callable[[str], int]:
    return _hidden_or(lambda who: success if who in EDITORS else 403)


Data = Callable[[World], dict]
WRITES: list[tuple[str, Url, Data, Callable[[str], int]]] = [
    (
        "save",
        lambda w: reverse("editor", args=[w.assessment.pk]),
        lambda w: {"base_version": "1", "section": "cover", "op": "save", "cover.name": "新しい名称"},
        _editors(302),
    ),
    (
        "transition",
        lambda w: reverse("transition", args=[w.assessment.pk, 1]),
        lambda w: {"target": "internal_review"},
        _editors(302),
    ),
    (
        "open-consultation",  # the step 意見聴取を開始する is refused in 作成中: the page says why
        lambda w: reverse("consultation_open", args=[w.assessment.pk, 1]),
        lambda w: {},
        _hidden_or(_ok),
    ),
    (
        "start-review",
        lambda w: reverse("review_start", args=[w.assessment.pk, 1]),
        lambda w: {"reviewers": w.people["reviewer"].pk},
        _editors(302),
    ),
    (
        "remark",  # only the assigned 第三者点検委員 writes remarks
        lambda w: reverse("review_remark", args=[w.round.pk]),
        lambda w: {"path": "III", "text": "追加の指摘"},
        _hidden_or(lambda who: 302 if who == "reviewer" else 403),
    ),
    (
        "answer",
        lambda w: reverse("review_answer", args=[w.round.pk, w.remark.pk]),
        lambda w: {"answer": "追記しました。", "resolved": "1"},
        _editors(302),
    ),
    ("close", lambda w: reverse("review_close", args=[w.round.pk]), lambda w: {"result": "適合"}, _editors(302)),
    (
        "reviewers",
        lambda w: reverse("review_reviewers", args=[w.round.pk]),
        lambda w: {"reviewers": w.people["unassigned"].pk},
        _hidden_or(lambda who: 302 if who == "admin" else 403),
    ),
    (
        "answer-comment",  # non-editors get the page back, nothing saved
        lambda w: reverse("consultation_comment", args=[w.consultation.pk, w.comment.pk]),
        lambda w: {"tag": "", "answer": "市の考え方", "masks": ""},
        _hidden_or(lambda who: 302 if who in EDITORS else 200),
    ),
    (
        "summary",
        lambda w: reverse("consultation_summary", args=[w.consultation.pk]),
        lambda w: {"purpose": "目的", "badge": "", "header_note": ""},
        _editors(302),
    ),
    (
        "summary-part",
        lambda w: reverse("consultation_summary_part", args=[w.consultation.pk, "contact"]),
        lambda w: {"contact": "区政課"},
        _editors(302),
    ),
    (
        "extend",
        lambda w: reverse("consultation_extend", args=[w.consultation.pk]),
        lambda w: {"closes_on": "2030-01-01", "reason": "延長"},
        _editors(302),
    ),
    ("publish", lambda w: reverse("consultation_publish", args=[w.consultation.pk]), lambda w: {}, _editors(302)),
    (
        "mask",
        lambda w: reverse("consultation_mask", args=[w.consultation.pk]),
        lambda w: {"mask": f"{w.comment.pk}|意見"},
        _editors(302),
    ),
    (
        "purge",
        lambda w: reverse("consultation_purge", args=[w.consultation.pk]),
        lambda w: {},
        _hidden_or(lambda who: 302 if who == "admin" else 403),
    ),
    (
        "paper",
        lambda w: reverse("consultation_paper", args=[w.consultation.pk]),
        lambda w: {},
        _hidden_or(lambda who: 422 if who in PERSONAL else 403),
    ),
]


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(("name", "url", "data", "expected"), WRITES, ids=[w[0] for w in WRITES])
def test_write_views(client, world, who, name, url, data, expected):
    client.force_login(world.user(who))
    response = client.post(url(world), data(world))
    assert response.status_code == expected(who), response.content[:300]


@pytest.mark.parametrize("who", WHO)
def test_only_editors_change_the_document(client, world, who):
    client.force_login(world.user(who))
    data = {"base_version": "1", "section": "cover", "op": "save", "cover.name": "新しい名称"}
    client.post(reverse("editor", args=[world.assessment.pk]), data)
    assert world.assessment.versions.count() == (2 if who in EDITORS else 1)
    client.post(reverse("consultation_comment", args=[world.consultation.pk, world.comment.pk]), {"answer": "x"})
    world.comment.refresh_from_db()
    assert world.comment.answer == ("x" if who in EDITORS else "")


# --- the 第三者点検委員's assignment ----------------------------------------------------------------


def test_assignment_follows_the_round(client, world):
    """Assigning the other 第三者点検委員 gives them the 評価書 and takes it from the first."""
    from workbench.reviews.actions import set_reviewers

    client.force_login(world.user("unassigned"))
    url = reverse("assessment_detail", args=[world.assessment.pk])
    assert client.get(url).status_code == 404
    set_reviewers(world.round, [world.user("unassigned")], user=world.user("admin"))
    assert client.get(url).status_code == 200
    client.force_login(world.user("reviewer"))
    assert client.get(url).status_code == 404
    assert client.get(reverse("review_round", args=[world.round.pk])).status_code == 404


def test_a_reviewer_with_another_role_sees_the_whole_organisation(client, world):
    from workbench.organizations.models import Membership

    Membership.objects.create(user=world.user("unassigned"), organization=world.assessment.organization, role="viewer")
    client.force_login(world.user("unassigned"))
    assert client.get(reverse("assessment_detail", args=[world.other.pk])).status_code == 200


def test_other_organisations_assessment_is_hidden_from_our_users(client, other_assessment, people):
    client.force_login(people["admin"])
    assert client.get(reverse("assessment_detail", args=[other_assessment.pk])).status_code == 404
    assert "デモ町" not in client.get(reverse("dashboard")).content.decode()


def test_a_user_without_any_organisation_sees_nothing(client, assessment):
    client.force_login(make_user("nobody"))
    assert client.get(reverse("assessment_detail", args=[assessment.pk])).status_code == 404
    assert client.get(reverse("audit_log")).status_code == 403
    assert "住基" not in client.get(reverse("dashboard")).content.decode()


def test_an_outsider_cannot_create_in_our_organisation(client, org, outsider):
    from workbench.assessments.models import Assessment

    client.force_login(outsider)
    client.post(
        reverse("threshold_create"), {"organization": org.pk, "jimu_name": "侵入", "forms_to_create": ["basic"]}
    )
    assert not Assessment.objects.filter(jimu__name="侵入").exists()


def test_an_outsider_cannot_move_our_versions(client, assessment, outsider):
    client.force_login(outsider)
    url = reverse("transition", kwargs={"pk": assessment.pk, "number": 1})
    assert client.post(url, {"target": "internal_review"}).status_code == 404
    assert client.get(reverse("download", kwargs={"pk": assessment.pk, "number": 1, "key": "pdf"})).status_code == 404


MEMBER_WRITES = [
    ("member_roles", {"roles": ["viewer", "author"], "seen": "viewer"}),
    ("member_unlock", {}),
]


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(("name", "data"), MEMBER_WRITES)
def test_member_changes(client, world, org, people, who, name, data):
    """Only the organisation's 管理者 changes roles and lifts login locks; another body's people
    get 404 (the person's account is not even named)."""
    from workbench.organizations.models import Membership

    client.force_login(world.user(who))
    response = client.post(reverse(name, args=[org.pk, people["viewer"].pk]), data)
    expected = 404 if who == "outsider" else 302 if who == "admin" else 403
    assert response.status_code == expected
    changed = Membership.objects.filter(user=people["viewer"], organization=org, role="author").exists()
    assert changed == (who == "admin" and name == "member_roles")


@pytest.mark.parametrize(("name", "data"), MEMBER_WRITES)
def test_member_changes_need_a_login(client, org, people, name, data):
    response = client.post(reverse(name, args=[org.pk, people["viewer"].pk]), data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", WHO)
def test_the_members_page(client, world, org, who):
    client.force_login(world.user(who))
    response = client.get(reverse("members", args=[org.pk]))
    assert response.status_code == (404 if who == "outsider" else 200)
