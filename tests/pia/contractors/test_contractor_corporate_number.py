"""pia.contractors.corporate_number: the 検査用数字 rule of 平成26年財務省令第70号 第2条, against
法人番号 published by the 国税庁's 法人番号公表サイト, and the Japanese refusals."""

from __future__ import annotations

import pytest

from pia.contractors import CorporateNumberError, check_digit, normalise_corporate_number, validate_corporate_number

# Published 法人番号 (国税庁法人番号公表サイト): a national body, two prefectures and cities.
PUBLISHED = [
    ("7000012050002", "国税庁"),
    ("8000020130001", "東京都"),
    ("3000020141003", "横浜市"),
]
# 熊本市 (地方公共団体コード 431001): the 基礎番号 of a local body is 0000 2 0 and its 団体コード
# (東京都 000020130001, 横浜市 000020141003 above), so 熊本市's is 000020431001, whose check digit
# by the rule is 9. 「7000020431001」 (the same 基礎番号 with 7) fails the check.
KUMAMOTO_BASE = "000020431001"


@pytest.mark.parametrize(("number", "body"), PUBLISHED)
def test_published_numbers_pass(number: str, body: str) -> None:
    assert validate_corporate_number(number) == number, body


@pytest.mark.parametrize(("number", "body"), PUBLISHED)
def test_the_check_digit_of_published_numbers(number: str, body: str) -> None:
    assert check_digit(number[1:]) == int(number[0]), body


def test_kumamoto_city_base_number_has_check_digit_nine() -> None:
    assert check_digit(KUMAMOTO_BASE) == 9


def test_the_worked_example_of_the_rule() -> None:
    """基礎番号 123456789012: Σ = 74, 74 mod 9 = 2, 9 − 2 = 7."""
    assert check_digit("123456789012") == 7


@pytest.mark.parametrize(
    ("written", "normal"),
    [
        ("７０００－０１２０－５０００２", "7000012050002"),  # full-width with full-width hyphens
        ("7-0000-1205-0002", "7000012050002"),
        (" 7000 0120 50002 ", "7000012050002"),
        ("8000020130001\n", "8000020130001"),
        ("3000020141003", "3000020141003"),
    ],
)
def test_full_width_digits_spaces_and_hyphens_are_accepted(written: str, normal: str) -> None:
    assert validate_corporate_number(written) == normal


def test_normalising_only_removes_separators() -> None:
    assert normalise_corporate_number("７０００ー１２") == "700012"


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("", "法人番号が入力されていません。"),
        ("  - ", "法人番号が入力されていません。"),
        ("700001205000", "法人番号は13桁の数字です(入力は12桁です)。"),
        ("70000120500021", "法人番号は13桁の数字です(入力は14桁です)。"),
        ("T7000012050002", "法人番号に数字以外の文字「T」が含まれています。"),
        ("700001205000X", "法人番号に数字以外の文字「X」が含まれています。"),
        ("0000012050002", "先頭の1桁(検査用数字)は1～9です。"),
        (
            "8000012050002",
            "法人番号の検査用数字(先頭の1桁)が合いません(入力は「8」、残りの12桁から計算すると「7」です)。",
        ),
        ("7000020431001", "入力は「7」、残りの12桁から計算すると「9」です"),
    ],
)
def test_refusals_name_what_is_wrong(written: str, message: str) -> None:
    with pytest.raises(CorporateNumberError) as raised:
        validate_corporate_number(written)
    assert message in str(raised.value)


@pytest.mark.parametrize("base", ["12345678901", "1234567890123", "12345678901a", "１２３４５６７８９０１２"])
def test_check_digit_wants_twelve_ascii_digits(base: str) -> None:
    with pytest.raises(CorporateNumberError):
        check_digit(base)


def test_every_single_digit_error_but_nine_for_zero_is_caught() -> None:
    """Changing one digit of the 基礎番号 changes the check digit, except 0 ↔ 9: both weights (1 and
    2) times 9 leave the sum's remainder modulo 9 unchanged, a known weakness of the rule."""
    number = "7000012050002"
    for place in range(1, 13):
        for digit in "0123456789":
            if digit == number[place]:
                continue
            altered = number[:place] + digit + number[place + 1 :]
            if {digit, number[place]} == {"0", "9"}:
                assert validate_corporate_number(altered) == altered
            else:
                with pytest.raises(CorporateNumberError):
                    validate_corporate_number(altered)
