"""A 管理者 manages the accounts of the organisation's people: registers them (invitation mail
with a one-time link), stops and restarts their use, sends a password reset link. Each view is
tried by the organisation's 管理者, another body's 管理者, an 作成者 and an anonymous visitor."""

from __future__ import annotations

import re

import pytest
from conftest import make_user
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from workbench.audit.models import AuditEvent
from workbench.organizations.models import Deactivation, Membership

pytestmark = pytest.mark.django_db

NEW = {"full_name": "熊本 花子", "username": "hanako", "email": "hanako@city.example.lg.jp", "roles": ["author"]}
LINK = re.compile(r"http://[^\s]+/password/link/[^\s]+/")


def _roles(user, org):
    return sorted(Membership.objects.filter(user=user, organization=org).values_list("role", flat=True))


def _who(people, outsider, who):
    return {"admin": people["admin"], "other_admin": outsider, "author": people["author"], "anonymous": None}[who]


def _as(client, user):
    if user is not None:
        client.force_login(user)


def _logs_in(username: str, password: str) -> bool:
    from django.test import Client

    response = Client().post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302


def _person_urls(org, person):
    return {
        name: reverse(name, args=[org.pk, person.pk])
        for name in ("member_deactivate", "member_reactivate", "member_password_reset")
    }


# --- who may do what: every view × role ---------------------------------------------------------

EXPECTED = {"admin": 200, "other_admin": 404, "author": 403, "anonymous": 302}


@pytest.mark.parametrize("who", ["admin", "other_admin", "author", "anonymous"])
def test_the_registration_page_by_role(client, org, people, outsider, who):
    _as(client, _who(people, outsider, who))
    url = reverse("member_new", args=[org.pk])
    page = client.get(url)
    posted = client.post(url, NEW)
    if who == "anonymous":
        assert page.status_code == posted.status_code == 302
        assert page["Location"].startswith(reverse("login"))
    else:
        assert page.status_code == EXPECTED[who]
        assert posted.status_code == {"admin": 302}.get(who, EXPECTED[who])
    assert get_user_model().objects.filter(username="hanako").exists() == (who == "admin")
    assert len(mail.outbox) == (1 if who == "admin" else 0)


@pytest.mark.parametrize("who", ["admin", "other_admin", "author", "anonymous"])
@pytest.mark.parametrize("name", ["member_deactivate", "member_password_reset"])
def test_the_person_actions_by_role(client, org, people, outsider, who, name):
    people["viewer"].email = "viewer@city.example.lg.jp"
    people["viewer"].save()
    _as(client, _who(people, outsider, who))
    response = client.post(_person_urls(org, people["viewer"])[name])
    if who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == {"admin": 302}.get(who, EXPECTED[who])
    done = who == "admin"
    assert Deactivation.objects.filter(user=people["viewer"]).exists() == (done and name == "member_deactivate")
    assert len(mail.outbox) == (1 if done and name == "member_password_reset" else 0)


@pytest.mark.parametrize("who", ["admin", "other_admin", "author", "anonymous"])
def test_the_restart_by_role(client, org, people, outsider, who):
    from workbench.organizations.accounts import deactivate_member

    deactivate_member(org, people["viewer"], actor=people["admin"])
    _as(client, _who(people, outsider, who))
    response = client.post(_person_urls(org, people["viewer"])["member_reactivate"])
    assert response.status_code == {"admin": 302}.get(who, EXPECTED[who])
    assert (_roles(people["viewer"], org) == ["viewer"]) == (who == "admin")


@pytest.mark.parametrize("name", ["member_deactivate", "member_reactivate", "member_password_reset"])
def test_another_bodys_person_is_a_404_like_a_missing_id(client, org, people, outsider, name):
    client.force_login(people["admin"])
    elsewhere = client.post(reverse(name, args=[org.pk, outsider.pk]))
    nowhere = client.post(reverse(name, args=[org.pk, 999999]))
    assert elsewhere.status_code == nowhere.status_code == 404
    assert outsider.memberships.count() == 5
    assert not mail.outbox


