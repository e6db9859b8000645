"""The editor without JavaScript: what Enter presses (the form's first submit button), where the
page comes back after 「保存」 and after repeat operations, the in-page outline, the save bar."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from editor_support import ITAKU, _editor, _form_fields

from pia.document.access import element_heading
from pia.document.walk import elements_of
from pia.forms import get_form
from workbench.assessments.editor import fill, names
from workbench.assessments.editor.outline import OutlineEntry, section_outline
from workbench.assessments.editor.session import template_of

pytestmark = pytest.mark.django_db

FILE2_ITAKU = "II.file[#honnin].4.itaku"


class _FormButtons(HTMLParser):
    """The submit buttons of ``#editor-form`` in tree order (what a browser's Enter looks for)."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # > 0 inside the editor form
        self.buttons: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        attr = dict(attrs)
        if tag == "form" and attr.get("id") == "editor-form":
            self.depth = 1
        elif tag == "form" and self.depth:
            self.depth += 1
        elif self.depth and _submits(tag, attr):
            self.buttons.append(attr)

    def handle_endtag(self, tag):
        if tag == "form" and self.depth:
            self.depth -= 1


def _submits(tag: str, attr: dict[str, str | None]) -> bool:
    if tag == "button":
        return attr.get("type", "submit") == "submit"
    return tag == "input" and attr.get("type") in ("submit", "image")


def _buttons(html: str) -> list[dict[str, str | None]]:
    parser = _FormButtons()
    parser.feed(html)
    return parser.buttons


def _page(client, assessment, section: str) -> str:
    response = client.get(reverse("editor", args=[assessment.pk]) + f"?section={section}")
    assert response.status_code == 200
    return response.content.decode()


def _sections(form: str) -> list[str]:
    return [item.id for item in get_form(form).items]


@pytest.mark.parametrize("section", _sections("full"))
def test_enter_presses_the_refresh_button_on_every_chapter(client, assessment, people, section):
    """Without JavaScript, Enter in a one-line field presses the form's first submit button: on
    every chapter that is 「入力を反映して表示を更新」, never a repeat operation, 保存 or the fill."""
    client.force_login(people["author"])
    html = _page(client, assessment, section)
    assert f'id="{names.anchor(section)}"' in html  # where 保存 comes back without JavaScript
    buttons = _buttons(html)
    assert buttons[0]["name"] == "op"
    assert buttons[0]["value"] == "refresh"
    assert buttons[0].get("formaction") is None  # it posts to the form's own action
    ops = [b["value"] for b in buttons]
    assert ops.count("save") == 1


def test_enter_on_the_change_table_page_does_not_fill_the_table(client, assessment, people):
    client.force_login(people["author"])
    ops = [b["value"] for b in _buttons(_page(client, assessment, "bessoe3"))]
    assert ops[0] == "refresh"
    assert fill.OP in ops[1:]


