"""The members page: everyone of the organisation sees it, only 管理者 gives roles."""

from __future__ import annotations

import pytest
from django.urls import reverse

from workbench.organizations.models import Membership

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["admin", "author", "approver", "viewer", "reviewer"])
def test_members_see_their_organisation(client, org, people, who):
    client.force_login(people[who])
    html = client.get(reverse("members", args=[org.pk])).content.decode()
    assert "熊本市の利用者と役割" in html and "第三者点検委員" in html
    assert ("役割を追加する" in html) == (who == "admin")


def test_an_outsider_gets_404(client, org, outsider):
    client.force_login(outsider)
    assert client.get(reverse("members", args=[org.pk])).status_code == 404


def test_an_admin_gives_a_role_and_it_is_audited(client, org, people):
    client.force_login(people["admin"])
    response = client.post(reverse("members", args=[org.pk]), {"username": "viewer", "role": "author"})
    assert response.status_code == 302
    assert Membership.objects.filter(user=people["viewer"], role="author").exists()


def test_unknown_user_gets_a_japanese_message(client, org, people):
    client.force_login(people["admin"])
    response = client.post(reverse("members", args=[org.pk]), {"username": "nobody", "role": "author"})
    assert response.status_code == 422 and "この利用者名は登録されていません" in response.content.decode()


@pytest.mark.parametrize("who", ["author", "approver", "viewer", "reviewer"])
def test_only_admins_give_roles(client, org, people, who):
    client.force_login(people[who])
    response = client.post(reverse("members", args=[org.pk]), {"username": who, "role": "admin"})
    assert response.status_code == 403
    assert not Membership.objects.filter(user=people[who], role="admin").exists()
