"""The search's Japanese text: NFKC (ｶﾅ/カナ, full/half width), no dependence on spaces or
symbols, bigram tokens, the query's refusals, the marked spans of a snippet."""

from __future__ import annotations

import re

import pytest

from workbench.search.text import QueryError, match_spans, normalized, parse_query, stream, tokens


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ｲﾀｸ先", "イタク先"),
        ("ｶﾞｲﾄﾞﾗｲﾝ", "ガイドライン"),
        ("ＡＢＣ１２３", "abc123"),
        ("住基 ネット、委託。", "住基ネット委託"),
        ("（１）本人確認", "1本人確認"),
    ],
)
def test_normalised_text(text, expected):
    assert normalized(text) == expected
    assert stream(text).chars == expected


def test_tokens_are_overlapping_bigrams():
    assert tokens("委託先") == "委託 託先"
    assert tokens("住基 ネット") == "住基 基ネ ネッ ット"
    assert tokens("委") == "委"
    assert tokens("、") == ""


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("委託", ("委託",)),
        ("ｲﾀｸ", ("イタク",)),
        ("ＳＳＬ", ("ssl",)),
        ("住基　暗号", ("住基", "暗号")),  # a full-width space separates words
        ("「委託」", ("委託",)),
        ("委託 委託", ("委託",)),
    ],
)
def test_query_terms(text, terms):
    assert parse_query(text).terms == terms


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "検索語を入力してください"),
        ("委", "1文字の語「委」では検索できません"),
        ("委託 の", "1文字の語「の」では検索できません"),
        ("！？「」", "記号だけでは検索できません"),
        ("委" * 1000, "検索語が長すぎます(1000文字)"),
        ("aa bb cc dd ee ff", "検索語は5語までです"),
    ],
)
def test_refused_queries(text, message):
    with pytest.raises(QueryError, match=re.escape(message)):
        parse_query(text)


@pytest.mark.parametrize(
    ("text", "query", "spans"),
    [
        ("再委託と委託", "委託", [(1, 3), (4, 6)]),
        ("ｲﾀｸ先", "イタク", [(0, 3)]),
        ("ｶﾞｲﾄﾞ", "ガイド", [(0, 5)]),
        ("住基 ネットの住基ネット", "住基ネット", [(0, 6), (7, 12)]),
        ("暗号化して委託", "委託 暗号", [(0, 2), (5, 7)]),
        ("なし", "委託", []),
    ],
)
def test_match_spans_in_the_original_text(text, query, spans):
    assert match_spans(text, parse_query(query)) == spans
