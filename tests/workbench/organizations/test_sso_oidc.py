"""Single sign-on by OpenID Connect (ADR 0025) against a fake provider on 127.0.0.1: the
authorization code flow of mozilla-django-oidc end to end (authorize → callback → token → userinfo),
an id_token signed HS256 with the client secret, roles from the groups claim; and the settings'
Japanese refusals. The built-in login stays."""

from __future__ import annotations

import base64
import hashlib
import hmac
import importlib
import json
import os
import re
import secrets
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.error import HTTPError
from urllib.parse import parse_qs, urlencode, urlsplit
from urllib.request import HTTPRedirectHandler, build_opener

import pytest
from conftest import make_user
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import clear_url_caches, reverse

from workbench.audit.models import AuditEvent
from workbench.organizations.models import Deactivation, Membership
from workbench.organizations.sso_settings import SSOConfigError, group_roles, oidc_settings

pytestmark = pytest.mark.django_db
CLIENT_ID, SECRET = "pia-workbench", "client-secret-for-tests-0123456789"
GROUPS = {"pia-kumamoto-admin": {"熊本市": ["admin"]}, "pia-kumamoto-author": {"熊本市": ["author", "viewer"]}}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _hs256(claims: dict, key: str = SECRET) -> str:
    head = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = _b64(json.dumps(claims).encode())
    signature = hmac.new(key.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{_b64(signature)}"


class FakeProvider:
    """A minimal OpenID provider: /authorize (records the nonce, redirects with a code), /token
    (checks the client and the code, returns an id_token), /userinfo (the person's claims)."""

    def __init__(self) -> None:
        self.person: dict = {}
        self.sign_key = SECRET
        self.codes: dict[str, dict] = {}
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                url = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/authorize":
                    code = secrets.token_urlsafe(8)
                    provider.codes[code] = {"nonce": query["nonce"], "claims": dict(provider.person)}
                    target = query["redirect_uri"] + "?" + urlencode({"code": code, "state": query["state"]})
                    self.send_response(302)
                    self.send_header("Location", target)
                    self.end_headers()
                elif url.path == "/userinfo":
                    code = self.headers.get("Authorization", "").removeprefix("Bearer at-")
                    self._json(200, provider.codes[code]["claims"])
                else:
                    self._json(404, {})

            def do_POST(self) -> None:
                form = {
                    k: v[0] for k, v in parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode()).items()
                }
                grant = provider.codes.get(form.get("code", ""))
                if form.get("client_secret") != SECRET or grant is None:
                    self._json(400, {"error": "invalid_grant"})
                    return
                now = int(time.time())
                claims = {"iss": "fake", "aud": CLIENT_ID, "sub": grant["claims"]["preferred_username"], "iat": now}
                token = _hs256({**claims, "exp": now + 300, "nonce": grant["nonce"]}, provider.sign_key)
                self._json(200, {"id_token": token, "access_token": f"at-{form['code']}", "token_type": "Bearer"})

            def _json(self, status: int, data: dict) -> None:
                body = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeProvider:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


class _NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def provider(settings):
    with FakeProvider() as fake:
        environ = {
            "PIA_OIDC_CLIENT_ID": CLIENT_ID,
            "PIA_OIDC_CLIENT_SECRET": SECRET,
            "PIA_OIDC_AUTHORIZATION_URL": fake.base + "/authorize",
            "PIA_OIDC_TOKEN_URL": fake.base + "/token",
            "PIA_OIDC_USERINFO_URL": fake.base + "/userinfo",
            "PIA_OIDC_SIGN_ALGO": "HS256",
            "PIA_SSO_GROUP_ROLES": json.dumps(GROUPS),
        }
        for name, value in oidc_settings(environ).items():
            setattr(settings, name, value)
        settings.PIA_OIDC = True
        settings.AUTHENTICATION_BACKENDS = [
            *settings.AUTHENTICATION_BACKENDS,
            "workbench.organizations.sso.OIDCRoleBackend",
        ]
        _reload_urls()
        yield fake
    settings.PIA_OIDC = False
    _reload_urls()


