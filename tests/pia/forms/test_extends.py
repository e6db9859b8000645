"""Edition files that ``extends:`` another list only their differences; the header of an edition
(effective date, label sources, confidence) is its own."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest

from pia.forms import FormDataError, all_forms, get_form, load_form

BASE = """
form: full
yoshiki: 様式4
edition: 新版
edition_label: "[新版 様式4]"
title: テスト評価書
latest: true
status: P
source: [T1]
effective: {date: 2018-05-21, status: P, source: [T1], notes: 新しい版}
sources: {T1: base fixture}
option_lists:
  umu: [{no: 1, label: 委託する}, {no: 2, label: 委託しない}]
items:
  - id: cover
    label: (表紙)
    kind: section
    children:
      - {id: cover.approval, label: 個人情報保護委員会 承認日, kind: date, role: approval_date, status: V, source: [T1]}
  - id: A
    label: Ⅰ 基本情報
    kind: section
    children:
      - {id: A.umu, label: 委託の有無, kind: choice, options: umu}
      - {id: A.note, label: 備考, kind: text, hint: ヒント}
  - id: B
    label: Ⅱ その他
    kind: section
    children:
      - {id: B.x, label: 項目, kind: text}
"""

OLD = """
extends: new
edition: 旧版
edition_label: "[旧版 様式4]"
latest: false
status: R
source: [T2]
effective: {date: 2014-04-20, status: R}
sources: {T2: old fixture}
changed_items:
  cover.approval: {label: 特定個人情報保護委員会 承認日, source: [T2]}
  A.note: {hint: null, notes: 旧版の注記}
removed_items: [B]
added_items:
  - {after: A.umu, item: {id: A.old, label: 旧版だけの項目, kind: text}}
  - {first_in: A, item: {id: A.first, label: 先頭の項目, kind: text}}
"""


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / f"{name}.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def old(tmp_path: Path) -> Path:
    write(tmp_path, "new", BASE)
    return write(tmp_path, "old", OLD)


def test_an_extending_edition_is_its_base_with_the_listed_differences(old: Path) -> None:
    template = load_form(old)
    assert (template.form, template.title, template.edition, template.latest) == ("full", "テスト評価書", "旧版", False)
    assert template.extends == "new"
    assert template.item("cover.approval").label == "特定個人情報保護委員会 承認日"
    assert template.item("cover.approval").role == "approval_date"  # keys not listed are kept
    assert template.item("cover.approval").source == ("T2",)
    assert template.item("A.note").hint == ""
    assert template.item("A.note").notes == "旧版の注記"
    assert [c.id for c in template.item("A").children] == ["A.first", "A.umu", "A.old", "A.note"]
    assert not template.has_item("B")
    assert not template.has_item("B.x")
    assert [o.label for o in template.item("A.umu").options] == ["委託する", "委託しない"]  # option lists inherited


def test_the_header_is_the_editions_own_and_sources_are_merged(old: Path) -> None:
    template = load_form(old)
    assert template.status == "R"
    assert template.source == ("T2",)
    assert template.effective is not None
    assert (template.effective.date, template.effective.status, template.effective.notes) == (
        date(2014, 4, 20),
        "R",
        "",
    )
    assert dict(template.sources) == {"T1": "base fixture", "T2": "old fixture"}


def test_the_base_file_is_not_changed_by_an_extending_file(old: Path) -> None:
    load_form(old)
    base = load_form(old.parent / "new.yaml")
    assert base.item("cover.approval").label == "個人情報保護委員会 承認日"
    assert base.has_item("B.x")


@pytest.mark.parametrize(
    ("old_text", "new_text", "message"),
    [
        ("extends: new", "extends: missing", "元の版 missing.yaml を読めません"),
        ("extends: new", "extends: ../new", "同じフォルダにある"),
        ("removed_items: [B]", "removed_items: [Z]", "removed_items の項目 Z は元の版にありません"),
        ("cover.approval: {label", "cover.nothing: {label", "changed_items の項目 cover.nothing は元の版にありません"),
        ("{after: A.umu,", "{after: A.zzz,", "added_items[0] の項目 A.zzz は元の版にありません"),
        ("{after: A.umu,", "{", "after(この項目の後)か first_in"),
        ("A.note: {hint: null,", "A.note: {id: A.other,", "id を変えられません"),
        ("latest: false", "latest: false\nform: basic", "form は元の版 new と同じ"),
        ("latest: false", "latest: false\nitems: []", "items を書かず"),
        ("effective: {date: 2014-04-20, status: R}", "effective: {date: 平成26年, status: R}", "effective.date は日付"),
        ("effective: {date: 2014-04-20, status: R}", "", "effective(版の適用開始日"),
        ("source: [T2]\n", "source: [T9]\n", "出典 'T9' が sources にありません"),
    ],
)
def test_a_broken_extending_file_is_reported_with_its_location(
    tmp_path: Path, old_text: str, new_text: str, message: str
) -> None:
    write(tmp_path, "new", BASE)
    assert old_text in OLD
    path = write(tmp_path, "old", OLD.replace(old_text, new_text, 1))
    with pytest.raises(FormDataError) as err:
        load_form(path)
    assert any(message in str(p) for p in err.value.problems), err.value.problems
    assert all(p.file == "old.yaml" for p in err.value.problems)


def test_a_cycle_of_extends_is_reported(tmp_path: Path) -> None:
    write(tmp_path, "a", "extends: b\nedition: a\n")
    path = write(tmp_path, "b", "extends: a\nedition: b\n")
    with pytest.raises(FormDataError, match="extends が循環しているか深すぎます"):
        load_form(path)


def test_the_registered_older_editions_extend_the_newer_ones_and_share_their_ids() -> None:
    for template in all_forms():
        if template.latest:
            assert template.extends == ""
            continue
        assert template.extends, template.key
        latest = get_form(template.form)
        only_old = {i.id for i in template.walk()} - {i.id for i in latest.walk()}
        assert not only_old, (template.key, only_old)


def test_every_registered_edition_states_when_it_came_into_use_and_where_its_label_is_seen() -> None:
    for template in all_forms():
        assert template.effective is not None, template.key
        assert template.effective.status in {"V", "P", "R"}, template.key
        assert template.source, template.key
        assert all(key in template.sources for key in template.source), template.key
    started = {t.key: t.effective.date for t in all_forms() if t.effective}
    assert started["full@平成26年4月"] < started["full@平成28年1月"] < started["full@平成30年5月"]
    assert started["basic@平成28年1月"] < started["basic@平成29年5月"]
