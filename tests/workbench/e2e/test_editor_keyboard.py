"""Browser tests of the editor's keyboard and place keeping (Playwright + Debian chromium), with
and without JavaScript: Enter in a one-line field of Ⅱ moves, removes and stores nothing; Ctrl+S
saves; the outline's links reach their element; after 保存 and after repeat operations the page
comes back at the element; the sticky save bar never hides the focused field; leaving unsaved
input (typed, or a page built from a post) asks first, the editor's own buttons do not; axe-core
stays clean. Same skip/CI rules as test_browser.py, whose helpers it reuses."""

from __future__ import annotations

import re

import pytest
import test_browser  # the sibling module (same skip/CI rules, helpers)
from test_browser import PASSWORD, _check_accessibility, playwright

pytestmark = test_browser.pytestmark

FILE1_ITAKU, FILE2_ITAKU = "II.file[#jumin].4.itaku", "II.file[#honnin].4.itaku"
CARD = f"{FILE2_ITAKU}[#card-center]"  # 委託事項2 of file (2)
BAR_CLEARS = """(id) => {
  const el = document.getElementById(id), bar = document.getElementById('editor-bar');
  const r = el.getBoundingClientRect(), b = bar.getBoundingClientRect();
  return {top: r.top, bottom: r.bottom, barTop: b.top, height: innerHeight};
}"""
ACTIVE = """() => {
  const el = document.activeElement;
  return {id: el.id, name: el.name || '', inBar: !!el.closest('#editor-bar'), inForm: !!el.closest('#editor-form'),
          place: (el.closest('fieldset.element') || {}).id || ''};
}"""


def anchor(path: str) -> str:
    from workbench.assessments.editor.names import anchor as _anchor

    return _anchor(path)


@pytest.fixture
def chromium(live_server, chromium_path, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop (undone after)
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    from django.db import connections

    from workbench.procedure.demo import load_demo

    load_demo()
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium_path), args=args)
        yield browser, live_server.url
        browser.close()
        connections.close_all()


def _assessment():
    from workbench.assessments.models import Assessment

    return Assessment.objects.get(form="full", jimu__organization__name="熊本市")


def _open_chapter_ii(chromium, *, javascript: bool = True, height: int = 800):
    browser, base = chromium
    context = browser.new_context(java_script_enabled=javascript, viewport={"width": 1280, "height": height})
    page = context.new_page()
    page.set_default_timeout(20000)
    page.goto(base + "/login/")
    page.get_by_label("ユーザー名").fill("sakusei")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(base + "/")
    page.goto(f"{base}/assessments/{_assessment().pk}/edit/?section=II")
    return page


def _orders(page) -> dict[str, str]:
    return page.locator('#editor-form input[name$="::order"]').evaluate_all(
        "els => Object.fromEntries(els.map(e => [e.name, e.value]))"
    )


def _javascript_runs(page) -> bool:
    return not page.locator("#editor-shortcut").evaluate("el => el.hidden")


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_enter_in_a_one_line_field_of_II_moves_removes_and_stores_nothing(chromium, javascript):
    page = _open_chapter_ii(chromium, javascript=javascript)
    assert _javascript_runs(page) is javascript
    versions, orders = _assessment().versions.count(), _orders(page)
    first = _orders(page)[f"{FILE1_ITAKU}::order"].split(",")[0]
    name = page.locator(f'[name="{FILE1_ITAKU}[#{first}].name"]')
    name.fill("書きかけの委託事項名")
    page.locator("#id_note").fill("書きかけのメモ")
    count = page.locator('[name="II.file[#jumin].4.kensu"]')  # 委託事項の( )件: a one-line number field
    if javascript:
        page.evaluate("() => { window.submitted = 0; addEventListener('submit', () => { window.submitted++; }); }")
        for field in (count, page.locator('#editor-form input[type="text"][name$="::s6"]').first):
            field.press("Enter")
        assert page.evaluate("() => window.submitted") == 0  # implicit submission fires submit at once
    else:
        with page.expect_navigation():
            count.press("Enter")  # the form's default button: 入力を反映して表示を更新
        page.locator(".messages", has_text="まだ保存されていません").wait_for()
    assert _orders(page) == orders
    assert name.input_value() == "書きかけの委託事項名"
    assert page.locator("#id_note").input_value() == "書きかけのメモ"
    assert _assessment().versions.count() == versions
    if javascript:  # axe-core itself needs JavaScript (its timers do not run without it)
        _check_accessibility(page)


