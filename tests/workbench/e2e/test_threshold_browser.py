"""Browser test of the しきい値判断 result: each reason's basis, the law first and the 参考 pages
after it, and axe-core's WCAG 2.1 AA rules on the page with the result. Same skip/CI rules as
test_browser.py, whose fixtures and helpers it reuses."""

from __future__ import annotations

import test_browser  # the sibling module (same skip/CI rules, fixtures and helpers)
from test_browser import _check_accessibility, _login

pytestmark = test_browser.pytestmark
browser_page = test_browser.browser_page  # the fixture: live server, demo data, chromium page


def test_the_threshold_result_cites_the_law_first(browser_page):
    page, base = browser_page
    _login(page, base, "sakusei")
    page.goto(base + "/threshold/")
    page.get_by_label("職員の人事・給与・福利厚生等に関するファイルのみを取り扱う事務").check()
    page.get_by_role("button", name="判断する").click()
    page.get_by_role("heading", name="判断結果").wait_for()
    _check_accessibility(page)
    first = page.locator("ul.basis").first.locator("li").all_inner_texts()
    assert first[0] == "根拠:特定個人情報保護評価に関する規則 第4条第1号（平成26年4月20日施行）[V]"
    assert [line.split(":")[0] for line in first][-1] == "確度"
    assert any(line.startswith("参考:") for line in first)
