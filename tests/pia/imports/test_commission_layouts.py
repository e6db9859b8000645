"""Sources laid out as the commission's forms are filled by bodies, not as this project prints:
a Word table with vertically merged label cells and 委託事項N blocks, text copied from a viewer
with broken spacing and full-width marks, checkbox rows with one option per cell, and an edition
that exists only as data."""

from __future__ import annotations

import dataclasses
import io
from typing import Any

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from openpyxl import Workbook

from pia.forms import registry
from pia.forms.registry import get_form
from pia.imports import detect
from pia.imports.api import import_bytes

FULL_HEAD = "特定個人情報保護評価書(全項目評価書)\n[平成30年5月 様式4]\n"

VIEWER_COPY = (
    FULL_HEAD
    + """評 価 書 番 号 評 価 書 名
7 介護保険に関する事務 全項目評価書
Ⅰ 基本情報
1. 特定個人情報ファイルを取り扱う事務
① 事務の名称 介護保険に関する事務
③ 対象人数 ［ １０万人以上３０万人未満 ］ ＜選択肢＞
1) 1,000人未満(任意実施) 2) 1,000人以上1万人未満
3) 1万人以上10万人未満 4) 10万人以上30万人未満 5) 30万人以上
2.特定個人情報ファイルを取り扱う事務において使用するシステム
システム1 介護保険システム
②システムの機能 資格管理、賦課、給付
③他のシステムとの接続 ［○］情報提供ネットワークシステム ［ ］庁内連携システム
［ ］住民基本台帳ネットワークシステム ［○］既存住民基本台帳システム
［ ］宛名システム等 ［ ］税務システム ［○］その他 （ 中間サーバー ）
システム2 中間サーバー
②システムの機能 符号管理
"""
)


def test_text_copied_from_a_viewer_with_broken_spacing_and_full_width_marks() -> None:
    result = import_bytes(VIEWER_COPY.encode("utf-8"), "viewer.txt")
    values = result.document.values
    assert values["cover.number"] == "7"
    assert values["I.1.1"] == "介護保険に関する事務"
    assert values["I.1.3"] == "10万人以上30万人未満"
    systems = values["I.2.sys"]
    assert [s["I.2.sys.1"] for s in systems] == ["介護保険システム", "中間サーバー"]
    assert systems[0]["I.2.sys.3"] == [
        "情報提供ネットワークシステム",
        "既存住民基本台帳システム",
        {"その他": "中間サーバー"},
    ]
    assert result.report.options_recognised >= 4


def _merged_down(cell: docx.table._Cell, first: bool) -> None:
    properties = cell._tc.get_or_add_tcPr()
    merge = OxmlElement("w:vMerge")
    if first:
        merge.set(qn("w:val"), "restart")
    properties.append(merge)


def _word_form() -> bytes:
    """A Word table as bodies fill the form: a label cell merged down over two rows, numbering
    (1) instead of ①, the value beside it, 委託事項 blocks headed 委託事項1, 委託事項2."""
    document = docx.Document()
    document.add_paragraph("[平成30年5月 様式4]")
    document.add_paragraph("特定個人情報保護評価書(全項目評価書)")
    document.add_paragraph("Ⅱ 特定個人情報ファイルの概要")
    document.add_paragraph("(1) 介護保険ファイル")
    rows = [
        ("1.特定個人情報ファイル名", "介護保険ファイル"),
        ("4.特定個人情報ファイルの取扱いの委託", ""),
        ("委託の有無", "[ 委託する ]\n<選択肢>\n1) 委託する\n2) 委託しない"),
        ("委託事項1", "システム保守"),
        ("(1)委託内容", "介護保険システムの保守"),
        ("", "及び障害対応"),
        ("委託事項2", "通知書の印刷"),
        ("(1)委託内容", "通知書の印刷及び封入"),
        ("(6)委託先名", "株式会社○○印刷"),
    ]
    table = document.add_table(rows=len(rows), cols=2)
    for n, (label, value) in enumerate(rows):
        table.cell(n, 0).text = label
        table.cell(n, 1).text = value
    _merged_down(table.cell(4, 0), first=True)
    _merged_down(table.cell(5, 0), first=False)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_word_table_with_merged_label_cells_and_entrusted_blocks() -> None:
    values = import_bytes(_word_form(), "様式4.docx").document.values
    file = values["files"][0]
    assert file["II.file.1"] == "介護保険ファイル"
    assert file["II.file.4.umu"] == "委託する"
    blocks = file["II.file.4.itaku"]
    assert [b["II.file.4.itaku.name"] for b in blocks] == ["システム保守", "通知書の印刷"]
    assert blocks[0]["II.file.4.itaku.1"] == "介護保険システムの保守\n及び障害対応"
    assert blocks[1]["II.file.4.itaku.6"] == "株式会社○○印刷"


