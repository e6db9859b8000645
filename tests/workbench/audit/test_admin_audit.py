"""Saves and deletions in the Django admin leave application audit events with before/after
values, attributed to the organisation concerned (finding 8 of issue 13)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model

from workbench.audit.models import AuditEvent
from workbench.organizations.models import Membership

pytestmark = pytest.mark.django_db


class _Form(HTMLParser):
    """The submitted values of the admin's change form, as a browser would post them."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.data.setdefault(name, []).append(a.get("value") or ("on" if a.get("type") == "checkbox" else ""))
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select].append(a.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data


def _form(client, url) -> dict[str, list[str]]:
    parser = _Form()
    parser.feed(client.get(url).content.decode())
    return {k: v for k, v in parser.data.items() if not k.startswith("_")}


@pytest.fixture
def operator(client):
    user = get_user_model().objects.create_superuser("operator", password="operator-pass-123")
    client.force_login(user)
    return user


def _row(data: dict, prefix: str, user) -> str:
    """The inline form prefix (``memberships-3``) of the membership of ``user``."""
    membership_ids = {str(m.pk): m for m in Membership.objects.filter(user=user)}
    for key, value in data.items():
        if key.startswith(prefix) and key.endswith("-id") and value and value[0] in membership_ids:
            return key[: -len("-id")]
    raise AssertionError(f"no inline row for {user}")


def test_a_membership_raised_to_admin_in_the_admin_is_audited(client, org, people, operator):
    url = f"/admin/organizations/organization/{org.pk}/change/"
    data = _form(client, url)
    row = _row(data, "memberships-", people["viewer"])
    data[f"{row}-role"] = ["admin"]
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Membership.objects.filter(user=people["viewer"], organization=org, role="admin").exists()
    event = AuditEvent.objects.get(action="admin.change", object_type="membership")
    assert event.actor == operator
    assert event.organization == org
    assert event.details["before"] == {"role": "閲覧者"}
    assert event.details["after"] == {"role": "管理者"}
    assert event.changes == [("役割", "閲覧者", "管理者")]
    client.force_login(people["admin"])  # the organisation's 管理者 sees what the operator did
    html = client.get("/audit/", {"action": "admin.change"}).content.decode()
    assert "管理画面での変更" in html
    assert "閲覧者" in html
    assert "管理者" in html


def test_a_membership_deleted_in_the_admin_is_audited(client, org, people, operator):
    url = f"/admin/organizations/organization/{org.pk}/change/"
    data = _form(client, url)
    row = _row(data, "memberships-", people["reviewer"])
    data[f"{row}-DELETE"] = ["on"]
    assert client.post(url, data).status_code == 302
    assert not Membership.objects.filter(user=people["reviewer"], organization=org).exists()
    event = AuditEvent.objects.get(action="admin.delete", object_type="membership")
    assert event.organization == org
    assert event.object_id
    assert event.details["before"]["role"] == "第三者点検委員"
    assert event.details["after"] == {}


def test_an_organisation_saved_without_changes_records_nothing(client, org, people, operator):
    url = f"/admin/organizations/organization/{org.pk}/change/"
    assert client.post(url, _form(client, url)).status_code == 302
    assert not AuditEvent.objects.filter(action__startswith="admin.").exists()


def test_a_user_made_superuser_in_the_admin_is_reported_to_their_organisations(client, org, people, operator):
    url = f"/admin/auth/user/{people['viewer'].pk}/change/"
    data = _form(client, url)
    data["is_superuser"] = ["on"]
    assert client.post(url, data).status_code == 302
    event = AuditEvent.objects.get(action="admin.change", object_type="user")
    assert event.organization == org
    assert event.details["before"] == {"is_superuser": False}
    assert event.details["after"] == {"is_superuser": True}
    assert "password" not in event.details["before"]
    assert "password" not in event.details["after"]


def test_a_password_set_in_the_admin_is_audited_without_the_password(client, org, people, operator):
    url = f"/admin/auth/user/{people['viewer'].pk}/password/"
    data = {"password1": "Kumamoto-Sec-2026!", "password2": "Kumamoto-Sec-2026!", "usable_password": "true"}
    assert client.post(url, data).status_code == 302
    event = AuditEvent.objects.get(action="admin.password")
    assert event.organization == org
    assert event.actor == operator
    assert "Kumamoto" not in str(event.details)


def test_a_jimu_deleted_in_the_admin_is_audited(client, org, people, operator):
    from workbench.assessments.actions import create_jimu

    jimu = create_jimu(org, "廃止する事務", user=people["author"])
    response = client.post(f"/admin/assessments/jimu/{jimu.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="admin.delete", object_type="jimu")
    assert event.organization == org
    assert event.object_label == "廃止する事務"
    assert event.details["before"]["name"] == "廃止する事務"


def test_unlocking_in_the_admin_is_audited_for_the_users_organisation(client, org, people, operator):
    from django.urls import reverse

    anonymous = client.__class__()
    for n in range(5):
        anonymous.post(reverse("login"), {"username": "author", "password": f"wrong-{n}"})
    attempt = AccessAttempt.objects.get(username="author")
    response = client.post(
        "/admin/axes/accessattempt/", {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"}
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    event = AuditEvent.objects.get(action="admin.delete", object_type="accessattempt")
    assert event.organization == org
    assert event.details["before"]["username"] == "author"