@pytest.mark.parametrize("name", ["member_deactivate", "member_reactivate", "member_password_reset"])
def test_the_person_actions_take_no_get(client, org, people, name):
    client.force_login(people["admin"])
    assert client.get(_person_urls(org, people["viewer"])[name]).status_code == 405


def test_the_members_page_shows_the_management_to_admins_only(client, org, people):
    client.force_login(people["author"])
    html = client.get(reverse("members", args=[org.pk])).content.decode()
    assert "利用者を登録する" not in html
    assert "さんの利用を停止する" not in html
    client.force_login(people["admin"])
    html = client.get(reverse("members", args=[org.pk])).content.decode()
    assert "利用者を登録する" in html
    assert "viewerさんの利用を停止する" in html
    assert "adminさんの利用を停止する" not in html  # not oneself
    assert "viewerさんにパスワード再設定のメールを送る" in html


# --- registering a person -------------------------------------------------------------------------


def test_registering_creates_the_account_sends_the_invitation_and_is_audited(client, org, people):
    client.force_login(people["admin"])
    response = client.post(reverse("member_new", args=[org.pk]), {**NEW, "roles": ["author", "viewer"]}, follow=True)
    html = response.content.decode()
    assert (
        "熊本 花子さん(ユーザー名 hanako)を登録し、パスワード設定のご案内を hanako@city.example.lg.jp に送りました。"
        in html
    )
    user = get_user_model().objects.get(username="hanako")
    assert user.get_full_name() == "熊本 花子"
    assert user.is_active
    assert not user.has_usable_password()
    assert _roles(user, org) == ["author", "viewer"]
    [message] = mail.outbox
    assert message.to == ["hanako@city.example.lg.jp"]
    assert message.subject == "【特定個人情報保護評価ワークベンチ】利用者登録のご案内"
    assert "熊本 花子 様" in message.body
    assert (
        "熊本市の管理者(admin)が、あなたを特定個人情報保護評価ワークベンチの利用者として登録しました。" in message.body
    )
    assert "ユーザー名は「hanako」です。" in message.body
    assert "1回だけ使えます" in message.body
    assert LINK.search(message.body)
    event = AuditEvent.objects.get(action="account.create")
    assert event.organization == org
    assert event.actor == people["admin"]
    assert event.details == {"user": "hanako", "name": "熊本 花子", "roles": ["作成者", "閲覧者"]}


BAD = [
    ({"full_name": ""}, "「氏名」を入力してください。", "id_full_name"),
    ({"username": ""}, "「ユーザー名」を入力してください。", "id_username"),
    ({"username": "熊本 太郎"}, "「ユーザー名」には半角の英字・数字と「@ . + - _」だけを使ってください", "id_username"),
    ({"username": "a" * 151}, "「ユーザー名」は150文字以内で入力してください(入力は151文字です)。", "id_username"),
    ({"email": "hanako-at-city"}, "「メールアドレス」の形式が正しくありません", "id_email"),
    ({"email": ""}, "「メールアドレス」を入力してください。", "id_email"),
    ({"roles": []}, "「役割」を1つ以上選んでください。", "id_roles_0"),
    ({"roles": ["root"]}, "「役割」を選び直してください(選べる候補にありません)。", "id_roles_0"),
    ({"username": "AUTHOR"}, "このユーザー名は使用できません。別のユーザー名を入力してください。", "id_username"),
]


