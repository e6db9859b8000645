"""Browser test of the 計画管理書 and the お知らせ page (Playwright + Debian chromium): the 管理者 opens
both from the menu in the demo's state, marks a notification read, and every page passes the
accessibility checks with no CSP violation. Same skip/CI rules as test_browser.py, whose fixtures
and helpers it reuses."""

from __future__ import annotations

import test_browser  # the sibling module (same skip/CI rules, fixtures and helpers)
from test_browser import _check_accessibility, _login
from test_csp import RECORD_VIOLATIONS, _violations

pytestmark = test_browser.pytestmark
browser_page = test_browser.browser_page  # the fixture: live server, demo data, chromium page


def _checked(page) -> None:
    _check_accessibility(page)
    assert _violations(page) == [], page.url


def test_the_register_and_the_notifications_in_the_browser(browser_page):
    page, base = browser_page
    page.add_init_script(RECORD_VIOLATIONS)
    _login(page, base, "kanri")
    menu = page.get_by_role("navigation", name="メインメニュー")
    menu.get_by_role("link", name="計画管理書").click()
    _checked(page)
    main = page.locator("main").inner_text()
    assert "特定個人情報保護評価計画管理書(熊本市)" in main
    assert "住民基本台帳に関する事務 全項目評価書" in main
    assert "令和3年3月31日 実施" in main
    with page.expect_download() as download:
        page.get_by_role("link", name="PDFで出力").click()
    assert download.value.suggested_filename.endswith("計画管理書.pdf")

    menu.get_by_role("link", name="お知らせ").click()
    _checked(page)
    assert "は締結予定日(令和8年3月31日)を過ぎても「予定」のままです" in page.locator("main").inner_text()
    page.get_by_role("button", name="既読にする", exact=True).first.click()
    page.wait_for_selector("text=お知らせを既読にしました。")
    _checked(page)
    assert "既読" in page.locator("main table").inner_text()
    assert "未読" not in menu.inner_text()  # the header counts mailed notifications not yet read: none