def test_the_refresh_an_enter_sends_keeps_the_order_and_every_input(client, assessment, people):
    """What Enter does without JavaScript, as the browser posts it: no element moves, nothing is
    stored, the typed values (and the save note) come back."""
    client.force_login(people["author"])
    data = _editor(client, assessment, "II")
    order = data[f"{ITAKU}::order"]
    first = order.split(",")[0]
    data.update({f"{ITAKU}[#{first}].name": "書きかけの委託事項名", "note": "書きかけのメモ", "op": "refresh"})
    response = client.post(reverse("editor", args=[assessment.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "まだ保存されていません" in html
    after = _form_fields(html)
    assert after[f"{ITAKU}::order"] == order
    assert after[f"{ITAKU}[#{first}].name"] == "書きかけの委託事項名"
    assert after["note"] == "書きかけのメモ"
    assert assessment.versions.count() == 1


def test_readers_get_no_submit_buttons(client, assessment, people):
    client.force_login(people["viewer"])
    html = _page(client, assessment, "II")
    assert _buttons(html) == []
    assert 'id="editor-bar"' not in html


# --- where the page comes back ---------------------------------------------------------------


def _save(client, assessment, section: str, **extra: str):
    """「保存」 of the chapter as the browser posts it, with one change (a save without any stores nothing)."""
    data = _editor(client, assessment, section)
    changed = f"{FILE2_ITAKU}[#card-center].name" if section == "II" else "cover.name"
    data.update({changed: data[changed] + "(改)", "op": "save", "note": "位置の確認", **extra})
    return client.post(reverse("editor", args=[assessment.pk]), data)


def test_without_javascript_saving_comes_back_at_the_section(client, assessment, people):
    client.force_login(people["author"])
    data = _editor(client, assessment, "II")
    assert data[names.RETURN_TO] == ""  # the page's script fills it; without it, it stays empty
    response = _save(client, assessment, "II")
    assert response.status_code == 302
    assert response["Location"].endswith("?section=II#f-II")
    html = client.get(response["Location"]).content.decode()
    assert 'id="f-II"' in html
    # the section's top is below the page's messages: the save bar says it too
    assert 'role="status" id="editor-status">評価書案を保存しました(第2回保存)。</span>' in html


def test_saving_comes_back_at_the_field_that_had_focus(client, assessment, people):
    client.force_login(people["author"])
    field = names.anchor(f"{FILE2_ITAKU}[#card-center].name")
    response = _save(client, assessment, "II", return_to=field)
    assert response.status_code == 302
    assert response["Location"].endswith(f"?section=II#{field}")
    assert f'id="{field}"' in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    "posted", ["javascript:alert(1)", "f-II a", "#f-II", "f-II\r\nSet-Cookie: x=1", "x" * 20, "f-" + "a" * 600]
)
def test_a_return_place_that_is_not_an_anchor_of_ours_is_ignored(client, assessment, people, posted):
    client.force_login(people["author"])
    response = _save(client, assessment, "II", return_to=posted)
    assert response.status_code == 302
    assert response["Location"].endswith("?section=II#f-II")


def _op(client, assessment, op: str, **extra: str) -> str:
    data = _editor(client, assessment, "II")
    data.update({"op": op, **extra})
    response = client.post(reverse("editor", args=[assessment.pk]), data)
    assert response.status_code == 200
    return response.content.decode()


def _return_to(html: str) -> str:
    marker = 'id="editor-form" novalidate data-return-to="'
    assert marker in html
    return html.split(marker, 1)[1].split('"', 1)[0]


def test_moving_an_element_comes_back_at_the_moved_element(client, assessment, people):
    client.force_login(people["author"])
    element = f"{FILE2_ITAKU}[#cs-hoshu]"
    html = _op(client, assessment, f"down:{element}")
    assert _return_to(html) == names.anchor(element)
    assert _form_fields(html)[f"{FILE2_ITAKU}::order"].split(",")[-1] == "cs-hoshu"
    # without JavaScript the button's own fragment does it
    assert (
        f'value="up:{element}" formaction="{reverse("editor", args=[assessment.pk])}#{names.anchor(element)}"' in html
    )


def test_adding_comes_back_at_the_new_element(client, assessment, people):
    client.force_login(people["author"])
    html = _op(client, assessment, f"add:{FILE2_ITAKU}")
    new_id = _form_fields(html)[f"{FILE2_ITAKU}::order"].split(",")[-1]
    new = names.anchor(f"{FILE2_ITAKU}[#{new_id}]")
    assert _return_to(html) == new
    last = names.last_element_anchor(FILE2_ITAKU)  # the add button's fragment, just before the new one
    assert f'<span id="{last}"></span><fieldset class="element" id="{new}">' in html
    assert f'id="{names.anchor(FILE2_ITAKU)}-add" formaction="{reverse("editor", args=[assessment.pk])}#{last}"' in html


def test_removing_comes_back_at_the_repeat(client, assessment, people):
    client.force_login(people["author"])
    html = _op(client, assessment, f"remove:{FILE2_ITAKU}[#cs-hoshu]")
    assert _return_to(html) == names.anchor(FILE2_ITAKU)
    assert "cs-hoshu" not in _form_fields(html)[f"{FILE2_ITAKU}::order"]


def test_refreshing_comes_back_at_the_posted_field(client, assessment, people):
    client.force_login(people["author"])
    field = names.anchor(f"{FILE2_ITAKU}[#card-center].name")
    assert _return_to(_op(client, assessment, "refresh", return_to=field)) == field
    assert 'data-return-to="' not in _op(client, assessment, "refresh", return_to="javascript:x")


def test_a_failed_operation_says_so_and_stays_where_it_was(client, assessment, people):
    client.force_login(people["author"])
    field = names.anchor(f"{ITAKU}[#kizon-hoshu].name")
    html = _op(client, assessment, f"up:{ITAKU}[#nonexistent]", return_to=field)
    assert "操作できませんでした" in html
    assert _return_to(html) == field


def test_a_refused_save_keeps_the_note(client, assessment, people):
    client.force_login(people["author"])
    response = _save(client, assessment, "cover", **{"cover.publication_date": "令和7年13月40日"})
    assert response.status_code == 422
    assert _form_fields(response.content.decode())["note"] == "位置の確認"


# --- the save bar and the outline ------------------------------------------------------------------


def test_the_save_bar_comes_after_the_fields_and_names_the_base_version(client, assessment, people):
    client.force_login(people["author"])
    html = _page(client, assessment, "II")
    bar = html.index('id="editor-bar"')
    assert html.rindex("<textarea", 0, bar) > html.index('id="f-II"')  # every field comes before it
    assert bar < html.index('id="id_note"') < html.index('value="save"') < html.rindex("</form>")
    assert 'role="region" aria-label="保存"' in html
    assert "第1回保存をもとに編集中" in html
    assert 'role="status" id="editor-status"' in html
    assert '<script src="/static/workbench/editor.js" defer></script>' in html
    assert "<script>" not in html
    assert " style=" not in html.split('<main id="main"', 1)[1]


def _files(document, template) -> list[dict]:
    return elements_of(document.values, template.item("II.file"))


def _flatten(entries, depth=0):
    for entry in entries:
        yield depth, entry
        yield from _flatten(entry.children, depth + 1)


def test_the_outline_lists_files_and_their_outsourcing_and_recipients_as_printed(client, assessment, people):
    client.force_login(people["author"])
    html = _page(client, assessment, "II")
    document = assessment.versions.get().document()
    template = template_of(document)
    entries = section_outline(document, template, template.item("II"), {})
    flat = [(depth, e.heading) for depth, e in _flatten(entries)]
    files = _files(document, template)
    assert [h for d, h in flat if d == 0] == [
        element_heading(template.item("II.file"), f, n) for n, f in enumerate(files, 1)
    ]
    second = next(e for e in entries if e.anchor == names.anchor("II.file[#honnin]"))
    assert [c.heading for c in second.children][:2] == ["委託事項1", "委託事項2"]
    assert second.children[1].anchor == names.anchor(f"{FILE2_ITAKU}[#card-center]")
    assert "提供先1" in [c.heading for c in second.children]
    nav = html.split('<div id="editor-outline">', 1)[1].split("</nav>", 1)[0]
    assert '<nav class="outline" aria-labelledby="outline-h"><h2 id="outline-h">この章の目次</h2>' in nav
    for _, entry in _flatten(entries):
        assert f'href="#{entry.anchor}">{entry.heading}' in nav
        assert f'id="{entry.anchor}"' in html  # every link reaches an element of the page


def test_the_outline_leaves_out_table_rows_and_items_that_do_not_apply(assessment):
    document = assessment.versions.get().document()
    template = template_of(document)
    assert section_outline(document, template, template.item("bessoe3"), {}) == []
    files = section_outline(document, template, template.item("bessoe2"), {})
    assert files
    assert all(not entry.children for entry in files)


@pytest.mark.parametrize("section", _sections("full"))
def test_the_outline_links_every_rendered_element_but_table_rows(client, assessment, people, section):
    """The outline and the form agree on every chapter: each element fieldset the page renders
    (outside 記録項目 / 変更箇所 tables) has its entry, in the same order."""
    client.force_login(people["author"])
    html = _page(client, assessment, section)
    document = assessment.versions.get().document()
    template = template_of(document)
    outline = [e.anchor for _, e in _flatten(section_outline(document, template, template.item(section), {}))]
    tables = [i.id.rsplit(".", 1)[-1] for i in template.walk() if i.layout == "table"]
    rendered = re.findall(r'<fieldset class="element" id="([^"]+)">', html)
    assert outline == [a for a in rendered if not any(_is_row_of(a, t) for t in tables)]


def _is_row_of(anchor: str, table: str) -> bool:
    """A row of a table repeat (``bessoe3``, ``bessoe2.items``): ``f-bessoe3--r1-``,
    ``f-bessoe2--jumin-_items--r1-``."""
    return re.fullmatch(rf"f-(?:.+_)?{table}--[A-Za-z0-9_-]+-", anchor) is not None


def test_the_outline_counts_the_errors_inside_each_element(client, assessment, people):
    client.force_login(people["author"])
    data = _editor(client, assessment, "II")
    data.update({f"{FILE2_ITAKU}[#card-center].name": "", "op": "refresh"})
    html = client.post(reverse("editor", args=[assessment.pk]), data).content.decode()
    nav = html.split('<div id="editor-outline">', 1)[1].split("</nav>", 1)[0]
    card = names.anchor(f"{FILE2_ITAKU}[#card-center]")
    entry = nav.split(f'href="#{card}">', 1)[1].split("</li>", 1)[0]
    assert '<span class="badge error">要修正 1件</span>' in entry
    file2 = nav.split(f'href="#{names.anchor("II.file[#honnin]")}">', 1)[1].split("<ol>", 1)[0]
    assert "要修正 1件" in file2  # the file counts what is inside it


def test_chapters_without_repeat_elements_have_no_outline(client, assessment, people):
    client.force_login(people["author"])
    html = _page(client, assessment, "cover")
    assert '<div id="editor-outline"></div>' in html  # kept for htmx to fill out of band


def test_long_titles_are_shortened_in_the_outline(assessment):
    document = assessment.versions.get().document()
    template = template_of(document)
    _files(document, template)[1][template.item("II.file.4.itaku").storage_key][0]["II.file.4.itaku.name"] = "長" * 100
    entries = section_outline(document, template, template.item("II"), {})
    second = next(e for e in entries if e.anchor == names.anchor("II.file[#honnin]"))
    title = second.children[0].title
    assert isinstance(second, OutlineEntry)
    assert len(title) == 40
    assert title.endswith("…")
