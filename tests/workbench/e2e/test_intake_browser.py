"""Browser test of 取り込み (Playwright + Debian chromium): the 管理者 uploads a published
基礎項目評価書 as text, sees the report and the line the import could not place next to the item
it followed, adds it to an item, and registers the result as the 公表版. Same skip/CI rules as
test_browser.py, whose fixtures and helpers it reuses."""

from __future__ import annotations

import test_browser  # the sibling module (same skip/CI rules, fixtures and helpers)
from intake_sources import STRAY, text_with_stray_note
from test_browser import _check_accessibility, _login

pytestmark = test_browser.pytestmark
browser_page = test_browser.browser_page  # the fixture: live server, demo data, chromium page


def test_an_officer_brings_a_published_assessment_in_and_it_becomes_the_publication(browser_page):
    from workbench.intake.models import Intake

    page, base = browser_page
    _login(page, base, "kanri")
    page.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="取り込み").click()
    _check_accessibility(page)
    page.get_by_label("団体").select_option(label="熊本市")
    page.get_by_label("評価書のファイル(PDF・Excel・Word・テキスト)").set_input_files(
        files=[{"name": "母子保健_基礎項目評価書.txt", "mimeType": "text/plain", "buffer": text_with_stray_note()}]
    )
    page.get_by_role("button", name="取り込む").click()
    page.wait_for_selector("text=取り込みの報告")
    _check_accessibility(page)
    intake = Intake.objects.get()
    fragment = intake.fragments.get(text__contains="担当課メモ")
    row = page.locator(f"#fragment-{fragment.position}")
    assert STRAY in row.inner_text()
    row.get_by_label("追記する項目").select_option(value="cover.tokki")
    row.get_by_role("button", name="項目に追記する").click()
    page.wait_for_selector("text=テキストを「")
    if page.get_by_role("button", name="未確認のテキスト").count():
        page.get_by_role("button", name="未確認のテキスト").click()
    page.get_by_label("公表日").fill("令和3年3月31日")
    page.get_by_role("button", name="公表版として登録する").click()
    page.wait_for_selector("text=の公表版として登録しました")
    assert "公表中の版" in page.content()
    intake.refresh_from_db()
    assert intake.version.content["values"]["cover.tokki"].endswith(STRAY)