def test_ctrl_s_saves_and_the_page_comes_back_at_the_field(chromium):
    page = _open_chapter_ii(chromium, height=700)
    number = _assessment().versions.count() + 1
    field = page.locator(f'[name="{CARD}.name"]')
    field.fill("熊本市マイナンバーカードセンター等運営業務委託(改)")
    with page.expect_navigation():
        page.keyboard.press("Control+s")
    control = anchor(CARD + ".name") + "-in"  # the redirect's fragment names the control that had focus
    page.wait_for_url(re.compile(re.escape(f"?section=II#{control}") + "$"))
    version = _assessment().versions.get(number=number)
    assert "(改)" in str(version.content)
    playwright.expect(page.locator("#editor-status")).to_contain_text(f"を保存しました(第{number}回保存)")
    assert page.evaluate(ACTIVE)["id"] == control  # the browser focuses the fragment's control
    box = page.evaluate(BAR_CLEARS, anchor(CARD + ".name"))
    assert box["top"] >= 0
    assert box["bottom"] <= box["barTop"]
    _check_accessibility(page)

    field.fill("熊本市マイナンバーカードセンター等運営業務委託(再改)")  # a change: a save without one stores nothing
    page.locator("#id_note").fill("委託事項名の修正")
    with page.expect_navigation():
        page.locator("#id_note").press("Enter")  # Enter in the save note saves
    playwright.expect(page.locator("#editor-status")).to_contain_text(f"を保存しました(第{number + 1}回保存)")
    assert _assessment().versions.get(number=number + 1).note == "委託事項名の修正"


def test_the_outline_links_reach_the_element_and_follow_the_form(chromium):
    page = _open_chapter_ii(chromium, height=700)
    outline = page.get_by_role("navigation", name="この章の目次")
    file2 = outline.get_by_role("listitem").filter(has=page.get_by_role("link", name=re.compile(r"^\(2\) ")))
    first = outline.locator(
        "li", has=page.locator(f'a[href="#{anchor(FILE2_ITAKU + "[#cs-hoshu]")}"]')
    ).last  # its own item
    assert "要修正" not in first.inner_text()
    element = page.locator(f"#{anchor(FILE2_ITAKU + '[#cs-hoshu]')}")
    element.get_by_label(re.compile("再委託する$")).check()  # htmx re-renders the form and the outline
    element.get_by_label(re.compile("⑧再委託の許諾方法")).wait_for()
    playwright.expect(first).to_contain_text("要修正 2件")  # ⑧ and ⑨ are now required and empty
    _check_accessibility(page)
    file2.get_by_role("link", name=re.compile("^委託事項2")).click()
    target = anchor(CARD)
    page.wait_for_url(re.compile(f"#{target}$"))
    page.wait_for_function(
        "(id) => { const r = document.getElementById(id).getBoundingClientRect(); "
        "return r.top >= 0 && r.top < innerHeight / 3; }",
        arg=target,
    )


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_repeat_operations_come_back_at_the_element(chromium, javascript):
    page = _open_chapter_ii(chromium, javascript=javascript, height=700)
    moved = f"{FILE2_ITAKU}[#cs-hoshu]"
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("^委託事項1を下へ移動")).nth(1).click()
    assert _orders(page)[f"{FILE2_ITAKU}::order"].split(",")[:2] == ["card-center", "cs-hoshu"]
    _assert_in_view(page, anchor(moved))
    if javascript:
        assert page.evaluate(ACTIVE)["place"] == anchor(moved)

    add = page.locator(f"#{anchor(FILE2_ITAKU)}-add")
    with page.expect_navigation():
        add.click()
    new = anchor(f"{FILE2_ITAKU}[#{_orders(page)[f'{FILE2_ITAKU}::order'].split(',')[-1]}]")
    _assert_in_view(page, new)
    if javascript:
        assert page.evaluate(ACTIVE)["place"] == new  # ready to type the new 委託事項
        _check_accessibility(page)