@pytest.mark.parametrize(("change", "message", "anchor"), BAD)
def test_a_bad_input_names_the_field_keeps_the_input_and_creates_nothing(client, org, people, change, message, anchor):
    client.force_login(people["admin"])
    before = get_user_model().objects.count()
    response = client.post(reverse("member_new", args=[org.pk]), {**NEW, **change})
    html = response.content.decode()
    assert response.status_code == 422
    assert 'class="errorlist error-summary" role="alert"' in html
    assert message in html
    assert f'href="#{anchor}"' in html
    for key in ("full_name", "username", "email"):
        value = change.get(key, NEW[key])
        if value and key not in change:
            assert f'value="{value}"' in html  # the other inputs are kept
    assert get_user_model().objects.count() == before
    assert not mail.outbox
    assert not AuditEvent.objects.filter(action="account.create").exists()


def test_a_user_name_of_another_body_is_refused_with_the_same_words(client, org, people, outsider):
    """The answer for a name held by another body's person is the one for a name held here."""
    client.force_login(people["admin"])
    url = reverse("member_new", args=[org.pk])
    here = client.post(url, {**NEW, "username": "viewer"}).content.decode()
    elsewhere = client.post(url, {**NEW, "username": "other"}).content.decode()
    strip = re.compile(r'value="(viewer|other)"|"X-CSRFToken": "[^"]*"|name="csrfmiddlewaretoken" value="[^"]*"')
    assert strip.sub("", here) == strip.sub("", elsewhere)
    assert not Membership.objects.filter(user=outsider, organization=org).exists()


