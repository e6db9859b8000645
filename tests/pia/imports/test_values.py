"""Values read from their printed text, by kind (data-driven: the form's own items)."""

from __future__ import annotations

from typing import Any

import pytest

from pia.forms.registry import get_form
from pia.imports.values import read_value

FULL = get_form("full")
SUBJECTS = "I.1.3"  # ③対象人数 (choice)
LINKS = "I.2.sys.3"  # ③他のシステムとの接続 (checkbox with その他 ( ))
PUBLISHED = "cover.publication_date"
PERIOD = "VI.2.2"
COUNT = "II.file.4.kensu"  # ( )件

CASES: list[tuple[str, str, Any, str]] = [
    # item, printed text, value, text left over
    (SUBJECTS, "[30万人以上] <選択肢>\n1) 1,000人未満(任意実施) 2) 1,000人以上1万人未満", "30万人以上", ""),
    (SUBJECTS, "［ ３０万人以上 ］＜選択肢＞", "30万人以上", ""),
    (SUBJECTS, "[ 5) 30万人以上 ]", "30万人以上", ""),
    (SUBJECTS, "30万人以上", "30万人以上", ""),
    (SUBJECTS, "[30万人以上]\n<選択肢>\n①1,000人未満(任意実施)、②1,000人以上1万人未満", "30万人以上", ""),
    (SUBJECTS, "[ ] <選択肢> 1) 1,000人未満(任意実施)", None, ""),
    (SUBJECTS, "[50万人] <選択肢>", None, "50万人"),
    (
        LINKS,
        "[○] 庁内連携システム [ ] 税務システム [○] その他 (中間サーバー)",
        ["庁内連携システム", {"その他": "中間サーバー"}],
        "",
    ),
    (LINKS, "■庁内連携システム □税務システム", ["庁内連携システム"], ""),
    (LINKS, "[ ] 庁内連携システム [ ] その他 ( )", None, ""),
    (
        LINKS,
        "庁内連携システム、その他(中間サーバー(団体内))",
        ["庁内連携システム", {"その他": "中間サーバー(団体内)"}],
        "",
    ),
    (PUBLISHED, "令和3年3月31日(2021-03-31)", "2021-03-31", ""),
    (PUBLISHED, "令和３年３月３１日", "2021-03-31", ""),
    (PUBLISHED, "R3.3.31", "2021-03-31", ""),
    (PUBLISHED, "未定", "未定", ""),
    (PERIOD, "令和2年12月1日(2020-12-01)～令和3年1月5日(2021-01-05)", {"start": "2020-12-01", "end": "2021-01-05"}, ""),
    (PERIOD, "令和2年12月1日から令和3年1月5日まで", {"start": "2020-12-01", "end": "2021-01-05"}, ""),
    (COUNT, "2", 2, ""),
    (COUNT, "２件", 2, ""),
    (COUNT, "数件", None, "数件"),
    ("I.1.1", "(非公表)", None, ""),
]


@pytest.mark.parametrize(("item_id", "text", "value", "rest"), CASES)
def test_a_printed_value_is_read(item_id: str, text: str, value: Any, rest: str) -> None:
    read = read_value(FULL.item(item_id), text)
    assert read.value == value
    assert read.rest.strip() == rest
