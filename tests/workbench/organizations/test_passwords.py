"""The password policy (ADR 0008): at least 12 characters, not the user name, not a common
password, not all digits, not one short string repeated; every refusal in Japanese, in the
password change form and in ``createsuperuser``. The demo password still passes."""

from __future__ import annotations

import getpass
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from workbench.procedure.demo import USERS

pytestmark = pytest.mark.django_db

REFUSED = [
    ("probe4probe4", "同じ文字や短い文字列の繰り返し(例:abcabc)だけのパスワードにはできません。"),
    ("abcabcabcabc", "同じ文字や短い文字列の繰り返し(例:abcabc)だけのパスワードにはできません。"),
    ("aaaaaaaaaaaaaaaa", "同じ文字や短い文字列の繰り返し(例:abcabc)だけのパスワードにはできません。"),
    ("Kuma-2026", "このパスワードは短すぎます。最低 12 文字以上必要です。"),
    ("password1234", "このパスワードは一般的すぎます。"),
    ("382951046712", "このパスワードは数字しか使われていません。"),
    ("author-spring-2026", "パスワードに利用者名を含めることはできません。"),
    ("6202-gnirps-rohtua", "パスワードに利用者名を含めることはできません。"),
    ("authorr", "このパスワードは ユーザー名 と似すぎています。"),
]


@pytest.mark.parametrize(("password", "message"), REFUSED)
def test_refused_passwords_are_named_in_japanese(people, password, message):
    with pytest.raises(ValidationError) as refused:
        validate_password(password, people["author"])
    assert message in refused.value.messages


@pytest.mark.parametrize("password", ["Kumamoto-2025-abc", "riverside-lantern-47", "令和八年の春に変更したもの"])
def test_good_passwords_pass(people, password):
    validate_password(password, people["author"])


def test_the_password_change_form_refuses_probe4probe4_in_japanese(client, people):
    client.force_login(people["author"])
    data = {"old_password": "pw-for-tests-123", "new_password1": "probe4probe4", "new_password2": "probe4probe4"}
    response = client.post(reverse("password_change"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "同じ文字や短い文字列の繰り返し(例:abcabc)だけのパスワードにはできません。" in html
    people["author"].refresh_from_db()
    assert people["author"].check_password("pw-for-tests-123")


def test_the_password_change_form_lists_the_rules_in_japanese(client, people):
    client.force_login(people["author"])
    html = client.get(reverse("password_change")).content.decode()
    for rule in (
        "12 文字以上",
        "よく使われるパスワードにはできません",
        "数字だけのパスワードにはできません",
        "利用者名を含むパスワードにはできません",
        "短い文字列を繰り返しただけのパスワードにはできません",
    ):
        assert rule in html


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_createsuperuser_refuses_a_weak_password_in_japanese(monkeypatch):
    answers = iter(["operator", "", "N"])  # user name, e-mail, "Bypass password validation?" no
    passwords = iter(["probe4probe4", "probe4probe4", "Kumamoto-Sec-2026!", "Kumamoto-Sec-2026!"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(passwords))
    stderr = io.StringIO()
    call_command("createsuperuser", interactive=True, stdin=_Terminal(), stdout=io.StringIO(), stderr=stderr)
    assert "同じ文字や短い文字列の繰り返し(例:abcabc)だけのパスワードにはできません。" in stderr.getvalue()
    user = get_user_model().objects.get(username="operator")
    assert user.is_superuser
    assert user.check_password("Kumamoto-Sec-2026!")


def test_the_generated_demo_password_passes_the_policy(monkeypatch, tmp_path):
    """``load_demo``'s password (var/demo_password, 12 random URL-safe characters) meets the policy
    for every demo user: drawn again until it does (Django's similarity check is an upper bound
    that refuses about 1 random draw in 100, e.g. 'AtirBuskEN8y' for etsuran)."""
    from workbench import runtime
    from workbench.procedure.demo import demo_password

    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    user_model = get_user_model()
    with pytest.raises(ValidationError):
        validate_password("AtirBuskEN8y", user_model(username="etsuran"))
    draws = iter(["AtirBuskEN8y", "probe4probe4", "Xq7-kPz2mW9r"])
    monkeypatch.setattr(runtime.secrets, "token_urlsafe", lambda n: next(draws))
    monkeypatch.setattr(runtime, "VAR_DIR", tmp_path)
    assert demo_password() == "Xq7-kPz2mW9r"
    assert demo_password() == "Xq7-kPz2mW9r"  # kept in var/ for the next run
    for username in USERS:
        validate_password("Xq7-kPz2mW9r", user_model(username=username))
