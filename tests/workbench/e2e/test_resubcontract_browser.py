"""Browser test of the 再委託 workflow (Playwright + Debian chromium): the 作成者 opens the demo's
pending 再委託申請 from the センター委託, opens the registration form, starts the 審査 and records
an item; the 承認者 tries to decide with items open and is answered in the error summary. Every
page passes the accessibility checks and triggers no CSP violation. Same skip/CI rules as
test_browser.py."""

from __future__ import annotations

import test_browser  # the sibling module (same skip/CI rules, fixtures and helpers)
from test_browser import _check_accessibility, _login
from test_csp import RECORD_VIOLATIONS, _violations

pytestmark = test_browser.pytestmark
browser_page = test_browser.browser_page

CENTER = "熊本市マイナンバーカードセンター等運営業務委託"


def _checked(page) -> None:
    _check_accessibility(page)
    assert _violations(page) == [], page.url


def test_the_pending_application_is_reviewed_and_a_premature_decision_refused(browser_page):
    from workbench.contractors.models import Contract, Resubcontract

    page, base = browser_page
    page.add_init_script(RECORD_VIOLATIONS)
    _login(page, base, "sakusei")
    center = Contract.objects.get(name=CENTER)
    page.goto(f"{base}/itakusaki/contracts/{center.pk}/")
    _checked(page)
    page.get_by_role("link", name="再委託申請を登録する").click()
    _checked(page)
    page.get_by_role("button", name="受け付ける").click()
    assert "「再委託先名」を入力してください。" in page.locator("#error-summary").inner_text()
    _checked(page)

    resub = Resubcontract.objects.get()
    page.goto(f"{base}/itakusaki/resubcontracts/{resub.pk}/")
    _checked(page)
    page.get_by_role("button", name="審査を始める").click()
    page.wait_for_selector("text=審査を始めました。")
    _checked(page)
    first = page.locator("li.checklist-item, ol.checklist > li").first
    first.get_by_label("確認済").check()
    first.get_by_role("button", name="審査項目1を記録する").click()
    page.wait_for_selector("text=審査項目1を「確認済」にしました。")

    page.context.clear_cookies()
    _login(page, base, "shonin")
    page.goto(f"{base}/itakusaki/resubcontracts/{resub.pk}/")
    _checked(page)
    page.get_by_role("button", name="決定して通知書を作成する").click()
    assert "がまだ確認されていません" in page.locator("#error-summary").inner_text()
    _checked(page)
