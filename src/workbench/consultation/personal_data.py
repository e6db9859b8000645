"""Personal data written inside comment bodies: what to warn about before the results are
published (telephone numbers, 12-digit numbers that may be a 個人番号, e-mail addresses, street
addresses, and the submitter's own name, address, telephone or e-mail typed into the text).

Heuristics, not proof: staff see every hit per comment, mask those that are personal data in
one click (they become the comment's masks, so every public output shows ＊＊＊) and acknowledge
the rest. Detection runs on the masked body, so what is already masked is not found again;
every hit is a phrase that occurs in the body as written (masks must).

Full-width digits and signs (０９６－３２８…, ＠) are found too: the text is compared through a
one-to-one character translation, so a hit's position is the position in the original text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# one character for one character, so match positions stay positions in the original text
_FOLD = str.maketrans(
    {
        **{chr(0xFF10 + n): str(n) for n in range(10)},
        **dict.fromkeys("‐‑‒–—―−－ｰ", "-"),
        "（": "(",
        "）": ")",
        "＋": "+",
        "＠": "@",
        "．": ".",
        "　": " ",
        **{chr(0xFF21 + n): chr(0x41 + n) for n in range(26)},
        **{chr(0xFF41 + n): chr(0x61 + n) for n in range(26)},
    }
)

_D = r"(?<![0-9])"  # not inside a longer number
_E = r"(?![0-9])"
MY_NUMBER = re.compile(_D + r"(\d{4})[- ]?(\d{4})[- ]?(\d{4})" + _E)
PHONE = re.compile(
    _D
    + r"(?:\+81[- ]?\(?0?\)?[- ]?\d{1,4}|\(0\d{1,4}\)|0\d{1,4})[- ()]{0,2}\d{1,4}[- )]{1,2}\d{3,4}"
    + _E
    + r"|"
    + _D
    + r"0[5789]0\d{8}"
    + _E
    + r"|"
    + _D
    + r"0[1-9]\d{8}"
    + _E
)
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# An address: a place name ending in 都道府県市区町村郡, more of the name (霞が関, 手取本町), then at
# least two number groups (三丁目1番, 1-1): one number alone is too common in ordinary text.
_KANJI = r"[一-龥々〆ヶヵァ-ヺー]"
_NAME = r"[一-龥々〆ヶヵァ-ヺーぁ-ゖ]"
_NUM = r"[0-9一二三四五六七八九十〇]+"
ADDRESS = re.compile(
    rf"{_KANJI}{{0,12}}?[都道府県市区町村郡]{_NAME}{{0,14}}?{_NUM}(?:丁目|番地|番|号|-){_NUM}"
    rf"(?:(?:丁目|番地|番|号|-|の){_NUM})*(?:番地|番|号)?"
)

KINDS = {  # in the order that wins between overlapping hits of the same length
    "submitter": "提出者の氏名・連絡先",
    "my_number": "個人番号の可能性がある12桁の数字",
    "twelve_digits": "12桁の数字",
    "phone": "電話番号",
    "email": "メールアドレス",
    "address": "住所",
}


@dataclass(frozen=True)
class Hit:
    kind: str  # a key of KINDS
    text: str  # as written in the body (a phrase that can be masked)
    start: int

    @property
    def label(self) -> str:
        return KINDS[self.kind]


def my_number_valid(digits: str) -> bool:
    """The 個人番号's check digit (番号法施行令第8条): the last digit from the other eleven."""
    if len(digits) != 12 or not digits.isdigit():
        return False
    body = [int(c) for c in digits[:11]]
    total = sum(p * (n + 1 if n <= 6 else n - 5) for n, p in enumerate(reversed(body), start=1))
    remainder = total % 11
    return int(digits[11]) == (0 if remainder <= 1 else 11 - remainder)


def find_personal_data(text: str, submitter: tuple[str, str, str, str] | tuple[()] = ()) -> list[Hit]:
    """Every hit in ``text`` in reading order; of overlapping hits the longest is kept (then the
    first kind: 個人番号, telephone, e-mail, address). ``submitter``: the submitter's own name,
    address, telephone and e-mail, found where they are written out in the text (an address or
    telephone too short to identify anyone, such as 「熊本市」, is not looked for)."""
    folded = text.translate(_FOLD)
    order = list(KINDS)
    found = sorted(_candidates(folded, submitter, text), key=lambda c: (c[1] - c[2], order.index(c[0]), c[1]))
    hits: list[Hit] = []
    taken: list[tuple[int, int]] = []
    for kind, start, end in found:
        if any(start < b and a < end for a, b in taken):
            continue
        taken.append((start, end))
        hits.append(Hit(kind, text[start:end], start))
    return sorted(hits, key=lambda h: h.start)


def _identifying(submitter: tuple[str, str, str, str] | tuple[()]) -> list[str]:
    if not submitter:
        return []
    name, address, phone, email = (value.strip() for value in submitter)
    values = [name if len(name) >= 2 else "", address if len(address) >= 8 else ""]
    values += [phone if sum(c.isdigit() for c in phone) >= 10 else "", email if "@" in email else ""]
    return [v for v in values if v]


def _candidates(folded: str, submitter, text: str) -> Iterator[tuple[str, int, int]]:
    for value in _identifying(submitter):
        for match in re.finditer(re.escape(value), text):
            yield "submitter", match.start(), match.end()
    for match in MY_NUMBER.finditer(folded):
        kind = "my_number" if my_number_valid("".join(match.groups())) else "twelve_digits"
        yield kind, match.start(), match.end()
    for kind, pattern in (("phone", PHONE), ("email", EMAIL), ("address", ADDRESS)):
        for match in pattern.finditer(folded):
            yield kind, match.start(), match.end()
