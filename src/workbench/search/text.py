"""Japanese text as the search engine sees it: NFKC, case-folded, only letters and digits, cut
into overlapping two-character tokens (bigrams) — the CJK bigram analysis of Lucene's
``CJKAnalyzer``, done here because neither SQLite's FTS5 nor PostgreSQL's text search ships it
(ADR 0022). The engines do the rest: posting lists, phrase adjacency, ranking.

Full-width and half-width forms and ｶﾅ/カナ are one character after NFKC; spaces and symbols are
not characters of the stream, so 「住基 ネット」 and 「住基ネット」 are the same text."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_QUERY_CHARS = 200
MAX_TERMS = 5


@dataclass(frozen=True)
class Stream:
    """The searchable characters of a text and, for each, its span in the original text."""

    chars: str
    spans: tuple[tuple[int, int], ...]


def stream(text: str) -> Stream:
    """NFKC and case folding character by character, keeping where each piece came from; a
    half-width voiced mark (ｶﾞ) composes with the character before it."""
    chars: list[str] = []
    spans: list[tuple[int, int]] = []
    for index, char in enumerate(text):
        folded = unicodedata.normalize("NFKC", char).casefold()
        if chars and folded and all(unicodedata.combining(c) for c in folded):
            last = spans[-1][0]
            merged = unicodedata.normalize("NFKC", text[last : index + 1]).casefold()
            kept = [c for c in merged if c.isalnum()]
            while spans and spans[-1][0] == last:
                chars.pop()
                spans.pop()
            chars.extend(kept)
            spans.extend([(last, index + 1)] * len(kept))
            continue
        for piece in folded:
            if piece.isalnum():
                chars.append(piece)
                spans.append((index, index + 1))
    return Stream("".join(chars), tuple(spans))


_NOT_ALNUM = re.compile(r"[\W_]+")  # \w is str.isalnum() plus "_"


def normalized(text: str) -> str:
    """The searchable characters of a whole text (what :func:`stream` gives, in one pass)."""
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", text).casefold())


def bigrams(chars: str) -> list[str]:
    """``委託先`` → ``委託 託先``; a single character is its own token."""
    if len(chars) < 2:
        return [chars] if chars else []
    return list(map(str.__add__, chars, chars[1:]))


def tokens(text: str) -> str:
    """The indexed form of a text: its bigrams, space-separated, in order (positions count)."""
    return " ".join(bigrams(normalized(text)))


PUBLIC_SCOPE = "public"


def scope_token(organization_id: int) -> str:
    """The organisation as an index token of its own, so that the engine intersects a search with
    the caller's organisations inside the index (``org12 AND "委託 託先"``); the public edition's
    rows carry ``PUBLIC_SCOPE`` instead, so no staff search reaches them and the public search
    reaches nothing else. No bigram can equal either: bigrams have two characters."""
    return f"org{organization_id}"


class QueryError(ValueError):
    """A query the search refuses, with the Japanese message for the page."""


@dataclass(frozen=True)
class Query:
    terms: tuple[str, ...]  # normalised, each at least two characters; every one must occur

    @property
    def phrases(self) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(bigrams(term)) for term in self.terms)


def parse_query(text: str) -> Query:
    """The words of a search box: split on spaces (full-width too), each normalised; every word
    must occur. Refused: nothing to search, only symbols, a one-character word, too long."""
    raw = text.strip()
    if not raw:
        raise QueryError("検索語を入力してください。")
    if len(raw) > MAX_QUERY_CHARS:
        raise QueryError(f"検索語が長すぎます({len(raw)}文字)。{MAX_QUERY_CHARS}文字以内で入力してください。")
    words = unicodedata.normalize("NFKC", raw).split()
    terms: list[str] = []
    for word in words:
        term = normalized(word)
        if term and term not in terms:
            terms.append(term)
    if not terms:
        raise QueryError("記号だけでは検索できません。2文字以上の語(例:委託、住基)を入力してください。")
    short = [word for word in words if len(normalized(word)) == 1]
    if short:
        raise QueryError(f"1文字の語「{short[0]}」では検索できません。2文字以上の語(例:委託、住基)を入力してください。")
    if len(terms) > MAX_TERMS:
        raise QueryError(f"検索語は{MAX_TERMS}語までです(空白で区切った語が{len(terms)}語あります)。")
    return Query(tuple(terms))


def match_spans(text: str, query: Query) -> list[tuple[int, int]]:
    """Where the query's terms occur in the original text (start, end), in order, not overlapping:
    what the snippet marks."""
    found = stream(text)
    spans: list[tuple[int, int]] = []
    for term in query.terms:
        at = found.chars.find(term)
        while at != -1:
            spans.append((found.spans[at][0], found.spans[at + len(term) - 1][1]))
            at = found.chars.find(term, at + len(term))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
