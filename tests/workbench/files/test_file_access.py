"""Serving a stored file: members of the owning organisation (not a member who is only
第三者点検委員), 404 for another organisation, the login page for anonymous visitors; always a
download with the RFC 5987 name and nosniff."""

from __future__ import annotations

import pytest
from django.urls import reverse

from workbench.files.actions import store_file

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.7\n%%EOF\n"
WHO = ["admin", "author", "approver", "viewer", "reviewer", "outsider", "anonymous"]


@pytest.fixture
def stored(org, people):
    return store_file(org, "再委託申請書 (写).pdf", PDF_BYTES, label="再委託申請書", user=people["author"])


@pytest.mark.parametrize("who", WHO)
def test_a_file_by_role(client, people, outsider, stored, who):
    if who == "outsider":
        client.force_login(outsider)
    elif who != "anonymous":
        client.force_login(people[who])
    response = client.get(stored.get_absolute_url())
    if who == "anonymous":
        assert (response.status_code, response["Location"].split("?")[0]) == (302, reverse("login"))
    elif who in ("reviewer", "outsider"):
        assert response.status_code == 404
    else:
        assert response.status_code == 200
        assert b"".join(response) == PDF_BYTES
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment;")
        assert "filename*=utf-8''%E5%86%8D%E5%A7%94%E8%A8%97" in disposition


def test_an_unknown_key_is_a_404(client, people, stored):
    client.force_login(people["admin"])
    organization, _, _token = stored.key.partition("/")
    assert client.get(reverse("stored_file", args=[int(organization), "0" * 32])).status_code == 404


def test_a_file_whose_bytes_are_gone_is_a_404_not_a_500(client, people, stored):
    from workbench.files import store

    store.discard(stored.key)
    client.force_login(people["admin"])
    assert client.get(stored.get_absolute_url()).status_code == 404
