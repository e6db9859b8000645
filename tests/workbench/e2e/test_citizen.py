"""Browser test of a citizen's whole path through the 意見募集 (Playwright + Debian chromium):
submit an opinion (with a validation error first), the 作成者 answers, masks and publishes, and
the public results carry the answer but no personal data. Same skip/CI rules as test_browser.py,
whose fixtures and helpers it reuses."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import test_browser  # the sibling module (same skip/CI rules, fixtures and helpers)
from test_browser import _check_accessibility, _login

pytestmark = test_browser.pytestmark
browser_page = test_browser.browser_page  # the fixture: live server, demo data, chromium page

NAME, ADDRESS, PHONE = "熊本 太郎", "熊本市中央区手取本町1-1", "096-111-2222"
SECRET_PHONE = "080-9876-5432"  # typed inside the opinion text; the staff masks it
BODY = f"委託先の監督について意見します。詳しくは私の携帯 {SECRET_PHONE} まで。立入検査を明記してください。"
ANSWER = "委託先への立入検査を年1回行うことを評価書に追記します。"
FOCUSED = """() => {
  const el = document.activeElement, style = getComputedStyle(el);
  return {id: el.id, cls: el.className, outline: style.outlineStyle, width: parseFloat(style.outlineWidth)};
}"""


def _public_checks(page) -> None:
    """A11Y_SCRIPT (lang=ja, main#main, skip link, every input labelled) and no script."""
    _check_accessibility(page)
    assert page.locator("script").count() == 0


def _tab_to_first_control(page, first_id: str) -> None:
    page.locator("body").focus()
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["cls"] == "skip-link"  # the first stop is the skip link
    for _ in range(30):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["id"] == first_id:
            assert focused["outline"] != "none", focused
            assert focused["width"] >= 2, focused
            return
    pytest.fail(f"Tab never reached #{first_id}")


def test_citizen_submits_staff_answers_and_results_hide_personal_data(browser_page):
    from workbench import clock
    from workbench.consultation.models import Comment, Consultation
    from workbench.procedure.demo.consultations import OPEN_TITLE

    page, base = browser_page
    consultation = Consultation.objects.get(title=OPEN_TITLE)

    # (1) anonymous: login page → 意見募集 → the open consultation → form with an error → confirm → receipt
    page.goto(base + "/")
    assert "/login/" in page.url
    page.get_by_role("link", name="意見募集", exact=True).click()
    page.wait_for_url(re.compile(r"/iken/$"))
    _public_checks(page)
    page.get_by_role("link", name=OPEN_TITLE).click()
    page.wait_for_url(re.compile(rf"/iken/{consultation.pk}/$"))
    _public_checks(page)
    _tab_to_first_control(page, "id_name")
    for field in ("name", "address", "phone", "email"):
        assert page.locator(f"#id_{field}").get_attribute("autocomplete")  # WCAG 1.3.5
    page.get_by_label("氏名/団体名").fill(NAME)
    page.get_by_label("住所").fill(ADDRESS)
    page.get_by_label("電話番号").fill(PHONE)
    page.get_by_label("該当箇所").select_option("II")
    page.get_by_role("button", name="入力内容を確認する").click()  # 意見 is still empty

    page.wait_for_selector(".error-summary")
    _public_checks(page)
    assert page.title().startswith("入力エラー:")
    summary = page.locator(".error-summary")
    assert summary.get_attribute("role") == "alert"
    assert page.evaluate("() => document.activeElement.className") == "error-summary"  # focus moved there
    link = summary.get_by_role("link", name="「意見」を入力してください。")
    assert link.get_attribute("href") == "#id_body"
    body = page.locator("#id_body")
    assert body.get_attribute("aria-invalid") == "true"
    assert page.locator("#" + body.get_attribute("aria-describedby")).inner_text() == "「意見」を入力してください。"
    assert page.get_by_label("氏名/団体名").input_value() == NAME  # the input is kept
    link.click()
    assert page.evaluate("() => document.activeElement.id") == "id_body"
    page.get_by_role("textbox", name="意見(必須)").fill(BODY)
    page.get_by_role("button", name="入力内容を確認する").click()

    page.wait_for_selector("h1:has-text('入力内容の確認')")
    _public_checks(page)
    assert "まだ送信されていません" in page.content()
    assert SECRET_PHONE in page.inner_text("dl.confirm")
    page.get_by_role("button", name="送信する").click()

    page.wait_for_selector("h1:has-text('意見を受け付けました')")
    _public_checks(page)
    receipt = page.locator("main strong").inner_text()
    comment = Comment.objects.get(receipt=receipt)
    assert re.fullmatch(r"\d{4}-\d{4}", receipt)
    assert comment.consultation_id == consultation.pk
    assert (comment.name, comment.address, comment.phone, comment.item) == (NAME, ADDRESS, PHONE, "II")
    page.context.clear_cookies()

    # (2) the 作成者 tags, answers and masks the comment; after the period ends, publishes
    _login(page, base, "sakusei")
    page.get_by_role("navigation").get_by_role("link", name="意見募集").click()
    assert page.title().startswith("意見募集|")
    page.get_by_role("link", name=OPEN_TITLE).click()
    page.get_by_role("link", name=receipt).click()
    _check_accessibility(page)
    page.get_by_label("該当箇所(整理)").select_option("III")
    page.get_by_label("市の考え方").fill(ANSWER)
    page.get_by_role("button", name="保存する").click()
    page.wait_for_selector(f"text=受付番号 {receipt} の整理を保存しました。")
    comment.refresh_from_db()
    assert comment.tag == "III"
    assert comment.answer == ANSWER

    today = clock.today()
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_on=today - timedelta(days=40), closes_on=today - timedelta(days=1)
    )
    page.reload()
    page.get_by_role("link", name=re.compile("「意見の概要と市の考え方」の公表へ進む")).click()
    _check_accessibility(page)  # the check before publishing finds the phone number in the text
    assert page.get_by_label(f"電話番号:「{SECRET_PHONE}」を伏せる").is_checked()
    page.get_by_role("button", name="「意見の概要と市の考え方」を公表する").click()
    page.wait_for_selector("text=個人情報と思われる記載が1件(1件の意見)あります。")  # not yet
    page.get_by_role("button", name="選んだ語句を伏せる").click()
    page.wait_for_selector("text=1件の語句を伏せました。")
    comment.refresh_from_db()
    assert comment.masks == [SECRET_PHONE]
    assert SECRET_PHONE not in comment.masked_body()
    page.get_by_role("button", name="「意見の概要と市の考え方」を公表する").click()
    page.wait_for_selector("text=「意見の概要と市の考え方」を公表しました。")
    page.context.clear_cookies()

    # (3) anonymous: the results page has the answer and the masked text, no personal data
    page.goto(f"{base}/iken/")
    assert "/login/" not in page.url
    page.locator("li", has_text=OPEN_TITLE).get_by_role("link", name="意見の概要と市の考え方").click()
    page.wait_for_url(re.compile(rf"/iken/{consultation.pk}/kekka/$"))
    _public_checks(page)
    html = page.content()
    assert ANSWER in html
    assert "＊＊＊" in html
    assert "立入検査を明記してください" in html
    for secret in (NAME, ADDRESS, PHONE, SECRET_PHONE):
        assert secret not in html
