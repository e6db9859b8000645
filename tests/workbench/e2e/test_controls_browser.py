"""Browser test of the controls (Playwright + Debian chromium): the 作成者 opens 「措置の確認」 from the
menu, finds the demo's monthly 現場確認 期限切れ, records a check (first dated in the future,
answered at the field with the input kept), sees it 期限内 again, then opens the 評価書's 見直し
page with the records of the past year; every page passes the accessibility checks and triggers no
CSP violation. Same skip/CI rules as test_browser.py, whose fixtures and helpers it reuses."""

from __future__ import annotations

import test_browser  # the sibling module (same skip/CI rules, fixtures and helpers)
from test_browser import _check_accessibility, _login
from test_csp import RECORD_VIOLATIONS, _violations

pytestmark = test_browser.pytestmark
browser_page = test_browser.browser_page  # the fixture: live server, demo data, chromium page

TITLE = "マイナンバーカードセンター 仕様書どおりの履行の現場確認(月1回)"


def _checked(page) -> None:
    _check_accessibility(page)
    assert _violations(page) == [], page.url


def test_an_overdue_site_check_is_recorded_and_the_review_lists_it(browser_page):
    from workbench import clock
    from workbench.controls.models import CheckRecord

    page, base = browser_page
    page.add_init_script(RECORD_VIOLATIONS)
    _login(page, base, "sakusei")
    page.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="措置の確認").click()
    _checked(page)
    row = page.locator("tr").filter(has_text=TITLE)
    assert "期限切れ" in row.inner_text()
    page.get_by_role("link", name=TITLE).click()
    _checked(page)
    assert "確認の記録(3件" in page.locator("main").inner_text()

    page.get_by_label("確認日").fill("令和99年1月1日")
    page.get_by_label("適合", exact=True).check()
    page.get_by_label("証跡(文書番号など)").fill("現場確認票 第4号")
    page.get_by_role("button", name="確認を記録する").click()
    assert "「確認日」" in page.locator("#error-summary").inner_text()
    _checked(page)
    assert page.get_by_label("証跡(文書番号など)").input_value() == "現場確認票 第4号"  # nothing lost
    page.get_by_label("確認日").fill(clock.today().isoformat())
    page.get_by_role("button", name="確認を記録する").click()
    page.wait_for_selector("text=確認を記録しました。")
    _checked(page)
    assert CheckRecord.objects.filter(evidence="現場確認票 第4号").count() == 1
    assert "期限切れ" not in page.locator("dl").inner_text()

    page.get_by_role("link", name="約束した措置の管理").click()
    _checked(page)
    page.get_by_role("link", name="見直し", exact=True).click()
    _checked(page)
    text = page.locator("main").inner_text()
    assert "現場確認票 第4号" in text
    assert "変更なし" in text
