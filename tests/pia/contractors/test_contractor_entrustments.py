"""pia.contractors.entrustments: the 委託事項 of a filled 評価書, found by the form's structure."""

from __future__ import annotations

from pathlib import Path

import pytest

from pia.contractors import entrustments
from pia.contractors.entrustments import FIELDS, entrustment_repeat, field_items
from pia.document import load_document
from pia.forms import all_forms, get_form

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def test_the_seed_full_assessment_has_four_entrustments_in_two_files() -> None:
    found = entrustments(load_document(EXAMPLES / "jumin-kihon-daicho-v2.yaml"))
    assert [(e.path, e.contractor_name) for e in found] == [
        ("II.file[#jumin].4.itaku[#kizon-hoshu]", "株式会社肥後システムサービス"),
        ("II.file[#jumin].4.itaku[#baitai-hokan]", "株式会社熊本データ保管センター"),
        ("II.file[#honnin].4.itaku[#cs-hoshu]", "九州情報ネットワーク株式会社"),
        ("II.file[#honnin].4.itaku[#card-center]", "未定(令和8年3月頃契約締結予定)"),
    ]


def test_the_center_entrustment_is_read_with_its_fields() -> None:
    center = entrustments(load_document(EXAMPLES / "jumin-kihon-daicho-v2.yaml"))[-1]
    assert center.label == "(2) 本人確認情報ファイル › 委託事項2 熊本市マイナンバーカードセンター等運営業務委託"
    assert center.content.startswith("熊本市マイナンバーカードセンター運営業務")
    assert center.values["confirmation"] == "熊本市ホームページ等で確認できる予定"
    assert center.values["subcontracting"] == "再委託する"
    assert center.values["subcontract_items"] == "未定"
    assert center.item_ids["contractor_name"] == "II.file.4.itaku.6"


def test_the_focused_form_prints_the_name_as_number_three_and_is_read_the_same() -> None:
    found = entrustments(load_document(EXAMPLES / "jido-teate-focused.yaml"))
    assert [(e.name, e.contractor_name) for e in found] == [
        ("児童手当システムの運用保守業務", "株式会社豊の国行政システム"),
        ("認定請求書等のデータ入力業務", "大分ビジネスサポート株式会社"),
    ]


def test_a_basic_assessment_has_none() -> None:
    assert entrustments(load_document(EXAMPLES / "jumin-kihon-daicho-basic.yaml")) == []


@pytest.mark.parametrize("template", [t for t in all_forms() if t.form != "basic"], ids=lambda t: t.key)
def test_every_edition_with_entrustments_has_every_field(template) -> None:
    repeat = entrustment_repeat(template)
    assert repeat is not None
    assert set(field_items(repeat)) == set(FIELDS) - ({"confirmation"} if template.form == "focused" else set())


def test_element_ids_survive_reordering() -> None:
    document = load_document(EXAMPLES / "jumin-kihon-daicho-v2.yaml")
    before = {e.path: e.name for e in entrustments(document)}
    for element in document.values["files"]:
        element.get("II.file.4.itaku", []).reverse()
    reordered = entrustments(document, get_form(document.form, document.edition))
    assert {e.path: e.name for e in reordered} == before
    assert [e.number for e in reordered if e.element_id == "card-center"] == [1]