def test_checkbox_options_one_per_cell() -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["特定個人情報保護評価書(全項目評価書)", None, None, None, None, "[平成30年5月 様式4]"])
    sheet.append(["Ⅰ 基本情報"])
    sheet.append(["2.特定個人情報ファイルを取り扱う事務において使用するシステム"])
    sheet.append(["システム1", "住基システム"])
    sheet.append(["③他のシステムとの接続", "[○]", "庁内連携システム", "[ ]", "税務システム"])
    sheet.merge_cells("A5:A6")
    sheet.append([None, "[○]", "宛名システム等", "[ ]", "その他 ( )"])
    out = io.BytesIO()
    book.save(out)
    values = import_bytes(out.getvalue(), "boxes.xlsx").document.values
    assert values["I.2.sys"][0]["I.2.sys.3"] == ["庁内連携システム", "宛名システム等"]


@pytest.fixture
def older_edition(monkeypatch: pytest.MonkeyPatch) -> str:
    """An older edition registered as data only: the current 様式4 under another label."""
    current = get_form("full")
    older = dataclasses.replace(current, edition="平成26年4月", edition_label="[平成26年4月 様式4]", latest=False)
    forms = (*registry.all_forms(), older)
    monkeypatch.setattr(detect, "all_forms", lambda: forms)
    monkeypatch.setattr(detect, "get_form", lambda form, edition=None: older if edition == "平成26年4月" else current)
    return older.edition


def test_an_edition_added_as_data_is_detected_from_its_label(older_edition: str) -> None:
    text = VIEWER_COPY.replace("[平成30年5月 様式4]", "［平成２６年４月　様式４］")
    result = import_bytes(text.encode("utf-8"), "h26.txt")
    assert result.document.edition == older_edition
    assert result.report.edition_label == "[平成26年4月 様式4]"
    assert result.document.values["I.1.1"] == "介護保険に関する事務"


def test_a_row_the_form_does_not_have_is_kept_whole_and_apart() -> None:
    """A body's own row (「備考 | 内部メモ」) between two items: neither cell goes on the item
    above; both are unplaced, next to it."""
    book = Workbook()
    sheet = book.active
    sheet.append(["特定個人情報保護評価書(基礎項目評価書)", None, "[平成29年5月 様式2]"])
    sheet.append(["評価書番号", "21"])
    sheet.append(["備考", "内部メモ: 公表前に確認"])
    sheet.append(["評価実施機関名", "○○市長"])
    out = io.BytesIO()
    book.save(out)
    result = import_bytes(out.getvalue(), "extra.xlsx")
    assert result.document.values["cover.number"] == "21"
    assert result.document.values["cover.agency"] == "○○市長"
    kept = {u.text: u for u in result.report.unplaced}
    assert set(kept) >= {"備考", "内部メモ: 公表前に確認"}
    assert kept["備考"].near == "cover.number"
    assert kept["備考"].place.where.endswith("A3")


def test_unplaced_text_says_which_block_it_was_in() -> None:
    document = docx.Document(io.BytesIO(_word_form()))
    table = document.tables[0]
    row = table.add_row()
    row.cells[0].text, row.cells[1].text = "内部メモ", "契約更新時に見直す"
    out = io.BytesIO()
    document.save(out)
    report = import_bytes(out.getvalue(), "様式4.docx").report
    kept = {u.text: u for u in report.unplaced}
    assert kept["内部メモ"].near == "II.file.4.itaku.6"
    assert kept["内部メモ"].path == "II.file[#e1].4.itaku[#e2].6"
    assert kept["契約更新時に見直す"].path == "II.file[#e1].4.itaku[#e2].6"


@pytest.mark.parametrize("template", registry.all_forms(), ids=lambda t: t.key)
def test_every_registered_edition_is_detected_from_its_label(template: Any) -> None:
    """No parser code per edition: the label printed on the cover names it, full-width or not."""
    label = template.edition_label.replace("[", "［").replace("]", "］")
    name = template.item_for_role("name")
    text = f"{template.title}\n{label}\n{name.label if name else '評価書名'}\n○○に関する事務\n"
    result = import_bytes(text.encode("utf-8"), "cover.txt")
    assert (result.document.form, result.document.edition) == (template.form, template.edition)
    assert result.report.source_edition == template.edition
