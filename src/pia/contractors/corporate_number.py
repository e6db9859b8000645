"""法人番号: 13 digits, the first of which is a check digit (検査用数字) computed from the other 12
(the 基礎番号) by the rule of 法人番号の指定等に関する省令 (平成26年財務省令第70号) 第2条:

    検査用数字 = 9 − ((Σ_{n=1..12} P_n × Q_n) を9で除した余り)

P_n is the n-th digit of the 基礎番号 counted from its lowest (rightmost) digit, Q_n is 1 for odd
n and 2 for even n; the result is always 1–9. (The 省令's printed formula puts the parenthesis so
that it reads as the remainder of each product; the remainder of the sum is what the 国税庁's
published numbers satisfy, e.g. 国税庁 7000012050002.)

People copy numbers from PDFs and spreadsheets, so full-width digits, spaces and hyphens are
accepted and removed before the check; every refusal names what is wrong in Japanese."""

from __future__ import annotations

import re
import unicodedata

from pia.errors import PiaError

LENGTH = 13
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―−ー－]")


class CorporateNumberError(PiaError, ValueError):
    """Not a 法人番号 (the message says why, in Japanese)."""


def normalise_corporate_number(text: str) -> str:
    """Half-width digits without spaces and hyphens (「７０００-０１２０-５０００２」 → 7000012050002);
    nothing is checked here."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", text))


def check_digit(base: str) -> int:
    """The 検査用数字 of a 12-digit 基礎番号."""
    if len(base) != LENGTH - 1 or not base.isascii() or not base.isdigit():
        raise CorporateNumberError(f"基礎番号は12桁の数字です: {base!r}")
    total = sum(int(digit) * (1 if n % 2 else 2) for n, digit in enumerate(reversed(base), start=1))
    return 9 - total % 9


def validate_corporate_number(text: str) -> str:
    """The 法人番号 in its normal form (13 half-width digits), or CorporateNumberError."""
    number = normalise_corporate_number(text)
    if not number:
        raise CorporateNumberError("法人番号が入力されていません。")
    wrong = [c for c in number if not (c.isascii() and c.isdigit())]
    if wrong:
        shown = "」「".join(dict.fromkeys(wrong))
        raise CorporateNumberError(
            f"法人番号に数字以外の文字「{shown}」が含まれています。13桁の数字で入力してください。"
        )
    if len(number) != LENGTH:
        raise CorporateNumberError(f"法人番号は13桁の数字です(入力は{len(number)}桁です)。")
    if number[0] == "0":
        raise CorporateNumberError("法人番号の先頭の1桁(検査用数字)は1～9です。0で始まる番号はありません。")
    expected = check_digit(number[1:])
    if int(number[0]) != expected:
        raise CorporateNumberError(
            f"法人番号の検査用数字(先頭の1桁)が合いません(入力は「{number[0]}」、残りの12桁から計算すると"
            f"「{expected}」です)。番号を国税庁法人番号公表サイト等で確かめてください。"
        )
    return number
