"""Browser tests (Playwright + Debian chromium): the seed scenario and basic accessibility.

The marker ``browser`` (the root conftest.py): skipped on a developer machine without chromium, and
the end of the run says so with the command that installs it; a failure under .ci/run
(``PIA_REQUIRE_BROWSER=1``), which installs it. Playwright and axe-playwright-python are dev
dependencies. Never runs ``playwright install``."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright import sync_api as playwright

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True), pytest.mark.browser]
PASSWORD = "demo-pass-e2e-123"
A11Y_SCRIPT = """() => {
  const unlabelled = [];
  for (const el of document.querySelectorAll('input:not([type=hidden]), textarea, select')) {
    const named = (el.labels && el.labels.length) || el.getAttribute('aria-label') || el.closest('label');
    if (!named) unlabelled.push(el.name || el.id);
  }
  return {
    lang: document.documentElement.lang,
    main: !!document.querySelector('main#main'),
    skip: !!document.querySelector('a.skip-link[href="#main"]'),
    unlabelled,
  };
}"""


@pytest.fixture
def browser_page(live_server, chromium_path, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop (undone after)
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    from django.db import connections

    from workbench.procedure.demo import load_demo

    load_demo()
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium_path), args=args)
        page = browser.new_page(accept_downloads=True)
        page.set_default_timeout(20000)
        yield page, live_server.url
        browser.close()
        connections.close_all()  # the test body ran in Playwright's context: close its connections


# axe-core (bundled by axe-playwright-python, run inside the page: no network) with the WCAG 2.1
# A/AA rules, the success criteria JIS X 8341-3:2016 adopts.
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def _check_accessibility(page) -> None:
    """Our own checks (lang=ja, main landmark, skip link, labels) and axe-core's WCAG 2.1 AA rules."""
    page.wait_for_load_state()
    report = page.evaluate(A11Y_SCRIPT)
    assert report["lang"] == "ja"
    assert report["main"]
    assert report["skip"]
    assert report["unlabelled"] == []
    results = _axe().run(page, options={**WCAG_21_AA, "resultTypes": ["violations"]})
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def _axe() -> Axe:
    return Axe()