def _reload_urls() -> None:
    import workbench.urls

    importlib.reload(workbench.urls)
    clear_url_caches()


def _sso_login(fake: FakeProvider, **person) -> tuple[Client, object]:
    """The browser's part: start at the workbench, visit the provider, come back with the code."""
    fake.person = {
        "preferred_username": "kumamoto.hanako",
        "email": "hanako@city.example.lg.jp",
        "name": "熊本 花子",
        **person,
    }
    client = Client()
    start = client.get(reverse("oidc_authentication_init"))
    assert start.status_code == 302
    assert start["Location"].startswith(fake.base + "/authorize?")
    with pytest.raises(HTTPError) as unfollowed:  # the provider's 302 back to the workbench
        build_opener(_NoRedirect).open(start["Location"])
    location = unfollowed.value.headers["Location"]
    unfollowed.value.close()
    callback = urlsplit(location)
    return client, client.get(f"{callback.path}?{callback.query}")


def _roles(user, org):
    return sorted(Membership.objects.filter(user=user, organization=org).values_list("role", flat=True))


def test_the_login_page_offers_single_sign_on_beside_the_password(client, provider):
    html = client.get(reverse("login")).content.decode()
    assert "シングルサインオン(庁内の認証基盤)でログイン" in html
    assert 'name="password"' in html


def test_without_settings_there_is_no_single_sign_on(client):
    html = client.get(reverse("login")).content.decode()
    assert "シングルサインオン" not in html
    assert client.get("/oidc/authenticate/").status_code == 404


def test_a_first_login_creates_the_account_with_the_directorys_roles(org, provider):
    client, response = _sso_login(provider, groups=["pia-kumamoto-author", "unrelated"])
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    user = get_user_model().objects.get(username="kumamoto.hanako")
    assert user.get_full_name() == "熊本 花子"
    assert not user.has_usable_password()
    assert _roles(user, org) == ["author", "viewer"]
    assert client.get(reverse("dashboard")).status_code == 200
    event = AuditEvent.objects.get(action="sso.roles")
    assert event.changes == [("役割", "(空欄)", "作成者、閲覧者")]
    assert AuditEvent.objects.filter(action="login", actor=user).exists()


def test_the_next_login_follows_the_directory_and_leaves_other_bodies_alone(org, other_org, provider):
    user = make_user("kumamoto.hanako", org, "viewer")
    Membership.objects.create(user=user, organization=other_org, role="author")
    _sso_login(provider, groups=["pia-kumamoto-admin"])
    assert _roles(user, org) == ["admin"]
    assert _roles(user, other_org) == ["author"]  # not named in PIA_SSO_GROUP_ROLES


def test_no_mapped_group_means_no_login(org, provider):
    client, response = _sso_login(provider, groups=["unrelated"])
    assert response["Location"] == "/login/?sso=failed"
    page = client.get(response["Location"]).content.decode()
    assert "シングルサインオンでログインできませんでした。" in page
    assert not get_user_model().objects.filter(username="kumamoto.hanako").exists()


def test_a_stop_by_the_admin_wins_over_the_directory(org, people, provider):
    from workbench.organizations.accounts import deactivate_member

    user = make_user("kumamoto.hanako", org, "author")
    deactivate_member(org, user, actor=people["admin"])
    assert Deactivation.objects.filter(user=user).exists()
    _client, response = _sso_login(provider, groups=["pia-kumamoto-author"])
    assert response["Location"] == "/login/?sso=failed"  # the account was closed by the stop
    assert _roles(user, org) == []


def test_a_token_signed_with_another_key_is_refused(org, provider):
    provider.sign_key = "someone-elses-key-0123456789"
    _client, response = _sso_login(provider, groups=["pia-kumamoto-author"])
    assert response.status_code == 400
    assert not get_user_model().objects.filter(username="kumamoto.hanako").exists()


