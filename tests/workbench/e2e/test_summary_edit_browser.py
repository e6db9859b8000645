"""Browser test of the 概要版's edit page (Playwright + Debian chromium): the 作成者 opens it from the
demo's open consultation, rewords a schedule row's 内容 to the seed's 審議会 wording, adds a row with
a free-text 時期, leaves one half-filled (told which field, the input kept), saves, resets the
schedule to the generated rows; every state passes the accessibility checks. Same skip/CI rules as
test_browser.py, whose fixtures and helpers it reuses."""

from __future__ import annotations

import os

import test_browser  # the sibling module (same skip/CI rules, fixtures and helpers)
from test_browser import _check_accessibility, _login

pytestmark = test_browser.pytestmark
browser_page = test_browser.browser_page  # the fixture: live server, demo data, chromium page

THIRD_PARTY = "第三者点検（熊本市情報公開・個人情報保護審議会内の特定個人情報保護評価専門部会）の実施"


def test_the_schedule_is_reworded_row_by_row_and_reset(browser_page):
    from workbench.consultation.models import Consultation
    from workbench.procedure.demo.consultations import OPEN_TITLE

    page, base = browser_page
    consultation = Consultation.objects.get(title=OPEN_TITLE)
    _login(page, base, "sakusei")
    page.goto(f"{base}/consultations/{consultation.pk}/")
    page.get_by_role("link", name="概要版を編集する(目的・主な修正箇所・日程・問合せ先)").click()
    _check_accessibility(page)
    schedule = page.locator("section", has=page.get_by_role("heading", name="日程"))
    assert "自動作成" in schedule.get_by_role("heading").inner_text()
    assert schedule.get_by_label("2行目の内容(1行に1つ)").input_value() == "第三者点検の実施"

    schedule.get_by_label("2行目の内容(1行に1つ)").fill(THIRD_PARTY)
    schedule.get_by_role("button", name="行を追加").click()  # nothing saved yet: one more blank row
    schedule = page.locator("section", has=page.get_by_role("heading", name="日程"))
    rows = schedule.locator("tbody tr").count()
    schedule.get_by_label(f"{rows - 1}行目の時期", exact=True).fill("令和9年度中(予定)")
    schedule.get_by_label(f"{rows - 1}行目の内容(1行に1つ)").fill("評価書の見直し")
    schedule.get_by_label(f"{rows}行目の時期", exact=True).fill("時期だけの行")
    schedule.get_by_role("button", name="日程を保存する").click()
    alert = page.get_by_role("alert").filter(has_text="日程の入力内容に誤りがあります")
    assert f"「日程{rows}行目の内容」を入力してください。" in alert.inner_text()
    _check_accessibility(page)
    schedule = page.locator("section", has=page.get_by_role("heading", name="日程"))
    assert schedule.get_by_label("2行目の内容(1行に1つ)").input_value() == THIRD_PARTY  # nothing lost
    schedule.get_by_label(f"{rows}行目の時期", exact=True).fill("")
    schedule.get_by_role("button", name="日程を保存する").click()
    page.wait_for_selector("text=概要版の「日程」を保存しました。")
    _check_accessibility(page)
    if os.environ.get("PIA_SCREENSHOT"):
        page.screenshot(path=os.environ["PIA_SCREENSHOT"], full_page=True)
    consultation.refresh_from_db()
    assert consultation.schedule_rows[-1] == {"when": "令和9年度中(予定)", "content": ["評価書の見直し"]}
    assert THIRD_PARTY in consultation.schedule_rows[1]["content"]
    schedule = page.locator("section", has=page.get_by_role("heading", name="日程"))
    assert "編集済み" in schedule.get_by_role("heading").inner_text()

    schedule.get_by_role("button", name="自動作成の文に戻す").click()
    page.wait_for_selector("text=概要版の「日程」を自動作成の文に戻しました。")
    _check_accessibility(page)
    consultation.refresh_from_db()
    assert (consultation.schedule_rows, consultation.schedule_texts) == ([], {})
    schedule = page.locator("section", has=page.get_by_role("heading", name="日程"))
    assert schedule.get_by_label("2行目の内容(1行に1つ)").input_value() == "第三者点検の実施"
