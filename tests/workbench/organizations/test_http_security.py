"""HTTP hardening (ADR 0008): Content-Security-Policy without inline code anywhere, HTTPS
defaults (Secure cookies, HSTS) with the proxy's scheme header believed only from trusted
proxies, audit log filters answered in Japanese, ``var/`` owner-only."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from types import SimpleNamespace

import pytest
from conftest import ROOT
from django.urls import reverse

pytestmark = pytest.mark.django_db
SRC = ROOT / "src" / "workbench"
TEMPLATES = sorted(SRC.rglob("templates/**/*.html"))
INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "style element": re.compile(r"<style\b", re.I),
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "event handler": re.compile(r"\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


def _inline(html: str) -> list[str]:
    return [kind for kind, pattern in INLINE.items() if pattern.search(html)]


def test_the_templates_are_found():
    assert len(TEMPLATES) > 30
    assert any(p.name == "base.html" for p in TEMPLATES)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_template_carries_inline_code_or_style(template):
    assert _inline(template.read_text(encoding="utf-8")) == []


def test_the_policy_is_self_only_without_unsafe_inline(client):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe" not in policy


def test_htmx_is_told_not_to_inject_its_style_nor_to_evaluate_code(client, people):
    client.force_login(people["author"])
    html = client.get(reverse("dashboard")).content.decode()
    meta = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", html)
    assert meta is not None
    assert '"includeIndicatorStyles": false' in meta.group(1)
    assert '"allowEval": false' in meta.group(1)
    css = (SRC / "static" / "workbench" / "app.css").read_text(encoding="utf-8")
    assert ".htmx-indicator" in css


def test_rendered_pages_carry_no_inline_code(client, assessment, people, org):
    """The pages as rendered (Python-built widgets included) for staff and the public."""
    client.force_login(people["admin"])
    pages = [
        reverse("dashboard"),
        reverse("assessment_detail", args=[assessment.pk]),
        reverse("editor", args=[assessment.pk]),
        reverse("editor", args=[assessment.pk]) + "?section=II",
        reverse("history", args=[assessment.pk]),
        reverse("audit_log"),
        reverse("members", args=[org.pk]),
        reverse("password_change"),
        reverse("iken_list"),
        reverse("publication_index"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Content-Security-Policy" in response, url
        assert _inline(response.content.decode()) == [], url


def test_over_https_cookies_are_secure_and_hsts_is_sent(client, people):
    response = client.post(
        reverse("login"), {"username": "author", "password": "pw-for-tests-123"}, secure=True, REMOTE_ADDR="10.0.0.9"
    )
    assert response.status_code == 302
    assert response.cookies["sessionid"]["secure"] is True
    assert response.cookies["sessionid"]["httponly"] is True
    assert client.get(reverse("login"), secure=True)["Strict-Transport-Security"] == "max-age=31536000"


def test_hsts_is_not_sent_over_plain_http(client):
    assert "Strict-Transport-Security" not in client.get(reverse("login"))


def test_the_proxy_scheme_header_counts_only_from_a_trusted_proxy(client, settings):
    settings.PIA_TRUSTED_PROXIES = ["10.0.0.0/8"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    trusted = client.get(reverse("login"), REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    forged = client.get(reverse("login"), REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_PROTO="https")
    assert "Strict-Transport-Security" in trusted
    assert "Strict-Transport-Security" not in forged


def _settings_in(env: dict[str, str], tmp_path) -> list[str]:
    code = (
        "import workbench.settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS, getattr(s, 'SECURE_PROXY_SSL_HEADER', None))"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith(("PIA_", "DJANGO_")) and k != "DATABASE_URL"}
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**base, "PIA_VAR_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.split(maxsplit=3)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, ["True", "True", "31536000", "None"]),  # production: HTTPS unless told otherwise
        ({"PIA_HTTPS": "0"}, ["False", "False", "0", "None"]),  # make run on 127.0.0.1
        ({"DJANGO_DEBUG": "1"}, ["False", "False", "0", "None"]),
        ({"PIA_TRUSTED_PROXIES": "10.0.0.5"}, ["True", "True", "31536000", "('HTTP_X_FORWARDED_PROTO', 'https')"]),
    ],
)
def test_https_settings_by_deployment(env, expected, tmp_path):
    assert [v.strip() for v in _settings_in(env, tmp_path)] == expected


def test_a_wrong_login_limit_is_refused_at_start(tmp_path):
    base = {k: v for k, v in os.environ.items() if not k.startswith("PIA_") and k != "DATABASE_URL"}
    env = {**base, "PIA_VAR_DIR": str(tmp_path), "PIA_LOGIN_FAILURES_PER_USER": "50"}
    run = subprocess.run([sys.executable, "-c", "import workbench.settings"], env=env, capture_output=True, text=True)
    assert run.returncode != 0
    assert "PIA_LOGIN_FAILURES_PER_USER は1以上で、PIA_LOGIN_FAILURES_PER_ADDRESS 以下にしてください。" in run.stderr


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"since": "garbage"},
            "期間(開始日)</a>:日付として読み取れません: 'garbage'(書き方の例:2026-04-01、令和8年4月1日)",
        ),
        ({"until": "2026-13-45"}, "期間(終了日)</a>:2026年13月45日は存在しません(月は1～12です)。"),
        ({"since": "99999-01-01"}, "期間(開始日)</a>:日付として読み取れません: '99999-01-01'"),
        ({"since": "2026-05-01", "until": "2026-04-01"}, "終了日が開始日より前になっています。"),
        ({"actor": "x" * 500}, "実行者</a>:"),
    ],
)
def test_bad_audit_filters_get_a_japanese_message(client, people, params, message):
    client.force_login(people["admin"])
    response = client.get(reverse("audit_log"), params)
    html = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 400
    assert "絞り込みの条件に誤りがあります(誤りのある条件を除いて表示しています)。" in html
    assert message in html


def test_audit_filters_read_wareki_dates(client, people, assessment):
    client.force_login(people["admin"])
    response = client.get(reverse("audit_log"), {"since": "平成31年4月1日", "until": "令和99年1月1日"})
    assert response.status_code == 200
    assert "評価書の作成" in response.content.decode()


def test_var_is_owner_only(tmp_path, monkeypatch):
    from workbench import runtime

    var = tmp_path / "var"
    monkeypatch.setattr(runtime, "VAR_DIR", var)
    secret = runtime.persistent_secret("secret_key")
    assert runtime.persistent_secret("secret_key") == secret
    assert stat.S_IMODE(var.stat().st_mode) == 0o700
    for name in ("secret_key", ".gitignore"):
        assert stat.S_IMODE((var / name).stat().st_mode) == 0o600, name
    loose = var / "workbench.sqlite3"
    loose.write_bytes(b"")
    loose.chmod(0o644)  # left by an earlier version
    runtime.private_file(loose)
    assert stat.S_IMODE(loose.stat().st_mode) == 0o600
    cached = runtime.private_dir("consultations")
    assert stat.S_IMODE(cached.stat().st_mode) == 0o700


def test_the_sqlite_database_is_created_owner_only(tmp_path):
    base = {k: v for k, v in os.environ.items() if not k.startswith("PIA_") and k != "DATABASE_URL"}
    env = {**base, "PIA_VAR_DIR": str(tmp_path / "var")}
    subprocess.run([sys.executable, "-m", "workbench", "migrate", "-v0"], env=env, check=True)
    database = tmp_path / "var" / "workbench.sqlite3"
    assert database.stat().st_size > 0
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "var").stat().st_mode) == 0o700


def test_cached_consultation_pdfs_are_owner_only(tmp_path, monkeypatch):
    from workbench import runtime
    from workbench.consultation import documents

    monkeypatch.setattr(runtime, "VAR_DIR", tmp_path)
    monkeypatch.setitem(documents.BUILDERS, "draft", lambda consultation: b"%PDF-1.7 test")
    consultation = SimpleNamespace(pk=7, version=SimpleNamespace(number=2))
    assert documents.pdf_for(consultation, "draft") == b"%PDF-1.7 test"
    (cached,) = (tmp_path / "consultations").iterdir()
    assert stat.S_IMODE(cached.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "consultations").stat().st_mode) == 0o700
