"""The 概要版 content: the seed's four sections, from old + new + a small input."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_changes_support import EXAMPLES, HERE, example, seed_v1, seed_v2

from pia.render.summary_markdown import summary_to_markdown
from pia.summary import SummaryContent, build_summary
from pia.summary.inputs import SummaryInputError, load_summary_input, read_summary_input
from pia.summary.model import BlockRow

INPUT: dict[str, Any] = yaml.safe_load((HERE / "summary-input.yaml").read_text(encoding="utf-8"))


def seed_summary(**overrides: Any) -> SummaryContent:
    return build_summary(seed_v1(), seed_v2(), {**INPUT, **overrides})


def changed_parts(content: SummaryContent) -> list[tuple[str, str]]:
    return [(row.label, item.label) for row in content.structure for item in row.items if item.changed]


def rows_of(content: SummaryContent, index: int) -> list[BlockRow]:
    return list(content.blocks[index].rows)


# --- 1. and 2. ----------------------------------------------------------------------------------


def test_title_badge_and_purpose() -> None:
    content = seed_summary()
    assert content.title == "住民基本台帳に関する事務の特定個人情報保護評価について"
    assert content.badge == "【素案】概要版"
    assert content.header_note == "お持ち帰り用"
    assert len(content.purpose) == 2
    assert content.purpose[1].startswith("当業務委託については")
    assert content.section_titles[3] == "4. 特定個人情報保護評価のスケジュール"


def test_the_documents_table() -> None:
    (row,) = seed_summary().documents
    assert (row.number, row.name) == ("1", "住民基本台帳に関する事務 全項目評価書")


def test_the_structure_marks_exactly_the_seeds_parts() -> None:
    content = seed_summary()
    assert [r.label for r in content.structure] == [
        "Ⅰ 基本情報",
        "Ⅱ 特定個人情報ファイルの概要 (2)",
        "Ⅲ リスク対策(プロセス) (2)",
        "Ⅳ その他のリスク対策",
        "Ⅴ 開示請求、問合せ",
        "Ⅵ 評価実施手続",
    ]
    assert changed_parts(content) == [
        ("Ⅱ 特定個人情報ファイルの概要 (2)", "4.特定個人情報ファイルの取扱いの委託"),
        ("Ⅲ リスク対策(プロセス) (2)", "4.特定個人情報ファイルの取扱いの委託"),
    ]


def test_structure_parts_are_numbered_without_their_notes() -> None:
    rows = {r.label: [i.label for i in r.items] for r in seed_summary().structure}
    assert rows["Ⅱ 特定個人情報ファイルの概要 (2)"][4] == "5.特定個人情報の提供・移転"
    assert rows["Ⅲ リスク対策(プロセス) (2)"][1] == "2.特定個人情報の入手"
    assert rows["Ⅵ 評価実施手続"][3] == "4.個人情報保護委員会の承認【行政機関等のみ】"
    assert len(rows["Ⅰ 基本情報"]) == 8


def test_all_files_can_be_listed() -> None:
    labels = [r.label for r in seed_summary(structure_files="all").structure]
    assert labels[1:5] == [
        "Ⅱ 特定個人情報ファイルの概要 (1)",
        "Ⅱ 特定個人情報ファイルの概要 (2)",
        "Ⅲ リスク対策(プロセス) (1)",
        "Ⅲ リスク対策(プロセス) (2)",
    ]


# --- 3. -----------------------------------------------------------------------------------------


def test_the_intro_names_the_changed_blocks() -> None:
    intro = seed_summary().changes_intro
    assert intro.startswith("既存の住民基本台帳に関する事務の特定個人情報保護評価書における")
    assert (
        "「Ⅱ 特定個人情報ファイルの概要 (2)（本人確認情報ファイル） → 4.特定個人情報ファイルの取扱いの委託」"
        "に「委託事項2」を追加し" in intro
    )
    assert "「Ⅲ リスク対策(プロセス) (2)（本人確認情報ファイル） → 4.特定個人情報ファイルの取扱いの委託」に" in intro
    assert "「特定個人情報ファイルの取扱いの委託におけるその他のリスク及びそのリスクに対する措置」を追加し" in intro
    assert intro.endswith("を修正しました。")


def test_the_blocks_are_headed_like_the_seed() -> None:
    blocks = seed_summary().blocks
    assert [(b.section, b.heading) for b in blocks] == [
        ("Ⅱ 特定個人情報ファイルの概要（本人確認情報ファイル）", "4.特定個人情報ファイルの取扱いの委託"),
        ("Ⅲ リスク対策(プロセス)（本人確認情報ファイル）", "4.特定個人情報ファイルの取扱いの委託"),
    ]
    assert blocks[0].added == ("委託事項2",)


def test_the_new_itaku_block_rows() -> None:
    rows = rows_of(seed_summary(), 0)
    assert (rows[0].kind, rows[0].label, rows[0].value, rows[0].depth) == (
        "element",
        "委託事項2",
        "熊本市マイナンバーカードセンター等運営業務委託",
        0,
    )
    labels = [r.label for r in rows]
    assert "委託事項名" not in labels  # the title is in the heading row
    assert labels[labels.index("再委託") + 1] == "⑦再委託の有無 ※"
    assert "対象となる本人の範囲 ※" in labels
    assert all(r.new for r in rows)


def test_choice_rows_carry_every_option() -> None:
    row = next(r for r in rows_of(seed_summary(), 0) if r.label == "対象となる本人の数")
    assert row.kind == "choice"
    assert row.value == "10万人以上100万人未満"
    assert [(o.no, o.selected) for o in row.options] == [(1, False), (2, False), (3, True), (4, False), (5, False)]


def test_checkbox_rows_carry_every_box() -> None:
    row = next(r for r in rows_of(seed_summary(), 0) if r.label.startswith("④"))
    assert row.kind == "checkbox"
    assert [o.label for o in row.options if o.selected] == ["その他"]
    assert row.options[-1].text == "住民基本台帳ネットワークシステム、既存住基システム"
    assert row.options[-1].text_slot
    assert not row.options[0].text_slot


def test_nested_repeats_are_flattened_in_print_order() -> None:
    rows = rows_of(seed_summary(), 1)
    shape = [(r.kind, r.label, r.depth) for r in rows]
    assert shape[:2] == [
        ("choice", "再委託先による特定個人情報ファイルの適切な取扱いの確保", 0),
        ("text", "具体的な方法", 0),
    ]
    assert shape[2:] == [
        ("caption", "特定個人情報ファイルの取扱いの委託におけるその他のリスク及びそのリスクに対する措置", 0),
        ("element", "【熊本市マイナンバーカードセンター等運営業務委託特有のリスク及びそのリスクに対する措置】", 0),
        ("element", "(リスク①)", 1),
        ("text", "リスク", 2),
        ("text", "リスクに対する措置", 2),
        ("element", "(リスク②)", 1),
        ("text", "リスク", 2),
        ("text", "リスクに対する措置", 2),
    ]


def test_a_changed_value_inside_an_element_gets_its_heading_as_context() -> None:
    old, new = seed_v2(), seed_v2()
    new.values["files"][1]["II.file.4.itaku"][1]["II.file.4.itaku.6"] = "株式会社カードサービス"
    content = build_summary(old, new, INPUT)
    rows = rows_of(content, 0)
    assert [(r.label, r.new) for r in rows] == [("委託事項2", False), ("⑥委託先名", True)]
    assert content.changes_intro.endswith("の「⑥委託先名」を修正しました。")


def test_a_correction_shows_every_change() -> None:
    old, new = seed_v1(), seed_v1()
    new.values["I.7.2"] = "市民課長"
    content = build_summary(old, new, INPUT)
    assert [(b.section, b.heading) for b in content.blocks] == [("Ⅰ 基本情報", "7.評価実施機関における担当部署")]
    assert changed_parts(content) == [("Ⅰ 基本情報", "7.評価実施機関における担当部署")]


def test_no_changes_says_so() -> None:
    content = build_summary(seed_v1(), seed_v1(), INPUT)
    assert content.blocks == ()
    assert "変更はありません" in content.changes_intro


# --- 4. -----------------------------------------------------------------------------------------


def test_explicit_schedule_rows_in_wareki() -> None:
    schedule = seed_summary().schedule
    assert [(r.when, r.content) for r in schedule] == [
        ("R7年12月1日～R8年1月5日", ("パブリックコメントの実施",)),
        ("R8年1月～R8年2月(予定)", ("第三者点検の実施",)),
        ("R8年3月(予定)", ("特定個人情報保護委員会に特定個人情報保護評価書を提出", "熊本市のホームページ上で公開")),
    ]


@pytest.mark.parametrize(
    ("row", "printed"),
    [
        (
            {"when": "R8年1月～R8年2月(予定)", "content": "第三者点検の実施"},
            ("R8年1月～R8年2月(予定)", ("第三者点検の実施",)),
        ),
        ({"when": " 令和8年度中\n(予定) ", "content": [" 提出 ", "公開"]}, ("令和8年度中 (予定)", ("提出", "公開"))),
        ({"when": date(2026, 3, 2), "content": "提出"}, ("R8年3月2日", ("提出",))),
        ({"start": "R8年3月", "end": "R8年3月", "content": "提出"}, ("R8年3月", ("提出",))),
    ],
)
def test_free_text_schedule_rows(row: dict[str, Any], printed: tuple[str, tuple[str, ...]]) -> None:
    (only,) = seed_summary(schedule=[row]).schedule
    assert (only.when, only.content) == printed


def test_schedule_rows_from_the_planner() -> None:
    content = seed_summary(schedule=None, plan={"start": "2025-12-01", "from": "consultation"})
    assert content.schedule[0].when == "R7年12月1日～R8年1月5日"
    assert content.schedule[0].content == ("パブリックコメントの実施",)
    assert content.schedule[-1].when.endswith("(予定)")
    assert content.schedule[-1].content[-2:] == (
        "個人情報保護委員会に特定個人情報保護評価書を提出",
        "ホームページ上で公開",
    )
    assert any("年末年始" in note for note in content.notes)


def test_planner_step_texts_can_be_chosen() -> None:
    plan = {"effective": "2026-04-01", "from": "consultation", "steps": {"consultation": "意見募集"}}
    content = seed_summary(schedule=None, plan=plan)
    assert [r.content for r in content.schedule] == [("意見募集",)]
    assert content.schedule[0].when == "R7年12月26日～R8年1月26日"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"schedule": None}, "schedule(日程の行)か plan"),
        ({"plan": {"start": "2025-12-01"}}, "どちらか一方"),
        ({"schedule": [{"start": "R8年13月", "content": "x"}]}, "時期「R8年13月」が読めません"),
        ({"schedule": [{"start": "R8年1月"}]}, "content を持つマッピング"),
        ({"schedule": None, "plan": {"level": "full"}}, "start(開始日)か effective"),
        ({"schedule": None, "plan": {"start": "2025-12-01", "from": "nothing"}}, "開始する手続「nothing」"),
        ({"purpose": 3}, "purpose"),
        ({"colour": "red"}, "不明なキー colour"),
        ({"structure_files": "some"}, "structure_files は changed"),
        ({"changes_intro": 3}, "changes_intro(3. 主な修正箇所の文)は文字列"),
        ({"contact": {"tel": "1"}}, "contact(5. 問合せ先)は文字列か行のリスト"),
        ({"schedule": [{"when": "R8年1月", "start": "R8年1月", "content": "x"}]}, "when(時期の文)と start"),
        ({"schedule": [{"when": "R8年1月", "planned": True, "content": "x"}]}, "「(予定)」も when に書いて"),
        ({"schedule": [{"when": "  ", "content": "x"}]}, "schedule の1行目 の when(時期)が空です"),
        ({"schedule": [{"when": "R8年", "content": ["a", " "]}]}, "空でない文字列のリスト"),
    ],
)
def test_a_bad_input_is_a_clear_error(change: dict[str, Any], message: str) -> None:
    data = {k: v for k, v in {**INPUT, **change}.items() if v is not None}
    with pytest.raises(SummaryInputError, match=re.escape(message)):
        build_summary(seed_v1(), seed_v2(), data)


def test_an_unreadable_input_file(tmp_path: Path) -> None:
    with pytest.raises(SummaryInputError, match="ファイルが見つかりません"):
        load_summary_input(tmp_path / "none.yaml")
    (tmp_path / "bad.yaml").write_text("purpose: [", encoding="utf-8")
    with pytest.raises(SummaryInputError, match="YAML として読めません"):
        load_summary_input(tmp_path / "bad.yaml")


# --- Markdown -----------------------------------------------------------------------------------


def test_markdown_has_the_four_sections_and_marks_new_content() -> None:
    text = summary_to_markdown(seed_summary())
    for title in (
        "## 1. 目的",
        "## 2. 評価の対象となる文書とその構成",
        "## 3. 主な修正箇所について",
        "## 4. 特定個人情報保護評価のスケジュール",
    ):
        assert title in text
    assert text.startswith("お持ち帰り用\n\n# 住民基本台帳に関する事務の特定個人情報保護評価について\n")
    assert (
        "| **Ⅱ 特定個人情報ファイルの概要 (2)** | 1.特定個人情報ファイル名 2.基本情報 3.特定個人情報の入手・使用 "
        "**4.特定個人情報ファイルの取扱いの委託** 5." in text
    )
    assert "| Ⅳ その他のリスク対策 | 1.監査 " in text
    assert "<選択肢> [10万人以上100万人未満] 1) 1万人未満 2) 1万人以上10万人未満 3) 10万人以上100万人未満" in text
    assert "[ ] 専用線 [ ] 電子メール" in text
    assert "[○] その他 (住民基本台帳ネットワークシステム、既存住基システム)" in text
    assert (
        "| R8年3月(予定) | ・特定個人情報保護委員会に特定個人情報保護評価書を提出<br>・熊本市のホームページ上で公開 |"
        in text
    )


def test_markdown_cells_keep_pipes_and_line_breaks() -> None:
    old, new = seed_v2(), seed_v2()
    new.values["files"][1]["II.file.4.itaku"][1]["II.file.4.itaku.6"] = "A|B\nC"
    assert "**A\\|B<br>C**" in summary_to_markdown(build_summary(old, new, INPUT))


def test_the_content_is_plain_data() -> None:
    data = seed_summary().to_json()
    assert data["structure"][1]["items"][3] == {"label": "4.特定個人情報ファイルの取扱いの委託", "changed": True}


# --- the examples -------------------------------------------------------------------------------


def test_the_example_summary_reproduces_the_seed() -> None:
    spec = load_summary_input(EXAMPLES / "jumin-kihon-daicho-summary.yaml")
    content = build_summary(example("v1"), example("v2"), spec)
    assert changed_parts(content) == [
        ("Ⅱ 特定個人情報ファイルの概要 (2)", "4.特定個人情報ファイルの取扱いの委託"),
        ("Ⅲ リスク対策(プロセス) (2)", "4.特定個人情報ファイルの取扱いの委託"),
    ]
    assert [r.when for r in content.schedule] == ["R7年12月1日～R8年1月5日", "R8年1月～R8年2月(予定)", "R8年3月(予定)"]
    assert content.purpose[0].startswith("本市では、市民の利便性向上及びマイナンバーカード事務の効率化")
    assert [b.added for b in content.blocks] == [
        ("委託事項2",),
        ("特定個人情報ファイルの取扱いの委託におけるその他のリスク及びそのリスクに対する措置",),
    ]
    assert read_summary_input(yaml.safe_load((EXAMPLES / "jumin-kihon-daicho-summary.yaml").read_text("utf-8"))) == spec


def test_a_date_in_a_block_is_printed_in_wareki_only() -> None:
    """The 概要版 is a printed handout: a changed date reads as the forms print it."""
    from pia.forms.model import Item, Kind
    from pia.summary.blocks import value_row

    row = value_row(Item("x.date", "①実施日", Kind.DATE), "2026-04-01", True, 0)
    assert row.value == "令和8年4月1日"
