"""第三者点検 / 承認: a round bound to one exact version, remarks by 第三者点検委員, answers and
the recorded result; national bodies record application and approval dates."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from workbench.assessments import actions as assessment_actions
from workbench.audit.models import AuditEvent
from workbench.reviews import actions
from workbench.reviews.models import Kind, Remark

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_(assessment, people):
    return actions.start_round(assessment.versions.get(), user=people["author"])


def test_local_bodies_get_a_third_party_review(round_):
    assert round_.kind == Kind.THIRD_PARTY
    assert round_.version.number == 1


def test_round_stays_bound_to_its_version(client, assessment, people, round_):
    document = assessment.versions.get().document()
    document.values["cover.name"] = "後の版で変えた名称"
    assessment_actions.save_version(assessment, document, 1, user=people["author"])
    client.force_login(people["reviewer"])
    html = client.get(reverse("review_round", args=[round_.pk])).content.decode()
    assert "第1回保存の内容(読み取り専用)" in html
    assert "後の版で変えた名称" not in html
    assert "<input" not in html.split('id="doc-h"')[1]  # the version is shown read-only
    assert html.count("<main") == 1


def test_reviewer_remarks_staff_answers_and_result(client, round_, people):
    client.force_login(people["reviewer"])
    html = client.get(reverse("review_round", args=[round_.pk])).content.decode()
    assert 'name="path"' in html
    assert "Ⅲ 特定個人情報ファイルの取扱いプロセスにおけるリスク対策" in html
    client.post(reverse("review_remark", args=[round_.pk]), {"path": "III", "text": "委託先の監督方法を具体的に。"})
    remark = Remark.objects.get()
    assert remark.path == "III"
    assert remark.author == people["reviewer"]
    client.force_login(people["author"])
    close = reverse("review_close", args=[round_.pk])
    client.post(close, {"result": "適切"})
    round_.refresh_from_db()
    assert not round_.closed  # an open remark blocks the end
    client.post(reverse("review_answer", args=[round_.pk, remark.pk]), {"answer": "追記しました。", "resolved": "1"})
    client.post(close, {"result": ""})
    round_.refresh_from_db()
    assert not round_.closed  # the 点検結果 is required
    client.post(close, {"result": "指摘事項に対応済みであり、適切と認める。"})
    round_.refresh_from_db()
    assert round_.closed
    assert round_.result.startswith("指摘事項")
    html = client.get(reverse("review_round", args=[round_.pk])).content.decode()
    assert "追記しました。" in html
    assert "対応済み" in html
    assert "点検結果" in html
    actions_done = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"review.start", "review.remark", "review.answer", "review.close"} <= actions_done


def test_remarks_need_a_known_item(client, round_, people):
    client.force_login(people["reviewer"])
    response = client.post(reverse("review_remark", args=[round_.pk]), {"path": "nope", "text": "x"}, follow=True)
    assert "一覧から選んでください" in response.content.decode()
    assert not Remark.objects.exists()


def test_roles(round_, people):
    with pytest.raises(PermissionDenied):
        actions.add_remark(round_, "I", "作成者は指摘しない", user=people["author"])
    remark = actions.add_remark(round_, "I", "確認してください", user=people["reviewer"])
    with pytest.raises(PermissionDenied):
        actions.answer_remark(remark, "委員は回答しない", True, user=people["reviewer"])
    with pytest.raises(PermissionDenied):
        actions.start_round(round_.version, user=people["viewer"])


def test_closed_round_refuses_remarks(round_, people):
    actions.close_round(round_, result="適切", user=people["author"])
    with pytest.raises(actions.ReviewError):
        actions.add_remark(round_, "I", "遅い指摘", user=people["reviewer"])


def test_national_bodies_record_application_and_approval(assessment, people, org):
    org.body_type = "national"
    org.save()
    round_ = actions.start_round(assessment.versions.get(), user=people["author"])
    assert round_.kind == Kind.APPROVAL
    with pytest.raises(actions.ReviewError, match="承認日"):
        actions.close_round(round_, applied_on=date(2026, 4, 1), user=people["author"])
    with pytest.raises(actions.ReviewError, match="前になっています"):
        actions.close_round(round_, applied_on=date(2026, 4, 1), approved_on=date(2026, 3, 1), user=people["author"])
    actions.close_round(round_, applied_on=date(2026, 4, 1), approved_on=date(2026, 5, 20), user=people["author"])
    assert round_.approved_on == date(2026, 5, 20)


def test_start_from_the_list_and_other_organisation_404(client, assessment, people, outsider):
    client.force_login(people["author"])
    html = client.get(reverse("review_list")).content.decode()
    assert reverse("review_start", args=[assessment.pk, 1]) in html
    assert f'name="reviewers" value="{people["reviewer"].pk}" checked' in html  # pre-ticked
    response = client.post(reverse("review_start", args=[assessment.pk, 1]), {"reviewers": people["reviewer"].pk})
    round_pk = int(response["Location"].rstrip("/").split("/")[-1])
    client.force_login(outsider)
    assert client.get(reverse("review_round", args=[round_pk])).status_code == 404
    assert client.post(reverse("review_start", args=[assessment.pk, 1])).status_code == 404
    assert client.post(reverse("review_remark", args=[round_pk]), {"path": "I", "text": "x"}).status_code == 404
    client.logout()
    assert client.get(reverse("review_round", args=[round_pk])).status_code == 302


# --- the 担当の第三者点検委員 (ADR 0010) -----------------------------------------------------------


def test_a_round_is_assigned_to_the_chosen_reviewers_and_audited(assessment, people):
    round_ = actions.start_round(assessment.versions.get(), [people["reviewer"]], user=people["author"])
    assert list(round_.reviewers.all()) == [people["reviewer"]]
    event = AuditEvent.objects.get(action="review.start")
    assert event.details == {"reviewers": ["reviewer"]}


def test_a_third_party_review_needs_a_reviewer(assessment, people):
    with pytest.raises(actions.ReviewError, match="担当の第三者点検委員を1人以上選んでください。"):
        actions.start_round(assessment.versions.get(), [], user=people["author"])


def test_only_reviewers_of_the_organisation_can_be_assigned(assessment, people, outsider):
    refused = "「viewer」はこの団体の第三者点検委員ではないため、担当にできません。"
    with pytest.raises(actions.ReviewError, match=refused):
        actions.start_round(assessment.versions.get(), [people["viewer"]], user=people["author"])
    with pytest.raises(actions.ReviewError, match="「other」はこの団体の第三者点検委員ではないため"):
        actions.start_round(assessment.versions.get(), [outsider], user=people["author"])


def test_only_the_administrator_changes_the_reviewers(client, round_, people):
    from conftest import make_user

    second = make_user("tenken2", round_.organization, "reviewer")
    with pytest.raises(PermissionDenied, match="担当の第三者点検委員を変更する権限がありません。"):
        actions.set_reviewers(round_, [second], user=people["author"])
    client.force_login(people["admin"])
    html = client.get(reverse("review_round", args=[round_.pk])).content.decode()
    assert "担当を変更する(管理者)" in html
    client.post(reverse("review_reviewers", args=[round_.pk]), {"reviewers": [second.pk]})
    assert list(round_.reviewers.all()) == [second]
    event = AuditEvent.objects.get(action="review.reviewers")
    assert event.details == {"before": {"reviewers": ["reviewer"]}, "after": {"reviewers": ["tenken2"]}}
    client.force_login(people["author"])
    assert "担当を変更する(管理者)" not in client.get(reverse("review_round", args=[round_.pk])).content.decode()


def test_an_unassigned_reviewer_cannot_write_remarks(round_, people):
    from conftest import make_user

    from workbench.organizations.models import Membership

    second = make_user("tenken2", round_.organization, "reviewer")
    Membership.objects.create(user=second, organization=round_.organization, role="viewer")  # sees the round
    with pytest.raises(PermissionDenied, match="この点検の担当の第三者点検委員ではないため、指摘を記入できません。"):
        actions.add_remark(round_, "I", "担当外の指摘", user=second)
    assert not Remark.objects.exists()
