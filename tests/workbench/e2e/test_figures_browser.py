"""Browser test of the (別添1) figures (Playwright + Debian chromium): the 作成者 opens the chapter,
sees the demo's flow diagram as a thumbnail whose alt text is its caption, adds a figure with
its caption, sees it (loaded under the site's CSP), and saves it as a normal save. Same skip/CI
rules as test_browser.py, whose fixtures and helpers it reuses."""

from __future__ import annotations

import test_browser  # the sibling module (same skip/CI rules, fixtures and helpers)
from test_browser import _check_accessibility, _login

from pia.render.sample import sample_figure

pytestmark = test_browser.pytestmark
browser_page = test_browser.browser_page  # the fixture: live server, demo data, chromium page

CAPTION = "届出から住基ネットへの送信までの流れ(追加した図)"
LOADED = "img => img.complete && img.naturalWidth > 0"


def test_an_author_adds_a_figure_sees_its_thumbnail_and_saves(browser_page):
    from workbench.assessments.models import Assessment, Attachment
    from workbench.procedure.demo.figure import CAPTION as DEMO_CAPTION

    page, base = browser_page
    _login(page, base, "sakusei")
    assessment = Assessment.objects.get(form="full", jimu__organization__name="熊本市")
    page.goto(f"{base}/assessments/{assessment.pk}/edit/?section=bessoe1")
    demo = page.get_by_role("img", name=DEMO_CAPTION)
    assert demo.evaluate(LOADED)
    _check_accessibility(page)
    page.get_by_label("図を追加(PNG・JPEG・1ページのPDF、5MBまで)").set_input_files(
        files=[{"name": "追加の図.png", "mimeType": "image/png", "buffer": sample_figure(2)}]
    )
    page.get_by_label("追加する図の説明(キャプション)").fill(CAPTION)
    page.get_by_role("button", name="入力を反映して表示を更新").click()
    page.wait_for_selector("text=図を1枚追加しました")
    added = page.get_by_role("img", name=CAPTION)
    added.wait_for()
    assert added.evaluate(LOADED)
    assert page.get_by_label("図2の説明(キャプション)").input_value() == CAPTION
    _check_accessibility(page)
    page.get_by_role("button", name="保存する").click()
    page.wait_for_selector("text=改訂案を保存しました(第3回保存)")
    latest = assessment.versions.latest("number")
    assert [f["caption"] for f in latest.content["values"]["bessoe1.figure"]] == [DEMO_CAPTION, CAPTION]
    assert Attachment.objects.filter(assessment=assessment).count() == 2
    assert page.get_by_role("img", name=CAPTION).evaluate(LOADED)  # after the redirect, from the save