def _assert_in_view(page, element_id: str) -> None:
    box = page.evaluate(BAR_CLEARS, element_id)
    assert -1 <= box["top"] < box["barTop"], box  # its heading in view (sub-pixel rounding aside)


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_the_save_bar_never_hides_the_focused_field_and_comes_after_the_fields(chromium, javascript):
    page = _open_chapter_ii(chromium, javascript=javascript, height=600)
    page.locator(f'[name="{CARD}.name"]').focus()
    seen = 0
    for _ in range(40):  # Tab down through 委託事項2 of file (2) and what follows
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE)
        if not active["inForm"] or active["inBar"] or not active["id"]:
            continue
        box = page.evaluate(BAR_CLEARS, active["id"])
        assert box["top"] < box["barTop"], (active, box)  # 2.4.11: never hidden
        assert box["bottom"] > 0, (active, box)
        if javascript and box["bottom"] - box["top"] < box["barTop"]:  # and, when it fits, wholly in view
            assert box["top"] >= 0, (active, box)
            assert box["bottom"] <= box["barTop"] + 1, (active, box)
        seen += 1
    assert seen >= 20
    page.locator(".save-bar").evaluate("bar => bar.previousElementSibling.scrollIntoView()")
    last = page.locator('#editor-form button[value^="add:II.file"]').last  # the form's last button
    last.focus()
    page.keyboard.press("Tab")
    assert page.evaluate(ACTIVE)["id"] == "id_note"
    page.keyboard.press("Tab")
    assert page.evaluate(ACTIVE)["id"] == "editor-save"


def _dialogs(page) -> list[str]:
    """The dialogs the page opens from now on; each is dismissed (a beforeunload dismissed stays)."""
    seen: list[str] = []

    def dismiss(dialog) -> None:
        seen.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", dismiss)
    return seen


def _leave_by_the_menu(page) -> None:
    page.get_by_role("link", name="しきい値判断", exact=True).click()
    page.wait_for_timeout(300)  # the navigation either starts or was stopped by the dialog


def test_leaving_typed_input_asks_and_staying_keeps_it(chromium):
    page = _open_chapter_ii(chromium)
    seen = _dialogs(page)
    field = page.locator(f'[name="{CARD}.name"]')
    field.click()
    field.press("End")
    page.keyboard.type("(書きかけ)")
    _leave_by_the_menu(page)
    assert seen == ["beforeunload"]
    assert "/edit/" in page.url  # stayed
    assert field.input_value().endswith("(書きかけ)")

    versions = _assessment().versions.count()
    with page.expect_navigation():
        page.get_by_role("button", name="保存する", exact=True).click()  # the editor's own button: no question
    assert _assessment().versions.count() == versions + 1
    assert seen == ["beforeunload"]
    with page.expect_navigation():
        _leave_by_the_menu(page)  # saved: nothing left to lose
    assert seen == ["beforeunload"]
    assert "/edit/" not in page.url


def test_an_untouched_page_leaves_without_a_question(chromium):
    page = _open_chapter_ii(chromium)
    seen = _dialogs(page)
    page.locator(f'[name="{CARD}.name"]').click()  # focus alone is no input
    with page.expect_navigation():
        _leave_by_the_menu(page)
    assert seen == []


def test_a_page_built_from_a_post_asks_before_leaving(chromium):
    page = _open_chapter_ii(chromium)
    page.locator(f'[name="{CARD}.name"]').fill("熊本市マイナンバーカードセンター等運営業務委託(案)")
    with page.expect_navigation():
        page.get_by_role("button", name="入力を反映して表示を更新").first.click()
    page.locator(".messages", has_text="まだ保存されていません").wait_for()
    seen = _dialogs(page)
    _leave_by_the_menu(page)
    assert seen == ["beforeunload"]
    assert page.locator(f'[name="{CARD}.name"]').input_value().endswith("(案)")
