"""Browser test of a 第三者点検 remark at one item (Playwright + Debian chromium): the demo's
第三者点検委員 narrows the place list to a section (htmx), opens the reviewed save item by item,
follows 「この箇所に指摘する」 beside ⑧再委託の許諾方法 of 委託事項2, records the remark with that
place chosen, and follows the remark's link back to the item. Every page passes the accessibility
checks and triggers no CSP violation. Same skip/CI rules as test_browser.py."""

from __future__ import annotations

import re

import test_browser  # the sibling module (same skip/CI rules, fixtures and helpers)
from test_browser import _check_accessibility, _login
from test_csp import RECORD_VIOLATIONS, _violations

pytestmark = test_browser.pytestmark
browser_page = test_browser.browser_page

PLACE = "II.file[#honnin].4.itaku[#card-center].8"
FIELD = "f-II_file--honnin-_4_itaku--card-center-_8"  # the item's id in the read-only view
LABEL = (
    "Ⅱ 特定個人情報ファイルの概要 (2) 本人確認情報ファイル › 4.特定個人情報ファイルの取扱いの委託 › "
    "委託事項2 › ⑧再委託の許諾方法"
)
TEXT = "再委託先の監督方法(報告の頻度)を具体的に記載してください。"


def _checked(page) -> None:
    _check_accessibility(page)
    assert _violations(page) == [], page.url


def test_a_reviewer_remarks_on_an_item_through_the_read_only_view(browser_page):
    from workbench.reviews.models import Remark, ReviewRound

    page, base = browser_page
    page.add_init_script(RECORD_VIOLATIONS)
    round_ = ReviewRound.objects.get(reviewers__username="tenken")
    _login(page, base, "tenken")
    page.goto(f"{base}/reviews/{round_.pk}/")
    _checked(page)

    places = page.locator("select#path")
    page.get_by_label("章", exact=True).select_option(label="Ⅲ 特定個人情報ファイルの取扱いプロセスにおけるリスク対策")
    page.wait_for_function("() => document.querySelector('select#path').options.length > 1")  # htmx
    assert places.locator("option").first.inner_text().startswith("Ⅲ 特定個人情報ファイルの取扱い")
    page.get_by_label("該当箇所を語句で絞り込む").fill("再委託 (2)")  # the filter box (JavaScript)
    left = places.locator("option:not([hidden])").all_inner_texts()
    assert left
    assert all("再委託" in label and "(2)" in label for label in left)
    assert len(left) < places.locator("option").count()
    assert "再委託" in places.locator("option:checked").inner_text()
    assert page.locator("#place-filter-count").inner_text() == f"{len(left)}か所が該当します。"

    page.get_by_role("link", name=re.compile("を項目ごとに表示する")).click()
    page.get_by_role("link", name="Ⅱ 特定個人情報ファイルの概要", exact=True).click()
    _checked(page)
    page.locator(f"#{FIELD}").get_by_role("link", name=re.compile("^この箇所に指摘する")).click()

    page.wait_for_url(re.compile(r"/reviews/\d+/\?path="))
    assert places.input_value() == PLACE
    assert places.locator("option:checked").inner_text() == LABEL
    page.get_by_label("指摘", exact=True).fill(TEXT)
    page.get_by_role("button", name="指摘を記録する", exact=True).click()
    page.wait_for_selector("text=指摘を記録しました。")
    _checked(page)
    assert Remark.objects.get(text=TEXT).path == PLACE
    remark = page.locator(".step").filter(has_text=TEXT)
    assert LABEL in remark.locator("h4").inner_text()

    remark.get_by_role("link", name=re.compile("読み取り専用の表示でこの箇所を見る")).click()
    page.wait_for_url(re.compile(f"#{FIELD}$"))
    assert page.locator(f"#{FIELD}").is_visible()
    _checked(page)
