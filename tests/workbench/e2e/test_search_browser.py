"""Browser test of the search (Playwright + Debian chromium): the 管理者 searches 「委託」 from the
header's box on the dashboard, gets hits with a marked snippet, follows one into the editor, and a
one-character query gets the Japanese message; every page passes the accessibility checks with no
CSP violation. Same skip/CI rules as test_browser.py, whose fixtures and helpers it reuses."""

from __future__ import annotations

import test_browser  # the sibling module (same skip/CI rules, fixtures and helpers)
from test_browser import _check_accessibility, _login
from test_csp import RECORD_VIOLATIONS, _violations

pytestmark = test_browser.pytestmark
browser_page = test_browser.browser_page  # the fixture: live server, demo data, chromium page


def _checked(page) -> None:
    _check_accessibility(page)
    assert _violations(page) == [], page.url


def test_search_from_the_header_in_the_browser(browser_page):
    page, base = browser_page
    page.add_init_script(RECORD_VIOLATIONS)
    _login(page, base, "kanri")
    header = page.get_by_role("search").first
    header.get_by_label("評価書を検索").fill("委託")
    header.get_by_role("button", name="検索", exact=True).click()
    _checked(page)
    main = page.locator("main")
    assert "検索結果(" in main.inner_text()
    assert main.locator(".snippet mark").first.inner_text() == "委託"
    main.locator("ol.search-results a").first.click()
    page.wait_for_url("**/edit/?section=*")
    _checked(page)

    page.get_by_role("search").first.get_by_label("評価書を検索").fill("委")
    page.get_by_role("search").first.get_by_role("button", name="検索", exact=True).click()
    _checked(page)
    assert "1文字の語「委」では検索できません" in page.locator("main").inner_text()
