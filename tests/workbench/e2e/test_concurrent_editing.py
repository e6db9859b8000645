"""Browser test of two people editing the same chapter at the same time (Playwright + Debian
chromium, two browser contexts = two browsers): different fields are merged and both edits are in
the latest save; the same field changed differently shows both values and the second person
chooses. Same skip/CI rules as test_browser.py, whose helpers it reuses."""

from __future__ import annotations

import re

import pytest
import test_browser  # the sibling module (same skip/CI rules and helpers)
from test_browser import PASSWORD, _check_accessibility, _login

pytestmark = test_browser.pytestmark
ITAKU = "II.file[#jumin].4.itaku"
THEIRS = "相手の保存した内容"


@pytest.fixture
def two_browsers(live_server, chromium_path, monkeypatch):
    """The demo data and two logged-in browsers: 管理者 kanri and 作成者 sakusei."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop (undone after)
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    from django.db import connections

    from workbench.procedure.demo import load_demo

    load_demo()
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
    with test_browser.playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium_path), args=args)
        pages = []
        for username in ("kanri", "sakusei"):
            page = browser.new_context().new_page()
            page.set_default_timeout(20000)
            _login(page, live_server.url, username)
            pages.append(page)
        yield (*pages, live_server.url)
        browser.close()
        connections.close_all()  # the test body ran in Playwright's context: close its connections


def _assessment():
    from workbench.assessments.models import Assessment

    return Assessment.objects.get(form="full", jimu__organization__name="熊本市")


def _open(page, base: str, assessment, section: str) -> None:
    page.goto(f"{base}/assessments/{assessment.pk}/edit/?section={section}")
    page.wait_for_selector("#editor-form")


def _latest_values(assessment) -> dict:
    return assessment.versions.order_by("-number").first().content["values"]


def _itaku(values: dict, element: str, key: str) -> str:
    file = next(f for f in values["files"] if f["id"] == "jumin")
    return next(e for e in file["II.file.4.itaku"] if e["id"] == element)[key]


def test_two_people_edit_different_fields_of_one_chapter_and_both_edits_are_saved(two_browsers):
    theirs, mine, base = two_browsers
    assessment = _assessment()
    before = assessment.versions.count()
    for page in (theirs, mine):
        _open(page, base, assessment, "II")
    theirs.locator(f'[name="{ITAKU}[#kizon-hoshu].1"]').fill("管理者が書き直した委託内容(既存住基システムの保守)")
    mine.locator(f'[name="{ITAKU}[#baitai-hokan].1"]').fill("作成者が書き直した委託内容(媒体の保管)")
    theirs.get_by_role("button", name="保存する").click()
    theirs.wait_for_selector(f"text=保存しました(第{before + 1}回保存)")
    mine.get_by_role("button", name="保存する").click()
    message = mine.locator(".messages").inner_text()
    assert f"編集中にkanriさんが保存していたため(第{before + 1}回保存)、その変更(" in message
    assert "委託事項1 › ①委託内容" in message
    assert f"と統合して保存しました(第{before + 2}回保存)。" in message
    _check_accessibility(mine)
    values = _latest_values(assessment)
    assert _itaku(values, "kizon-hoshu", "II.file.4.itaku.1").startswith("管理者が書き直した委託内容")
    assert _itaku(values, "baitai-hokan", "II.file.4.itaku.1").startswith("作成者が書き直した委託内容")
    # the page now shows both edits, ready for the next one
    assert mine.locator(f'[name="{ITAKU}[#kizon-hoshu].1"]').input_value().startswith("管理者が書き直した")


def test_the_same_field_changed_by_both_shows_both_values_and_the_second_person_chooses(two_browsers):
    theirs, mine, base = two_browsers
    assessment = _assessment()
    before = assessment.versions.count()
    for page in (theirs, mine):
        _open(page, base, assessment, "cover")
    theirs.locator('[name="cover.name"]').fill("住民基本台帳に関する事務 全項目評価書(管理者案)")
    mine.locator('[name="cover.name"]').fill("住民基本台帳に関する事務 全項目評価書(作成者案)")
    mine.locator('[name="cover.agency"]').fill("熊本市長(作成者が確認)")
    theirs.get_by_role("button", name="保存する").click()
    theirs.wait_for_selector(f"text=保存しました(第{before + 1}回保存)")
    mine.get_by_role("button", name="保存する").click()

    mine.wait_for_selector("text=保存の競合:同じ項目が両方で変更されています")
    _check_accessibility(mine)
    choice = mine.locator("fieldset.conflict-choice")
    assert choice.count() == 1
    assert "評価書名" in choice.locator("legend").inner_text()
    assert "(作成者案)" in choice.inner_text()
    assert "(管理者案)" in choice.inner_text()
    assert "評価実施機関名" in mine.locator("section[aria-labelledby=merged-h]").inner_text()
    assert assessment.versions.count() == before + 1  # nothing saved yet

    mine.get_by_role("button", name="選んだ内容で保存").click()  # no choice: the error summary
    mine.wait_for_selector("#error-summary")
    _check_accessibility(mine)
    mine.locator("#error-summary").get_by_role("link", name=re.compile("評価書名")).click()
    assert mine.url.endswith("#conflict-1-mine")

    mine.get_by_label(re.compile(THEIRS)).check()
    mine.get_by_role("button", name="選んだ内容で保存").click()
    mine.wait_for_selector(f"text=保存しました(第{before + 2}回保存)")
    values = _latest_values(assessment)
    assert values["cover.name"].endswith("(管理者案)")  # the colleague's value, chosen, kept
    assert values["cover.agency"] == "熊本市長(作成者が確認)"  # my other change, merged
    _check_accessibility(mine)
