"""Browser test of the public publication pages (/kohyo/…) on the demo data: their own header and
footer, the 現行 edition first, and axe-core's WCAG 2.1 AA rules on the list and on a 評価書 page.
Same skip/CI rules as test_browser.py, whose fixtures and helpers it reuses."""

from __future__ import annotations

import re

import test_browser  # the sibling module (same skip/CI rules, fixtures and helpers)
from test_browser import _check_accessibility

pytestmark = test_browser.pytestmark
browser_page = test_browser.browser_page  # the fixture: live server, demo data, chromium page


def _publish_the_open_revision_on_the_same_day():
    """The demo's 改訂案 of the 全項目評価書, recorded as published on its 公表版's 公表日."""
    from workbench.assessments.models import Assessment
    from workbench.procedure.actions import record_publication

    assessment = Assessment.objects.get(form="full", revisions__status="published")
    former = assessment.current_publication()
    latest = assessment.latest_version()
    assert former is not None
    assert latest is not None
    assert latest.revision_id != former.pk
    return former, record_publication(latest, published_on=former.published_on, user=None).revision


def test_a_citizen_reads_the_published_assessments(browser_page):
    page, base = browser_page
    former, revision = _publish_the_open_revision_on_the_same_day()
    organization = revision.assessment.jimu.organization

    page.goto(base + "/kohyo/")
    _check_accessibility(page)
    assert page.locator("header.site").get_by_text("特定個人情報保護評価書の公表").is_visible()
    page.get_by_role("link", name=organization.name, exact=True).click()
    page.wait_for_url(re.compile(rf"/kohyo/{organization.pk}/$"))
    _check_accessibility(page)
    header = page.locator("header.site")
    assert "特定個人情報保護評価書の公表" in header.inner_text()
    assert organization.name in header.inner_text()
    assert "意見募集" not in header.inner_text()
    assert page.locator("script").count() == 0

    section = page.locator("section.published", has=page.get_by_role("heading", name=revision.assessment.title))
    current = section.locator(".edition-current")
    assert current.inner_text().startswith("現行")
    assert f"第{revision.number}版" in current.inner_text()

    section.get_by_role("link", name=revision.assessment.title, exact=True).click()
    page.wait_for_url(re.compile(rf"/kohyo/{organization.pk}/hyokasho/{revision.assessment.pk}/$"))
    _check_accessibility(page)
    assert page.get_by_role("heading", level=1).inner_text() == revision.assessment.title
    text = page.locator("main").inner_text()
    assert text.index("現行") < text.index("過去の公表版")
    history = page.get_by_role("table", name=re.compile("過去の公表版"))
    assert history.get_by_role("rowheader").all_inner_texts() == [f"第{former.number}版"]
    assert f"第{revision.number}版の公表により改訂" in history.inner_text()
