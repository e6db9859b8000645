"""Sources that look like the commission's own forms as bodies fill them, made here by code:
the import must not depend on this project's layout."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook

from pia.imports.api import import_bytes

COVER_TEXT = """特定個人情報保護評価書(基礎項目評価書)
［平成29年5月　様式2］
評価書番号 評価書名
21 母子保健に関する事務 基礎項目評価書
評価実施機関名
○○市長
公表日
令和3年3月31日
"""


def _basic_lines() -> list[tuple[str, str]]:
    return [
        ("評価書番号", "21"),
        ("評価書名", "母子保健に関する事務 基礎項目評価書"),
        ("評価実施機関名", "○○市長"),
        ("公表日", "令和3年3月31日"),
        ("Ⅰ 関連情報", ""),
        ("1.特定個人情報ファイルを取り扱う事務", ""),
        ("①事務の名称", "母子保健に関する事務"),
    ]


def _workbook(rows: list[tuple[str, str]], label_columns: int = 3, first_row: int = 4) -> bytes:
    """Labels merged over several columns and values merged to the right, a header above: the
    layout of the commission's Excel form, not this project's export."""
    book = Workbook()
    sheet = book.active
    sheet.title = "基礎項目評価書"
    sheet["A1"] = "特定個人情報保護評価書(基礎項目評価書)"
    sheet.merge_cells("A1:H1")
    sheet["G2"] = "[平成29年5月 様式2]"
    row = first_row
    for label, value in rows:
        sheet.cell(row=row, column=1, value=label)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row + 1, end_column=label_columns)
        sheet.cell(row=row, column=label_columns + 1, value=value or None)
        sheet.merge_cells(start_row=row, start_column=label_columns + 1, end_row=row + 1, end_column=8)
        row += 2
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_workbook_with_merged_cells_in_its_own_columns() -> None:
    result = import_bytes(_workbook(_basic_lines()), "基礎項目.xlsx")
    values = result.document.values
    assert result.document.form == "basic"
    assert result.report.edition_label == "[平成29年5月 様式2]"
    assert values["cover.number"] == "21"
    assert values["cover.agency"] == "○○市長"
    assert values["cover.publication_date"] == "2021-03-31"
    assert values["I.1.1"] == "母子保健に関する事務"


def test_numbering_written_as_1_instead_of_a_circled_1() -> None:
    rows = [(label.replace("①", "(1)").replace("1.", "1 "), value) for label, value in _basic_lines()]
    values = import_bytes(_workbook(rows, label_columns=2), "numbering.xlsx").document.values
    assert values["I.1.1"] == "母子保健に関する事務"


def test_text_with_full_width_brackets_and_spaces_inside_labels() -> None:
    text = COVER_TEXT.replace("評価実施機関名", "評 価 実 施 機 関 名").replace("公表日", "公　表　日")
    result = import_bytes(text.encode("utf-8"), "copied.txt")
    values = result.document.values
    assert result.report.edition_label == "[平成29年5月 様式2]"
    assert values["cover.agency"] == "○○市長"
    assert values["cover.publication_date"] == "2021-03-31"
    assert values["cover.number"] == "21"
    assert values["cover.name"] == "母子保健に関する事務 基礎項目評価書"


def test_a_label_broken_over_two_lines_and_a_page_number_in_the_value(tmp_path: Path) -> None:
    text = (
        COVER_TEXT
        + "Ⅰ 関連情報\n1.特定個人情報ファイルを取り扱う事務\n①事務の\n名称\n母子保健に\n1 / 3 母子保健\n関する事務\n"
    )
    values = import_bytes(text.encode("cp932"), "shift_jis.txt").document.values
    assert values["I.1.1"] == "母子保健に\n関する事務"


def test_text_that_fits_no_item_is_kept_with_where_it_was() -> None:
    text = COVER_TEXT.replace("評価実施機関名", "備考: 庁内の調整中\n評価実施機関名")
    report = import_bytes(text.encode("utf-8"), "note.txt").report
    assert report.items_filled >= 4
    kept = [u for u in report.unplaced if "調整中" in u.text]
    assert kept, report.unplaced
    assert kept[0].near
    assert kept[0].place.where.endswith("行目")
