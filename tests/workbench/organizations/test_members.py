"""The members page: everyone of the organisation sees it; its 管理者 changes the roles of the
organisation's own people (a stale form changes nothing), never learns about other bodies'
user names, and lifts login locks."""

from __future__ import annotations

import re

import pytest
from conftest import make_user
from django.urls import reverse

from workbench.audit.models import AuditEvent
from workbench.organizations.models import Membership

pytestmark = pytest.mark.django_db


def _roles_url(org, user):
    return reverse("member_roles", args=[org.pk, user.pk])


def _without_token(response) -> str:
    html = re.sub(r'"X-CSRFToken": "[^"]*"', "", response.content.decode())
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def _roles(user, org):
    return sorted(Membership.objects.filter(user=user, organization=org).values_list("role", flat=True))


@pytest.mark.parametrize("who", ["admin", "author", "approver", "viewer", "reviewer"])
def test_members_see_their_organisation(client, org, people, who):
    client.force_login(people[who])
    html = client.get(reverse("members", args=[org.pk])).content.decode()
    assert "熊本市の利用者と役割" in html
    assert "第三者点検委員" in html
    assert ("さんの役割を変更する" in html) == (who == "admin")


def test_an_outsider_gets_404(client, org, outsider):
    client.force_login(outsider)
    assert client.get(reverse("members", args=[org.pk])).status_code == 404


def test_an_admin_changes_a_role_and_the_event_keeps_before_and_after(client, org, people):
    client.force_login(people["admin"])
    response = client.post(_roles_url(org, people["viewer"]), {"roles": ["viewer", "author"], "seen": "viewer"})
    assert response.status_code == 302
    assert _roles(people["viewer"], org) == ["author", "viewer"]
    event = AuditEvent.objects.get(action="membership.change")
    assert event.organization == org
    assert event.actor == people["admin"]
    assert event.details["before"] == {"roles": ["閲覧者"]}
    assert event.details["after"] == {"roles": ["作成者", "閲覧者"]}
    assert event.changes == [("役割", "閲覧者", "作成者、閲覧者")]
    page = client.get(reverse("members", args=[org.pk])).content.decode()
    assert "viewerさんの役割を「作成者、閲覧者」にしました。" in page


def test_a_stale_form_changes_nothing_and_says_so(client, org, people):
    """Two 管理者 opened the page; the first raised viewer to 作成者, the second (still seeing
    閲覧者) tries to make viewer an 承認者: refused, the first change stays."""
    second = make_user("admin2", org, "admin")
    client.force_login(people["admin"])
    client.post(_roles_url(org, people["viewer"]), {"roles": ["author"], "seen": "viewer"})
    client.force_login(second)
    response = client.post(_roles_url(org, people["viewer"]), {"roles": ["approver"], "seen": "viewer"})
    html = response.content.decode()
    assert response.status_code == 409
    assert (
        "viewerさんの役割は、この画面を開いた後にほかの方が変更しました(現在:作成者)。変更は保存していません。" in html
    )
    assert _roles(people["viewer"], org) == ["author"]
    assert AuditEvent.objects.filter(action="membership.change").count() == 1


def test_the_last_admin_cannot_be_removed(client, org, people):
    client.force_login(people["admin"])
    response = client.post(_roles_url(org, people["admin"]), {"roles": ["viewer"], "seen": "admin"})
    assert response.status_code == 422
    assert "団体の管理者が1人もいなくなるため、この変更はできません。" in response.content.decode()
    assert _roles(people["admin"], org) == ["admin"]


def test_removing_every_role_is_refused_and_points_to_the_stop(client, org, people):
    """A person keeps at least one role: leaving the organisation is a stop of their use, which
    keeps their record and roles (accounts.deactivate_member)."""
    client.force_login(people["admin"])
    response = client.post(_roles_url(org, people["reviewer"]), {"seen": "reviewer"})
    assert response.status_code == 422
    assert "「役割」を1つ以上選んでください。" in response.content.decode()
    assert "「利用を停止する」を使ってください" in response.content.decode()
    assert _roles(people["reviewer"], org) == ["reviewer"]


def test_a_forged_seen_field_gets_a_japanese_message(client, org, people):
    client.force_login(people["admin"])
    response = client.post(_roles_url(org, people["viewer"]), {"roles": ["author"], "seen": "root"})
    assert response.status_code == 422
    assert "画面の情報が正しくありません。ページを開き直してください。" in response.content.decode()


def test_user_names_of_other_bodies_cannot_be_discovered(client, org, people, outsider):
    """The page has no field for a user name; a user id of another body's person and an id that
    does not exist get the same 404, and nothing changes."""
    client.force_login(people["admin"])
    html = client.get(reverse("members", args=[org.pk])).content.decode()
    assert 'name="username"' not in html
    assert "other" not in html
    elsewhere = client.post(_roles_url(org, outsider), {"roles": ["viewer"], "seen": ""})
    nowhere = client.post(reverse("member_roles", args=[org.pk, 999999]), {"roles": ["viewer"], "seen": ""})
    assert elsewhere.status_code == nowhere.status_code == 404
    assert _without_token(elsewhere) == _without_token(nowhere)
    assert not Membership.objects.filter(user=outsider, organization=org).exists()


def test_add_member_refuses_people_of_other_bodies(org, people, outsider):
    from workbench.organizations.actions import MembershipError, add_member

    with pytest.raises(MembershipError, match="この利用者はこの団体に所属していません。"):
        add_member(org, outsider, "viewer", actor=people["admin"])
    assert add_member(org, people["viewer"], "author", actor=people["admin"]).role == "author"


@pytest.mark.parametrize("who", ["author", "approver", "viewer", "reviewer"])
def test_only_admins_change_roles(client, org, people, who):
    client.force_login(people[who])
    response = client.post(_roles_url(org, people[who]), {"roles": [who, "admin"], "seen": who})
    assert response.status_code == 403
    assert "利用者の役割を設定する権限がありません。" in response.content.decode()
    assert _roles(people[who], org) == [who]


def test_the_members_page_takes_no_post(client, org, people):
    client.force_login(people["admin"])
    response = client.post(reverse("members", args=[org.pk]), {"username": "viewer", "role": "author"})
    assert response.status_code == 405
