"""``form_item_choices`` / ``item_label``: where a comment or a remark can point in a form."""

from __future__ import annotations

import pytest

from pia.forms import GENERAL_LABEL, FormTemplate, all_forms, form_item_choices, get_form, item_label

EDITIONS = all_forms()


def choices_of(template: FormTemplate) -> tuple[tuple[str, str], ...]:
    return form_item_choices(template.form, template.edition)


@pytest.mark.parametrize("template", EDITIONS, ids=lambda t: t.key)
def test_the_whole_document_comes_first_then_every_section_but_the_index(template: FormTemplate) -> None:
    choices = choices_of(template)
    assert choices[0] == ("", GENERAL_LABEL)
    tops = [path for path, _ in choices if path and "." not in path]
    assert tops == [item.id for item in template.items if item.id != "index"]


@pytest.mark.parametrize("template", EDITIONS, ids=lambda t: t.key)
def test_each_item_follows_its_section_labelled_with_it(template: FormTemplate) -> None:
    choices = choices_of(template)
    section = ""
    for path, label in choices[1:]:
        if "." not in path:
            section = path
            assert label == template.item(path).label
            continue
        parent = template.item(section)
        assert template.parent(path) is parent
        assert label == f"{parent.label} › {template.item(path).label}"
    assert len({path for path, _ in choices}) == len(choices)


def test_a_child_labelled_like_its_section_is_not_offered_twice() -> None:
    paths = dict(choices_of(get_form("full")))
    assert paths["bessoe1"] == "(別添1) 事務の内容"  # its one child, the text, has the same label
    assert "bessoe1.body" not in paths


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("", GENERAL_LABEL),
        ("cover", "(表紙)"),
        ("I.1", "Ⅰ 基本情報 › 1.特定個人情報ファイルを取り扱う事務"),
        ("no.such.item", "no.such.item"),  # a stored path the edition no longer has is shown as it is
    ],
)
def test_item_label(key: str, expected: str) -> None:
    template = get_form("full")
    assert item_label(choices_of(template), key) == expected
    assert item_label(list(choices_of(template)), key) == expected
