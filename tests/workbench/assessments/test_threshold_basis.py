"""The しきい値判断 page explains each reason by the law (規則・指針 article and the 施行日 of the
version cited) first, and shows municipal pages after it, marked 参考."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


class _Bases(HTMLParser):
    """The text of each ``<ul class="basis">`` item, one list per reason."""

    def __init__(self) -> None:
        super().__init__()
        self.bases: list[list[str]] = []
        self.links: list[str] = []
        self._in_list = False
        self._in_item = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs).get("class") or ""
        if tag == "ul" and "basis" in names.split():
            self.bases.append([])
            self._in_list = True
        elif tag == "li" and self._in_list:
            self.bases[-1].append("")
            self._in_item = True
        elif tag == "a" and self._in_item:
            self.links.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "li":
            self._in_item = False
        elif tag == "ul":
            self._in_list = False

    def handle_data(self, data: str) -> None:
        if self._in_item:
            self.bases[-1][-1] += data


def _bases(client, **query: str | list[str]) -> _Bases:
    parser = _Bases()
    parser.feed(client.get(reverse("threshold"), query).content.decode())
    return parser


@pytest.mark.parametrize(
    ("query", "first"),
    [
        (
            {"exemptions": ["staff"], "on": "2025-12-01"},
            "根拠:特定個人情報保護評価に関する規則 第4条第1号（平成26年4月20日施行）[V]",
        ),
        (
            {"subjects": "400000", "handlers": "600", "on": "2025-12-01"},
            "根拠:特定個人情報保護評価指針 第5の2（令和6年10月1日適用）[V]",
        ),
    ],
)
def test_each_reason_cites_the_law_first(client, people, query, first) -> None:
    client.force_login(people["author"])
    parsed = _bases(client, **query)
    assert parsed.bases
    assert parsed.bases[0][0] == first
    for lines in parsed.bases:
        kinds = [line.split(":")[0] for line in lines]
        assert kinds[0] == "根拠"
        assert kinds == sorted(kinds, key=["根拠", "参考", "確度"].index)
        assert all("http" not in line for line in lines if line.startswith("根拠"))


def test_municipal_pages_are_links_marked_as_reference(client, people) -> None:
    client.force_login(people["author"])
    parsed = _bases(client, exemptions=["manual"], on="2025-12-01")
    references = [line for line in parsed.bases[0] if line.startswith("参考:")]
    assert references
    assert "東海村" in references[0]
    assert "https://www.vill.tokai.ibaraki.jp/soshikikarasagasu/soumubu/soumujinji/38/1/1/1640.html" in parsed.links
