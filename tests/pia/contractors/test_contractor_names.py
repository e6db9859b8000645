"""pia.contractors.names: the key by which a 委託先名 is matched."""

from __future__ import annotations

import pytest

from pia.contractors import name_key

SAME = [
    ("株式会社肥後システムサービス", "(株)肥後システムサービス"),
    ("株式会社肥後システムサービス", "㈱肥後システムサービス"),
    ("株式会社肥後システムサービス", "株式会社 肥後システムサービス"),
    ("株式会社肥後システムサービス", "株式会社\u3000肥後システムサービス"),
    ("株式会社肥後システムサービス", "(株)肥後システムサービス"),
    ("九州情報ネットワーク株式会社", "九州情報ネットワーク(株)"),
    ("ＡＢＣデータ株式会社", "abcデータ株式会社"),
    ("一般財団法人くまもと情報センター", "(一財)くまもと情報センター"),
]
DIFFERENT = [
    ("株式会社肥後システムサービス", "株式会社肥後システム"),
    ("九州情報ネットワーク株式会社", "九州情報ネットワークス株式会社"),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_the_same_company_written_differently(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_companies_stay_different(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


def test_only_a_designation_has_no_key() -> None:
    assert name_key(" 株式会社 ") == ""