def _login(page, base: str, username: str) -> None:
    page.goto(base + "/")
    assert "/login/" in page.url
    _check_accessibility(page)
    page.keyboard.press("Tab")  # the first Tab reaches the skip link, which then becomes visible
    focused = page.evaluate(
        "() => [document.activeElement.className, document.activeElement.getBoundingClientRect().left]"
    )
    assert focused[0] == "skip-link"
    assert focused[1] >= 0
    page.get_by_label("ユーザー名").fill(username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(base + "/")


def test_author_adds_a_subcontracted_outsourcing_and_compares(browser_page):
    from workbench.assessments.models import Assessment

    page, base = browser_page
    _login(page, base, "sakusei")
    _check_accessibility(page)
    assessment = Assessment.objects.get(form="full", jimu__organization__name="熊本市")
    page.get_by_role("link", name=assessment.title, exact=True).click()
    page.get_by_role("link", name="編集する").click()
    page.get_by_role("link", name=re.compile("Ⅱ 特定個人情報ファイルの概要")).first.click()
    _check_accessibility(page)
    page.get_by_role("button", name="＋ 委託事項を追加").first.click()
    page.wait_for_selector("text=まだ保存されていません")
    order = page.locator('input[name="II.file[#jumin].4.itaku::order"]').get_attribute("value")
    new = page.locator(f"#f-II_file--jumin-_4_itaku--{order.split(',')[-1]}-")
    new.get_by_label("委託事項名").fill("コンビニ交付に係るシステム運用業務")
    new.get_by_label(re.compile(r"再委託する$")).check()  # htmx re-renders the form
    new.get_by_label(re.compile("⑧再委託の許諾方法")).wait_for()
    for label in ("⑧再委託の許諾方法", "⑨再委託事項"):
        field = new.locator(".field").filter(has_text=label)
        assert "必ず記入してください" in field.locator(".finding.error").inner_text()
    new.get_by_label(re.compile("⑧再委託の許諾方法")).fill("書面により事前に承諾する。")
    new.get_by_label(re.compile("⑨再委託事項")).fill("システムの保守")
    page.get_by_role("button", name="保存する").click()
    page.wait_for_selector("text=改訂案を保存しました(第3回保存)")
    page.goto(f"{base}/assessments/{assessment.pk}/compare/")  # the 公表版 against the latest save
    assert page.locator("text=比較:公表中の版").count() == 1
    assert page.locator("text=判定:").count() == 1
    assert (
        page.locator("ins", has_text="書面により事前に承諾する").count() >= 1
        or page.locator("ins", has_text="コンビニ交付").count() >= 1
    )
    _check_accessibility(page)
    link = page.get_by_role("link", name="PDF(変更箇所を赤字)")
    if link.count():
        with page.expect_download() as info:
            link.click()
        assert info.value.suggested_filename.endswith(".pdf")


def test_the_accessibility_check_catches_violations(browser_page):
    """The check can fail: an unlabelled input and an image without alt text on a page of ours."""
    page, base = browser_page
    page.goto(base + "/login/")
    page.evaluate(
        """() => {
          const main = document.querySelector('main');
          main.insertAdjacentHTML('beforeend', '<img src="/static/none.png"><input type="text" name="x">');
        }"""
    )
    with pytest.raises(AssertionError) as failed:
        _check_accessibility(page)
    assert "x" in str(failed.value)
    results = _axe().run(page, options={**WCAG_21_AA, "resultTypes": ["violations"]})
    assert {"image-alt", "label"} <= {v["id"] for v in results.response["violations"]}


def test_every_staff_page_of_the_demo_passes_the_accessibility_checks(browser_page):
    """The pages staff use every day, in the state the demo leaves them: dashboard, しきい値判断,
    評価書 page with the procedure gates, each editor chapter, history, compare, consultations
    (list, staff page, 概要版 inputs, a comment), reviews, members, the audit log, and the
    public publication pages."""
    from workbench.assessments.models import Assessment
    from workbench.consultation.models import Comment, Consultation
    from workbench.organizations.models import Organization
    from workbench.reviews.models import ReviewRound

    page, base = browser_page
    _login(page, base, "kanri")
    assessment = Assessment.objects.get(form="full", jimu__organization__name="熊本市")
    consultation = Consultation.objects.filter(comments__isnull=False).distinct().first()
    comment = Comment.objects.filter(consultation=consultation).first()
    paths = [
        "/",
        "/threshold/",
        f"/assessments/{assessment.pk}/",
        f"/assessments/{assessment.pk}/history/",
        f"/assessments/{assessment.pk}/compare/?old=1&new=2",
        "/consultations/",
        f"/consultations/{consultation.pk}/",
        f"/consultations/{consultation.pk}/summary/",
        f"/consultations/{consultation.pk}/paper/",
        f"/consultations/{consultation.pk}/form-settings/",
        f"/consultations/{consultation.pk}/comments/{comment.pk}/",
        "/reviews/",
        "/audit/",
        f"/organizations/{Organization.objects.get(name='熊本市').pk}/members/",
        "/password/",
        "/kohyo/",
        f"/kohyo/{Organization.objects.get(name='熊本市').pk}/",
        f"/kohyo/{Organization.objects.get(name='熊本市').pk}/itakusaki/",
    ]
    rounds = ReviewRound.objects.filter(version__assessment=assessment)
    paths += [f"/reviews/{r.pk}/" for r in rounds]
    editor = f"/assessments/{assessment.pk}/edit/"
    page.goto(base + editor)
    sections = page.locator("a[href^='?section=']").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert len(set(sections)) >= 6
    paths += [editor + href for href in dict.fromkeys(sections)]
    for path in paths:
        response = page.goto(base + path)
        assert response is not None, path
        assert response.status == 200, path
        _check_accessibility(page)