# --- settings -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "PIA_SSO_GROUP_ROLES を設定してください"),
        ("{", "PIA_SSO_GROUP_ROLES がJSONとして読めません"),
        ('["a"]', 'PIA_SSO_GROUP_ROLES は {"グループ": {"団体名": ["役割", …]}} の形にしてください。'),
        ('{"g": "熊本市"}', "グループ「g」には、団体名と役割の一覧を書いてください。"),
        ('{"g": {"熊本市": ["root"]}}', "グループ「g」の団体「熊本市」の役割が正しくありません"),
    ],
)
def test_a_bad_group_mapping_is_refused_in_japanese(text, message):
    with pytest.raises(SSOConfigError, match=re.escape(message)):
        group_roles(text)


def test_a_role_may_be_written_alone():
    assert group_roles('{"g": {"熊本市": "admin"}}') == {"g": {"熊本市": ["admin"]}}


def test_missing_endpoints_are_named():
    with pytest.raises(SSOConfigError, match="PIA_OIDC_CLIENT_SECRET, PIA_OIDC_AUTHORIZATION_URL"):
        oidc_settings({"PIA_OIDC_CLIENT_ID": "x"})
    with pytest.raises(SSOConfigError, match="PIA_OIDC_JWKS_URL"):
        oidc_settings(
            {
                "PIA_OIDC_CLIENT_ID": "x",
                "PIA_OIDC_CLIENT_SECRET": "s",
                "PIA_OIDC_AUTHORIZATION_URL": "https://idp/a",
                "PIA_OIDC_TOKEN_URL": "https://idp/t",
                "PIA_OIDC_USERINFO_URL": "https://idp/u",
                "PIA_SSO_GROUP_ROLES": "{}",
            }
        )
    assert oidc_settings({}) == {}


def _django_with(env: dict[str, str]) -> subprocess.CompletedProcess:
    code = (
        "import django; django.setup(); from django.conf import settings; from django.urls import reverse; "
        "print(settings.AUTHENTICATION_BACKENDS[-1], 'mozilla_django_oidc' in settings.INSTALLED_APPS, "
        "reverse('oidc_authentication_init'), settings.OIDC_RP_SIGN_ALGO)"
    )
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PIA_")} | {
        "DJANGO_SETTINGS_MODULE": "workbench.settings",
        "PIA_VAR_DIR": os.environ["PIA_VAR_DIR"],
        **env,
    }
    return subprocess.run([sys.executable, "-c", code], env=environ, capture_output=True, text=True, check=False)


FULL = {
    "PIA_OIDC_CLIENT_ID": "pia",
    "PIA_OIDC_CLIENT_SECRET": "s",
    "PIA_OIDC_AUTHORIZATION_URL": "https://idp.city.example.lg.jp/authorize",
    "PIA_OIDC_TOKEN_URL": "https://idp.city.example.lg.jp/token",
    "PIA_OIDC_USERINFO_URL": "https://idp.city.example.lg.jp/userinfo",
    "PIA_OIDC_JWKS_URL": "https://idp.city.example.lg.jp/jwks",
    "PIA_SSO_GROUP_ROLES": '{"pia-admin": {"熊本市": ["admin"]}}',
}


def test_the_environment_turns_single_sign_on_on():
    result = _django_with(FULL)
    assert result.stdout.split() == [
        "workbench.organizations.sso.OIDCRoleBackend",
        "True",
        "/oidc/authenticate/",
        "RS256",
    ]


def test_a_bad_environment_stops_the_start_in_japanese():
    result = _django_with({**FULL, "PIA_SSO_GROUP_ROLES": '{"pia-admin": {"熊本市": ["root"]}}'})
    assert result.returncode != 0
    assert (
        "ImproperlyConfigured: PIA_SSO_GROUP_ROLES のグループ「pia-admin」の団体「熊本市」の役割が正しくありません"
        in result.stderr
    )
