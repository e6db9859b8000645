"""Every view × every role × another organisation → the expected status code.

Members of the owning organisation may read everything of it; only 作成者/管理者 write; a
member of another organisation gets 404 (no hint that the 評価書 exists); anonymous
visitors are sent to the login page."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

READ_VIEWS = [
    ("assessment_detail", {}),
    ("editor", {}),
    ("history", {}),
    ("compare", {}),
]
VERSION_VIEWS = [("download", {"number": 1, "key": "json"}), ("download", {"number": 1, "key": "yaml"})]
WHO = ["admin", "author", "approver", "viewer", "reviewer", "outsider"]
EDITORS = {"admin", "author"}


def _user(people, outsider, who):
    return outsider if who == "outsider" else people[who]


def _url(name, assessment, extra):
    return reverse(name, kwargs={"pk": assessment.pk, **extra})


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(("name", "extra"), READ_VIEWS + VERSION_VIEWS)
def test_read_views(client, assessment, people, outsider, who, name, extra):
    client.force_login(_user(people, outsider, who))
    response = client.get(_url(name, assessment, extra))
    assert response.status_code == (404 if who == "outsider" else 200)


@pytest.mark.parametrize(("name", "extra"), READ_VIEWS + VERSION_VIEWS)
def test_anonymous_visitors_are_sent_to_login(client, assessment, name, extra):
    response = client.get(_url(name, assessment, extra))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", WHO)
def test_saving_in_the_editor(client, assessment, people, outsider, who):
    client.force_login(_user(people, outsider, who))
    data = {"base_version": "1", "section": "cover", "op": "save", "cover.name": "新しい名称"}
    response = client.post(_url("editor", assessment, {}), data)
    expected = 404 if who == "outsider" else 302 if who in EDITORS else 403
    assert response.status_code == expected
    assert assessment.versions.count() == (2 if who in EDITORS else 1)


@pytest.mark.parametrize("who", WHO)
def test_starting_internal_review(client, assessment, people, outsider, who):
    client.force_login(_user(people, outsider, who))
    url = reverse("transition", kwargs={"pk": assessment.pk, "number": 1})
    response = client.post(url, {"target": "internal_review"})
    expected = 404 if who == "outsider" else 302 if who in EDITORS else 403
    assert response.status_code == expected
    assessment.refresh_from_db()
    assert assessment.status == ("internal_review" if who in EDITORS else "draft")


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("name", ["dashboard", "threshold", "audit_log", "password_change"])
def test_global_pages_never_show_another_organisations_data(client, assessment, people, outsider, who, name):
    client.force_login(_user(people, outsider, who))
    response = client.get(reverse(name))
    assert response.status_code == 200
    shown = "住基 全項目評価書" in response.content.decode()
    if who == "outsider":
        assert not shown
    elif name == "dashboard":
        assert shown


def test_other_organisations_assessment_is_hidden_from_our_users(client, other_assessment, people):
    client.force_login(people["admin"])
    assert client.get(_url("assessment_detail", other_assessment, {})).status_code == 404
    assert "デモ町" not in client.get(reverse("dashboard")).content.decode()


def test_a_user_without_any_organisation_sees_nothing(client, assessment):
    from conftest import make_user

    client.force_login(make_user("nobody"))
    assert client.get(_url("assessment_detail", assessment, {})).status_code == 404
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
def test_member_changes(client, org, people, outsider, who, name, data):
    """Only the organisation's 管理者 changes roles and lifts login locks; another body's people
    get 404 (the person's account is not even named)."""
    from workbench.organizations.models import Membership

    client.force_login(_user(people, outsider, who))
    response = client.post(reverse(name, args=[org.pk, people["viewer"].pk]), data)
    expected = 404 if who == "outsider" else 302 if who == "admin" else 403
    assert response.status_code == expected
    changed = Membership.objects.filter(user=people["viewer"], organization=org, role="author").exists()
    assert changed == (who == "admin" and name == "member_roles")


@pytest.mark.parametrize(("name", "data"), MEMBER_WRITES)
def test_member_changes_need_a_login(client, org, people, name, data):
    response = client.post(reverse(name, args=[org.pk, people["viewer"].pk]), data)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", WHO)
def test_the_members_page(client, org, people, outsider, who):
    client.force_login(_user(people, outsider, who))
    response = client.get(reverse("members", args=[org.pk]))
    assert response.status_code == (404 if who == "outsider" else 200)
