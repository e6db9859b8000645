"""The loader checks form data files and reports every problem with its location."""

import textwrap

import pytest

from pia.forms import FormDataError, Kind, load_form

GOOD = """
form: full
yoshiki: 様式4
edition: テスト版
edition_label: "[テスト版 様式4]"
title: テスト評価書
latest: true
status: R
source: [T1]
effective: {date: 2020-01-01, status: R}
sources: {T1: test fixture}
option_lists:
  umu: [{no: 1, label: 委託する}, {no: 2, label: 委託しない}]
items:
  - id: A
    label: Ⅰ 基本情報
    kind: section
    star: true
    children:
      - {id: A.umu, label: 委託の有無, kind: choice, options: umu, required: submit}
      - id: A.rep
        label: 委託事項
        kind: repeat
        heading: "委託事項{n}"
        title_item: A.rep.name
        when: {item: A.umu, equals: 委託する}
        children:
          - {id: A.rep.name, label: 委託事項名, kind: text}
          - {id: A.rep.x, label: ⑨再委託事項, kind: text, star: false}
"""


def write(tmp_path, text):
    path = tmp_path / "form.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_a_good_form_loads_into_a_tree(tmp_path):
    template = load_form(write(tmp_path, GOOD))
    assert template.key == "full@テスト版"
    assert template.item("A.umu").kind is Kind.CHOICE
    assert [o.label for o in template.item("A.umu").options] == ["委託する", "委託しない"]
    assert template.parent("A.rep.name").id == "A.rep"
    assert template.count() == 3


def test_star_is_inherited_unless_a_descendant_says_otherwise(tmp_path):
    template = load_form(write(tmp_path, GOOD))
    assert template.is_important("A.rep.name")
    assert not template.is_important("A.rep.x")


BROKEN = [
    ("{id: A.rep.x,", "{id: A.rep.name,", "id が 2 回使われています"),
    ("id: A.rep.name", "id: B.name", "親の id 'A.rep.' で始まる"),
    ("options: umu, required", "options: nope, required", "選択肢リスト 'nope'"),
    ("equals: 委託する}", "equals: 委託したい}", "'委託したい' は 'A.umu' の選択肢にありません"),
    ("{item: A.umu,", "{item: A.missing,", "'A.missing' が存在しません"),
    ("kind: text, star: false", "kind: memo, star: false", "kind 'memo'"),
    ("title_item: A.rep.name", "title_item: A.rep.nothing", "title_item 'A.rep.nothing'"),
    ("kind: choice, options: umu", "kind: choice, options: []", "選択肢がありません"),
    ("label: 委託事項名, ", "label: 委託事項名, colour: red, ", "未知のキー 'colour'"),
    (
        "kind: text, star: false",
        "kind: text, filled_from: review.date, star: false",
        "filled_from 'review.date' は使えません",
    ),
    (
        "kind: text, star: false",
        "kind: text, filled_from: consultation.period, star: false",
        "records が同じ手続の項目にだけ",
    ),
    ("kind: text, star: false", "kind: text, max_elements: 3, star: false", "max_elements は repeat と image"),
    ("kind: text, star: false", "kind: text, max_bytes: 1000, star: false", "max_bytes は image の項目にだけ"),
    ("kind: text, star: false", "kind: image, max_bytes: 99999999, star: false", "max_bytes は 20971520 以下"),
    ("kind: choice, options: umu", "kind: choice, max_length: 10, options: umu", "max_length は text, date"),
    ("kind: text, star: false", "kind: text, max_length: 0, star: false", "max_length は1以上の整数です"),
    ("kind: text, star: false", "kind: text, max_length: many, star: false", "max_length は1以上の整数です"),
    ("kind: text, star: false", "kind: text, max_length: 40000, star: false", "Excel の1セルの上限"),
    ('heading: "委託事項{n}"', 'heading: "委託事項{n}"\n        max_elements: 5000', "max_elements は 1000 以下"),
    ("{item: A.umu, equals: 委託する}", "{item: A.umu, days_under: 0}", "days_under '0' は日数"),
    ("{item: A.umu, equals: 委託する}", "{item: A.umu, days_under: 三十日}", "days_under '三十日' は日数"),
    ("label: 委託の有無, kind: choice", "label: 委託の有無, role: colour, kind: choice", "role 'colour' は使えません"),
    ("label: 委託の有無, kind: choice", "label: 委託の有無, role: publication_date, kind: choice", "date の項目にだけ"),
    ("label: 委託事項名, kind: text", "label: 評価書名, role: name, kind: text", "繰り返しの外の項目にだけ"),
    ("label: 委託の有無, kind: choice", "label: 委託の有無, role: subjects, kind: choice", "「対象人数」の項目です"),
]


@pytest.mark.parametrize(("old", "new", "message"), BROKEN)
def test_each_problem_in_a_form_file_is_reported_with_its_location(tmp_path, old, new, message):
    assert old in GOOD
    with pytest.raises(FormDataError) as err:
        load_form(write(tmp_path, GOOD.replace(old, new, 1)))
    assert any(message in str(p) for p in err.value.problems), err.value.problems
    assert all(p.file == "form.yaml" for p in err.value.problems)


def test_all_problems_are_reported_together(tmp_path):
    text = GOOD.replace("options: umu, required", "options: nope, required").replace("kind: memo", "kind: memo")
    text = text.replace("{item: A.umu,", "{item: A.missing,")
    with pytest.raises(FormDataError) as err:
        load_form(write(tmp_path, text))
    assert len(err.value.problems) >= 2


def test_checks_must_point_at_the_right_kind(tmp_path):
    text = GOOD.replace("required: submit}", "required: submit, checks: [{count_of: A.umu}]}")
    with pytest.raises(FormDataError, match="repeat でなければなりません"):
        load_form(write(tmp_path, text))


def test_limits_come_from_the_form_data_with_defaults_per_kind(tmp_path):
    text = GOOD.replace('heading: "委託事項{n}"', 'heading: "委託事項{n}"\n        max_elements: 7')
    text = text.replace(
        "{id: A.rep.name, label: 委託事項名, kind: text}",
        "{id: A.rep.name, label: 委託事項名, kind: text, max_length: 80}",
    )
    template = load_form(write(tmp_path, text))
    assert template.item("A.rep").element_limit == 7
    assert template.item("A.rep.name").length_limit == 80
    assert template.item("A.rep.x").length_limit == 4000  # a text item's default
    assert template.item("A.umu").length_limit is None  # a choice holds one of its options


def test_repeats_sharing_a_group_must_allow_the_same_number_of_elements(tmp_path):
    shared = """
      - id: A.other
        label: 別の一覧
        kind: repeat
        group: A.rep
        max_elements: 3
        children:
          - {id: A.other.name, label: 名称, kind: text}
"""
    text = GOOD.rstrip("\n") + "\n" + textwrap.indent(textwrap.dedent(shared), "      ")
    with pytest.raises(FormDataError, match="max_elements が揃っていません"):
        load_form(write(tmp_path, text))


def test_every_repeat_of_the_bundled_editions_states_its_limit():
    from pia.forms.registry import all_forms

    for template in all_forms():
        repeats = [i for i in template.walk() if i.kind is Kind.REPEAT]
        assert repeats, template.key
        assert all(i.max_elements is not None for i in repeats), template.key