def test_registering_without_mail_is_refused(client, org, people, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    client.force_login(people["admin"])
    page = client.get(reverse("member_new", args=[org.pk])).content.decode()
    assert "メールの送信が設定されていないため、いまは利用者を登録できません。" in page
    response = client.post(reverse("member_new", args=[org.pk]), NEW)
    assert response.status_code == 422
    assert "パスワード設定のご案内を送れません" in response.content.decode()
    assert not get_user_model().objects.filter(username="hanako").exists()


def test_a_refused_mail_creates_nothing(client, org, people, monkeypatch):
    from django.core.mail import EmailMessage

    def refuse(self, fail_silently=False):
        raise ConnectionRefusedError("relay down")

    monkeypatch.setattr(EmailMessage, "send", refuse)
    client.force_login(people["admin"])
    response = client.post(reverse("member_new", args=[org.pk]), NEW)
    assert response.status_code == 422
    assert "メールを送信できませんでした(ConnectionRefusedError)。何も変更していません。" in response.content.decode()
    assert 'value="hanako@city.example.lg.jp"' in response.content.decode()
    assert not get_user_model().objects.filter(username="hanako").exists()


# --- the one-time link ----------------------------------------------------------------------------


def _invite(client, org, people):
    client.force_login(people["admin"])
    client.post(reverse("member_new", args=[org.pk]), NEW)
    client.logout()
    return LINK.search(mail.outbox[-1].body).group(0)


def test_the_invitation_link_sets_the_password_once(client, org, people):
    link = _invite(client, org, people)
    opened = client.get(link)
    assert opened.status_code == 302  # Django moves the token out of the address
    form_url = opened["Location"]
    page = client.get(form_url).content.decode()
    assert "ユーザー名「hanako」の新しいパスワードを入力してください。" in page
    response = client.post(form_url, {"new_password1": "Kumamoto-2026-hana", "new_password2": "Kumamoto-2026-hana"})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_link_done")
    assert _logs_in("hanako", "Kumamoto-2026-hana")
    client.logout()
    again = client.get(link)
    assert again.status_code == 200
    assert "このリンクは使えません。" in again.content.decode()
    event = AuditEvent.objects.get(action="password_reset")
    assert event.organization == org
    assert event.actor_name == "hanako"


def test_a_weak_password_on_the_link_page_names_the_field(client, org, people):
    link = _invite(client, org, people)
    form_url = client.get(link)["Location"]
    response = client.post(form_url, {"new_password1": "hanako12345678", "new_password2": "hanako12345678"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "パスワードを設定できませんでした" in html
    assert "パスワードに利用者名を含めることはできません。" in html
    assert "「新しいパスワード(確認用)」:" in html or "「新しいパスワード」:" in html
    assert not get_user_model().objects.get(username="hanako").has_usable_password()


def test_the_link_expires(client, org, people, freeze_clock, settings):
    settings.PASSWORD_RESET_TIMEOUT = 24 * 3600
    freeze_clock("2026-12-08T09:00:00+09:00")
    link = _invite(client, org, people)
    assert "このリンクは令和8年12月9日(2026-12-09) 09:00まで有効で" in mail.outbox[-1].body
    freeze_clock("2026-12-09T08:59:00+09:00")
    assert client.get(link).status_code == 302
    freeze_clock("2026-12-09T09:00:01+09:00")
    expired = client.get(link)
    assert expired.status_code == 200
    assert "有効期限が過ぎたか" in expired.content.decode()


@pytest.mark.parametrize("link", ["/password/link/MQ/abc-123/", "/password/link/!!/x/"])
def test_an_altered_link_gets_the_japanese_page(client, link):
    response = client.get(link)
    assert response.status_code == 200
    assert "このリンクは使えません。" in response.content.decode()


def test_the_admin_sends_a_reset_link(client, org, people):
    people["viewer"].email = "viewer@city.example.lg.jp"
    people["viewer"].save()
    client.force_login(people["admin"])
    response = client.post(_person_urls(org, people["viewer"])["member_password_reset"], follow=True)
    assert "viewerさんに、パスワード再設定のご案内(24時間有効・1回限りのリンク)をメールで送りました。" in (
        response.content.decode()
    )
    [message] = mail.outbox
    assert message.to == ["viewer@city.example.lg.jp"]
    assert message.subject == "【特定個人情報保護評価ワークベンチ】パスワード再設定のご案内"
    assert "ユーザー名「viewer」の新しいパスワード" in message.body
    client.logout()
    form_url = client.get(LINK.search(message.body).group(0))["Location"]
    client.post(form_url, {"new_password1": "Kumamoto-2026-view", "new_password2": "Kumamoto-2026-view"})
    assert _logs_in("viewer", "Kumamoto-2026-view")
    assert AuditEvent.objects.filter(action="password_reset.send", organization=org, actor=people["admin"]).exists()


def test_a_reset_without_an_address_is_refused(client, org, people):
    client.force_login(people["admin"])
    response = client.post(_person_urls(org, people["viewer"])["member_password_reset"])
    assert response.status_code == 422
    assert "viewerさんのメールアドレスが登録されていないため、再設定のご案内を送れません。" in response.content.decode()
    assert not mail.outbox


# --- stopping and restarting ----------------------------------------------------------------------


def test_a_stop_keeps_the_record_ends_the_login_and_the_sessions(client, org, people):
    from django.test import Client

    theirs = Client()
    theirs.force_login(people["viewer"])
    assert theirs.get(reverse("dashboard")).status_code == 200
    client.force_login(people["admin"])
    response = client.post(_person_urls(org, people["viewer"])["member_deactivate"], follow=True)
    html = response.content.decode()
    assert "viewerさんのこの団体での利用を停止しました。" in html
    assert "利用を停止している利用者" in html
    assert "viewerさんの利用を再開する" in html
    viewer = get_user_model().objects.get(pk=people["viewer"].pk)  # never deleted
    assert not viewer.is_active
    assert _roles(viewer, org) == []
    assert theirs.get(reverse("dashboard")).status_code == 302  # the session is gone
    assert not _logs_in("viewer", "pw-for-tests-123")
    event = AuditEvent.objects.get(action="account.deactivate")
    assert event.details == {"user": "viewer", "roles": ["閲覧者"], "account_closed": True, "sessions_ended": 1}


def test_a_restart_gives_back_the_roles_and_the_login(client, org, people):

    make_user("admin2", org, "admin")
    client.force_login(people["admin"])
    client.post(
        reverse("member_roles", args=[org.pk, people["approver"].pk]),
        {"roles": ["approver", "author"], "seen": "approver"},
    )
    client.post(_person_urls(org, people["approver"])["member_deactivate"])
    response = client.post(_person_urls(org, people["approver"])["member_reactivate"], follow=True)
    assert "approverさんの利用を再開しました(停止前の役割に戻しました)。" in response.content.decode()
    assert _roles(people["approver"], org) == ["approver", "author"]
    assert get_user_model().objects.get(pk=people["approver"].pk).is_active
    assert _logs_in("approver", "pw-for-tests-123")
    event = AuditEvent.objects.get(action="account.reactivate")
    assert event.details == {"user": "approver", "roles": ["作成者", "承認者"], "account_reopened": True}


def test_a_person_of_two_bodies_stopped_in_one_keeps_the_other(client, org, other_org, people, outsider):
    from django.test import Client

    both = make_user("both", org, "author")
    Membership.objects.create(user=both, organization=other_org, role="viewer")
    client.force_login(people["admin"])
    client.post(_person_urls(org, both)["member_deactivate"])
    both.refresh_from_db()
    assert both.is_active
    theirs = Client()
    theirs.post(reverse("login"), {"username": "both", "password": "pw-for-tests-123"})
    assert theirs.get(reverse("members", args=[org.pk])).status_code == 404
    assert theirs.get(reverse("members", args=[other_org.pk])).status_code == 200
    # stopped in the second body too: no login at all; restarting the first opens it again
    client.force_login(outsider)
    client.post(_person_urls(other_org, both)["member_deactivate"])
    both.refresh_from_db()
    assert not both.is_active
    client.force_login(people["admin"])
    client.post(_person_urls(org, both)["member_reactivate"])
    both.refresh_from_db()
    assert both.is_active
    assert _roles(both, org) == ["author"]
    assert _roles(both, other_org) == []


def test_one_of_two_admins_may_be_stopped(client, org, people):
    other = make_user("admin2", org, "admin")
    client.force_login(other)
    assert client.post(_person_urls(org, people["admin"])["member_deactivate"]).status_code == 302
    assert _roles(people["admin"], org) == []


def test_the_last_admin_is_refused_in_japanese(client, org, people):
    from django.contrib.auth import get_user_model as users

    operator = users().objects.create_superuser("operator", password="pw-for-tests-123")
    Membership.objects.create(user=operator, organization=org, role="viewer")  # the operator, seeing 熊本市
    client.force_login(operator)
    response = client.post(_person_urls(org, people["admin"])["member_deactivate"])
    assert response.status_code == 422
    assert "adminさんはこの団体の最後の管理者のため、利用を停止できません。先にほかの方を管理者にしてください。" in (
        response.content.decode()
    )
    assert _roles(people["admin"], org) == ["admin"]


def test_an_admin_cannot_stop_themselves(client, org, people):
    make_user("admin2", org, "admin")
    client.force_login(people["admin"])
    response = client.post(_person_urls(org, people["admin"])["member_deactivate"])
    assert response.status_code == 422
    assert "自分自身の利用は停止できません。" in response.content.decode()
    assert _roles(people["admin"], org) == ["admin"]


def test_a_stopped_person_gets_no_reset_link_and_a_second_stop_is_refused(client, org, people):
    people["viewer"].email = "viewer@city.example.lg.jp"
    people["viewer"].save()
    client.force_login(people["admin"])
    urls = _person_urls(org, people["viewer"])
    client.post(urls["member_deactivate"])
    reset = client.post(urls["member_password_reset"])
    assert reset.status_code == 422
    assert "viewerさんは利用を停止しているため、パスワードの再設定はできません。" in reset.content.decode()
    again = client.post(urls["member_deactivate"])
    assert again.status_code == 422
    assert "viewerさんは、この団体の利用をすでに停止しています。" in again.content.decode()
    assert not mail.outbox
