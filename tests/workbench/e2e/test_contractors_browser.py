"""Browser test of the 委託先 register (Playwright + Debian chromium): the 作成者 opens the register
from the menu, finds the センター委託 still 未定 (expected 令和8年3月頃), registers the 委託先 chosen
(first with a mistyped 法人番号, answered at the field), chooses it in the contract and marks the
contract 契約済; every page passes the accessibility checks and triggers no CSP violation. Same
skip/CI rules as test_browser.py, whose fixtures and helpers it reuses."""

from __future__ import annotations

import test_browser  # the sibling module (same skip/CI rules, fixtures and helpers)
from test_browser import _check_accessibility, _login
from test_csp import RECORD_VIOLATIONS, _violations

pytestmark = test_browser.pytestmark
browser_page = test_browser.browser_page  # the fixture: live server, demo data, chromium page

CENTER = "熊本市マイナンバーカードセンター等運営業務委託"
CHOSEN = "株式会社くまもとカードサービス"


def _checked(page) -> None:
    _check_accessibility(page)
    assert _violations(page) == [], page.url


def test_the_center_contract_is_signed_once_its_contractor_is_known(browser_page):
    from workbench.contractors.models import Contract, ContractStatus

    page, base = browser_page
    page.add_init_script(RECORD_VIOLATIONS)
    _login(page, base, "sakusei")
    page.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="委託先台帳").click()
    _checked(page)
    undecided = page.locator("table").filter(has_text="締結の予定")
    assert "令和8年3月頃" in undecided.inner_text()
    page.get_by_role("link", name="株式会社熊本データ保管センター").click()
    _checked(page)
    assert "ISMS" in page.locator("main").inner_text()
    page.get_by_role("link", name="委託先台帳").first.click()

    page.get_by_role("link", name="委託先を登録する").first.click()
    _checked(page)
    page.get_by_label("委託先名").fill(CHOSEN)
    page.get_by_label("法人番号").fill("8000012050002")
    page.get_by_role("button", name="保存する").click()
    summary = page.locator("#error-summary")
    assert "法人番号の検査用数字(先頭の1桁)が合いません" in summary.inner_text()
    _checked(page)
    assert page.get_by_label("委託先名").input_value() == CHOSEN  # nothing lost
    page.get_by_label("法人番号").fill("７０００－０１２０－５０００２")
    page.get_by_role("button", name="保存する").click()
    page.wait_for_selector(f"text=委託先「{CHOSEN}」を登録しました。")
    _checked(page)

    center = Contract.objects.get(name=CENTER)
    page.goto(f"{base}/itakusaki/contracts/{center.pk}/")
    _checked(page)
    page.get_by_role("button", name="「契約済」にする").click()
    assert "委託先が未定のため「契約済」にできません" in page.locator(".messages").inner_text()
    page.get_by_role("link", name="委託契約を変更する").click()
    _checked(page)
    page.get_by_label("委託先").select_option(label=CHOSEN)
    page.get_by_label("契約期間の始まり").fill("令和8年4月1日")
    page.get_by_label("契約期間の終わり").fill("令和8年3月31日")
    page.get_by_role("button", name="保存する").click()
    assert "「契約期間の終わり」が「契約期間の始まり」より前です。" in page.locator("#error-summary").inner_text()
    _checked(page)
    page.get_by_label("契約期間の終わり").fill("令和11年3月31日")
    page.get_by_role("button", name="保存する").click()
    page.get_by_role("button", name="「契約済」にする").click()
    page.wait_for_selector("text=「契約済」にしました。")
    _checked(page)
    center.refresh_from_db()
    assert (center.status, center.contractor.name) == (ContractStatus.SIGNED, CHOSEN)
