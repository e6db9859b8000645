"""The Content-Security-Policy in a real browser (Playwright + Debian chromium): no page of the
demo triggers a violation (no inline script, handler or style, htmx's indicator style included),
htmx still re-renders the editor under the policy, and the check itself can fail. Same skip/CI
rules as test_browser.py, whose fixtures and helpers it reuses."""

from __future__ import annotations

import test_browser  # the sibling module (same skip/CI rules, fixtures and helpers)
from test_browser import _login

pytestmark = test_browser.pytestmark
browser_page = test_browser.browser_page

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(
  e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sourceFile || '') + ':' + e.lineNumber));
"""


def _violations(page) -> list[str]:
    page.wait_for_load_state("networkidle")
    return page.evaluate("() => window.__csp")


def test_no_page_of_the_demo_violates_the_policy(browser_page):
    from workbench.assessments.models import Assessment
    from workbench.consultation.models import Consultation
    from workbench.organizations.models import Organization

    page, base = browser_page
    page.add_init_script(RECORD_VIOLATIONS)  # runs before the page's own scripts, outside the CSP
    _login(page, base, "kanri")
    assessment = Assessment.objects.get(form="full", jimu__organization__name="熊本市")
    consultation = Consultation.objects.filter(comments__isnull=False).distinct().first()
    organization = Organization.objects.get(name="熊本市")
    paths = [
        "/",
        "/threshold/",
        f"/assessments/{assessment.pk}/",
        f"/assessments/{assessment.pk}/edit/",
        f"/assessments/{assessment.pk}/edit/?section=II",
        f"/assessments/{assessment.pk}/history/",
        f"/assessments/{assessment.pk}/compare/?old=1&new=2",
        "/consultations/",
        f"/consultations/{consultation.pk}/",
        "/reviews/",
        "/audit/?since=garbage",
        f"/organizations/{organization.pk}/members/",
        "/password/",
        "/iken/",
        f"/iken/{consultation.pk}/",
        "/kohyo/",
        f"/kohyo/{organization.pk}/itakusaki/",
        "/admin/",
    ]
    for path in paths:
        response = page.goto(base + path)
        assert response is not None, path
        assert "default-src 'self'" in response.headers["content-security-policy"], path
        assert _violations(page) == [], path
        assert page.evaluate("() => document.querySelectorAll('head style').length") == 0, path


def test_htmx_re_renders_the_editor_under_the_policy(browser_page):
    """A change to an item that a condition refers to re-renders the form through htmx."""
    from workbench.assessments.models import Assessment

    page, base = browser_page
    page.add_init_script(RECORD_VIOLATIONS)
    _login(page, base, "sakusei")
    assessment = Assessment.objects.get(form="full", jimu__organization__name="熊本市")
    page.goto(f"{base}/assessments/{assessment.pk}/edit/?section=II")
    trigger = page.locator("[hx-post]").first
    with page.expect_response(lambda r: r.request.method == "POST" and "/edit/" in r.url) as refreshed:
        trigger.dispatch_event("change")
    assert refreshed.value.status == 200
    assert _violations(page) == []


def test_the_violation_check_can_fail(browser_page):
    page, base = browser_page
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(base + "/login/")
    page.evaluate(
        """() => document.querySelector('main').insertAdjacentHTML('beforeend',
             '<p style="color:red">x</p><img src="x" onerror="window.__ran = 1">')"""
    )
    found = _violations(page)
    assert any(v.startswith("style-src") for v in found)
    assert page.evaluate("() => window.__ran") is None  # the inline handler never ran
