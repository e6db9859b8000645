"""The frequency a measure text suggests: the phrases are data (frequencies.yaml), full-width and
half-width alike; a period or a date that only contains 月 or 年 suggests nothing."""

from __future__ import annotations

import pytest

from pia.controls import ControlDataError, frequencies, frequency, frequency_choices, suggest_frequency

CASES = [
    ("仕様書どおりの履行となっているか月に一度、現場確認を行う。", "monthly"),
    ("月に1回、点検する。", "monthly"),
    ("履行状況を確認しているか月に1回点検する。", "monthly"),
    ("月１回、点検する。", "monthly"),
    ("月1回", "monthly"),
    ("毎月、アクセスログを確認する。", "monthly"),
    ("1か月ごとに確認する", "monthly"),
    ("四半期ごとに報告を受ける。", "quarterly"),
    ("3か月に1回、監査する。", "quarterly"),
    ("３ヶ月に１回", "quarterly"),
    ("3ｹ月に1回", "quarterly"),  # half-width katakana, NFKC
    ("年1回、研修を実施する。", "yearly"),
    ("年に一度、棚卸しを行う。", "yearly"),
    ("毎年、自己点検を行う。", "yearly"),
    ("毎年度、監査を受ける。", "yearly"),
    ("１年に１回", "yearly"),
    ("随時、記録を更新する。", "as_needed"),
    ("申請の都度、審査する。", "as_needed"),
]

NONE = [
    "覗き見防止フィルターを設置する。",
    "不正操作を防止するために、監視カメラを設置する。",
    "使用の終了した端末は、必ず操作者認証(ユーザー認証)を終了(ログオフ)する。",
    "5年に1回、評価を再実施する。",
    "12月1回目の会議で報告する。",
    "",
]


@pytest.mark.parametrize(("text", "code"), CASES)
def test_a_phrase_suggests_its_frequency(text, code):
    suggested = suggest_frequency(text)
    assert suggested is not None
    assert suggested.code == code


@pytest.mark.parametrize("text", NONE)
def test_a_text_without_a_frequency_suggests_none(text):
    assert suggest_frequency(text) is None


def test_the_four_frequencies_and_their_labels():
    assert frequency_choices() == [
        ("monthly", "毎月"),
        ("quarterly", "四半期"),
        ("yearly", "毎年"),
        ("as_needed", "随時"),
    ]
    assert [f.months for f in frequencies()] == [1, 3, 12, None]
    assert frequency("yearly").year_starts == 4  # 年度


def test_an_unknown_frequency_is_refused_in_japanese():
    with pytest.raises(ControlDataError, match="頻度「weekly」はありません"):
        frequency("weekly")
