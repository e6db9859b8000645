"""Browser test of the citizen's path on a phone (375 px wide, Playwright + Debian chromium): the
consultation page carries the 概要版 itself (目的, a changed item with its value, the schedule)
without sideways scrolling, a comment is accepted without a telephone number, and axe-core (WCAG 2.1
AA) finds nothing on the consultation, confirmation and receipt pages. Same skip/CI rules as
test_browser.py, whose fixtures and helpers it reuses."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import test_browser  # the sibling module (same skip/CI rules, fixtures and helpers)
from test_browser import _check_accessibility, _login

pytestmark = test_browser.pytestmark
browser_page = test_browser.browser_page  # the fixture: live server, demo data, chromium page

PHONE = {"width": 375, "height": 812}
NAME, ADDRESS = "熊本 花子", "熊本市中央区手取本町1-1"
BODY = "委託先の監督の方法を、もう少し具体的に書いてください。"
OVERFLOW = """() => ({
  page: document.documentElement.scrollWidth, viewport: window.innerWidth,
  wide: [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
    .map(e => e.tagName + '.' + e.className).slice(0, 5),
})"""


def _fits_the_phone(page) -> None:
    """No horizontal page scroll: nothing in <main> reaches past the 375-px viewport."""
    found = page.evaluate(OVERFLOW)
    assert found["page"] <= found["viewport"], found
    assert found["wide"] == [], found


def _phone_checks(page) -> None:
    _check_accessibility(page)
    assert page.locator("script").count() == 0
    _fits_the_phone(page)


def test_a_citizen_on_a_phone_reads_the_summary_and_comments_without_a_phone_number(browser_page, tmp_path):
    from workbench.consultation.models import Comment, Consultation
    from workbench.procedure.demo.consultations import OPEN_TITLE

    page, base = browser_page
    page.set_viewport_size(PHONE)
    consultation = Consultation.objects.get(title=OPEN_TITLE)
    page.goto(f"{base}/iken/")
    page.get_by_role("link", name=OPEN_TITLE).click()
    page.wait_for_url(re.compile(rf"/iken/{consultation.pk}/$"))
    _phone_checks(page)
    page.screenshot(path=str(tmp_path / "consultation-375.png"), full_page=True)

    summary = page.get_by_role("region", name="概要版")
    assert summary.get_by_role("heading", name="1. 目的", exact=True).is_visible()
    assert "マイナンバーカード交付関係事務に関する新しい業務委託を実施いたします" in summary.inner_text()
    changed = summary.get_by_role("row").filter(has_text="委託事項2")
    assert "【追加】" in changed.get_by_role("rowheader").inner_text()
    assert "熊本市マイナンバーカードセンター等運営業務委託" in changed.get_by_role("cell").inner_text()
    assert changed.locator("ins").count() >= 1
    assert summary.get_by_role("heading", name="4. 特定個人情報保護評価のスケジュール").is_visible()
    schedule = summary.get_by_role("row").filter(has_text="パブリックコメントの実施")
    assert re.search(r"R\d+年\d+月\d+日～R\d+年\d+月\d+日", schedule.get_by_role("rowheader").inner_text())
    assert page.get_by_role("link", name=re.compile(r"^概要版\(PDF")).is_visible()  # the PDF is still offered

    assert page.get_by_label("電話番号").input_value() == ""
    assert "(任意)" in page.locator("label[for=id_phone]").inner_text()
    page.get_by_label("氏名/団体名").fill(NAME)
    page.get_by_label("住所").fill(ADDRESS)
    page.get_by_role("textbox", name="意見(必須)").fill(BODY)
    page.get_by_role("button", name="入力内容を確認する").click()

    page.wait_for_selector("h1:has-text('入力内容の確認')")
    _phone_checks(page)
    confirm = page.locator("dl.confirm").inner_text()
    assert NAME in confirm
    assert re.search(r"電話番号\s*\(記入なし\)", confirm)
    page.get_by_role("button", name="送信する").click()

    page.wait_for_selector("h1:has-text('意見を受け付けました')")
    _phone_checks(page)
    receipt = page.locator("main strong").inner_text()
    assert re.fullmatch(r"\d{4}-\d{4}", receipt)
    comment = Comment.objects.get(receipt=receipt)
    assert (comment.consultation_id, comment.name, comment.phone, comment.body) == (consultation.pk, NAME, "", BODY)


def test_the_body_accepts_anonymous_comments_and_the_citizen_sends_one(browser_page):
    """Before the period starts the 作成者 sets the form (匿名 accepted, no telephone asked); once
    open, a citizen on a phone sends a comment without name or address, recorded as 匿名."""
    from workbench import clock
    from workbench.consultation.models import Comment, Consultation
    from workbench.procedure.demo.consultations import OPEN_TITLE

    page, base = browser_page
    consultation = Consultation.objects.get(title=OPEN_TITLE)
    today = clock.today()
    Consultation.objects.filter(pk=consultation.pk).update(opens_on=today + timedelta(days=1))
    _login(page, base, "sakusei")
    page.goto(f"{base}/consultations/{consultation.pk}/")
    page.get_by_role("link", name="提出フォームの項目を設定する(募集の開始前まで)").click()
    _check_accessibility(page)
    page.get_by_label("電話番号の入力").select_option("none")
    page.get_by_label("匿名の意見", exact=True).select_option("1")
    page.get_by_role("button", name="保存する").click()
    page.wait_for_selector("text=提出フォームの設定を保存しました。")
    page.context.clear_cookies()
    Consultation.objects.filter(pk=consultation.pk).update(opens_on=today)

    page.set_viewport_size(PHONE)
    page.goto(f"{base}/iken/{consultation.pk}/")
    _phone_checks(page)
    assert page.locator("#id_phone").count() == 0
    assert "匿名でも意見を提出できます" in page.locator("main").inner_text()
    page.get_by_role("textbox", name="意見(必須)").fill(BODY)
    page.get_by_role("button", name="入力内容を確認する").click()
    page.wait_for_selector("h1:has-text('入力内容の確認')")
    _phone_checks(page)
    assert "(匿名で提出します)" in page.locator("dl.confirm").inner_text()
    page.get_by_role("button", name="送信する").click()
    page.wait_for_selector("h1:has-text('意見を受け付けました')")
    _phone_checks(page)
    comment = Comment.objects.get(receipt=page.locator("main strong").inner_text())
    assert (comment.anonymous, comment.name, comment.address, comment.phone) == (True, "", "", "")


def test_the_phone_check_catches_a_page_wider_than_the_phone(browser_page):
    """The check can fail: a 600-px block in <main> on a 375-px viewport."""
    page, base = browser_page
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/iken/")
    _fits_the_phone(page)
    page.evaluate(
        "() => { const d = document.createElement('div'); d.style.width = '600px'; d.textContent = 'x';"
        " document.querySelector('main').append(d); }"
    )
    with pytest.raises(AssertionError):
        _fits_the_phone(page)
