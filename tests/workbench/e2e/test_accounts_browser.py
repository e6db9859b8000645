"""Browser test of account management (Playwright + Debian chromium): 熊本市's 管理者 opens the
members page from the header, registers a person (first with a mistyped address, answered at the
field with the other inputs kept), the person sets a password through the mailed one-time link and
logs in, and the 管理者 stops and restarts the person's use. Every page passes the accessibility
checks and triggers no CSP violation. Same skip/CI rules as test_browser.py."""

from __future__ import annotations

import re

import test_browser  # the sibling module (same skip/CI rules, fixtures and helpers)
from django.core import mail
from test_browser import _check_accessibility, _login
from test_csp import RECORD_VIOLATIONS, _violations

pytestmark = test_browser.pytestmark
browser_page = test_browser.browser_page  # the fixture: live server, demo data, chromium page

NEW_PASSWORD = "Kumamoto-2026-hana"


def _checked(page) -> None:
    _check_accessibility(page)
    assert _violations(page) == [], page.url


def test_an_admin_registers_a_person_who_sets_a_password_and_is_stopped(browser_page, settings):
    page, base = browser_page
    settings.PIA_SITE_URL = base  # the mailed link points at the live server
    page.add_init_script(RECORD_VIOLATIONS)
    _login(page, base, "kanri")
    page.locator(".who").get_by_role("link", name="熊本市").first.click()
    _checked(page)
    page.get_by_role("link", name="利用者を登録する").click()
    _checked(page)
    page.get_by_label("氏名").fill("熊本 花子")
    page.get_by_label("ユーザー名").fill("hanako")
    page.get_by_label("メールアドレス").fill("hanako-at-city")
    page.get_by_label("作成者").check()
    page.get_by_role("button", name="登録してご案内を送る").click()
    summary = page.locator("#error-summary")
    assert "「メールアドレス」の形式が正しくありません" in summary.inner_text()
    _checked(page)
    assert page.get_by_label("氏名").input_value() == "熊本 花子"  # nothing lost
    assert page.get_by_label("作成者").is_checked()
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_email"
    page.get_by_label("メールアドレス").fill("hanako@city.example.lg.jp")
    page.get_by_role("button", name="登録してご案内を送る").click()
    page.wait_for_selector("text=パスワード設定のご案内を hanako@city.example.lg.jp に送りました。")
    _checked(page)

    link = re.search(r"http://\S+/password/link/\S+/", mail.outbox[-1].body).group(0)
    page.get_by_role("button", name="ログアウト").click()
    assert link.startswith(base)
    page.goto(link)
    page.wait_for_selector("text=ユーザー名「hanako」の新しいパスワードを入力してください。")
    _checked(page)
    page.locator("#id_new_password1").fill("short")
    page.locator("#id_new_password2").fill("short")
    page.get_by_role("button", name="パスワードを設定する").click()
    assert "パスワードを設定できませんでした" in page.locator("#error-summary").inner_text()
    _checked(page)
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="パスワードを設定する").click()
    page.wait_for_selector("text=パスワードを設定しました")
    _checked(page)
    page.get_by_role("link", name="ログイン画面へ").click()
    page.get_by_label("ユーザー名").fill("hanako")
    page.get_by_label("パスワード").fill(NEW_PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(base + "/")
    page.get_by_role("button", name="ログアウト").click()

    _login(page, base, "kanri")
    page.locator(".who").get_by_role("link", name="熊本市").first.click()
    page.get_by_role("button", name="hanakoさんの利用を停止する").click()
    page.wait_for_selector("text=熊本 花子さんのこの団体での利用を停止しました。")
    _checked(page)
    page.get_by_role("button", name="hanakoさんの利用を再開する").click()
    page.wait_for_selector("text=熊本 花子さんの利用を再開しました(停止前の役割に戻しました)。")
    _checked(page)


def test_two_factor_enrolment_and_the_code_at_login(browser_page):
    """The enrolment page (QR code drawn locally) and the 確認コード page pass the checks; the code
    is computed from the secret the page shows."""
    import base64

    from django_otp.oath import TOTP

    page, base = browser_page
    page.add_init_script(RECORD_VIOLATIONS)
    _login(page, base, "sakusei")
    page.goto(base + "/password/")
    page.get_by_role("link", name="2段階認証(認証アプリ)の設定").click()
    _checked(page)
    assert page.locator("main img").get_attribute("src").startswith("data:image/svg+xml")
    key = base64.b32decode(page.locator("#otp-key").inner_text().replace(" ", "")).hex()
    page.get_by_label("確認コード(6桁の数字)").fill("000000" if TOTP(bytes.fromhex(key)).token() else "111111")
    page.get_by_role("button", name="登録する").click()
    _checked(page)
    page.get_by_label("確認コード(6桁の数字)").fill(f"{TOTP(bytes.fromhex(key)).token():06d}")
    page.get_by_role("button", name="登録する").click()
    page.wait_for_selector("text=認証アプリを登録しました。")
    _checked(page)
    page.get_by_role("button", name="ログアウト").click()
    page.get_by_label("ユーザー名").fill("sakusei")
    page.get_by_label("パスワード").fill(test_browser.PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_selector("text=6桁の確認コードを入力してください。")
    _checked(page)
    totp = TOTP(bytes.fromhex(key))
    totp.time += 30  # the next step: the code used to enrol cannot be used again
    page.get_by_label("確認コード(6桁の数字)").fill(f"{totp.token():06d}")
    page.get_by_role("button", name="確認する").click()
    page.wait_for_url(base + "/")
