"""The key by which a 委託先名 written in a 評価書 is matched against the register.

The same company is written 「株式会社肥後システムサービス」, 「(株)肥後システムサービス」,
「㈱肥後システムサービス」 or with a space after the designation; the key is the name in NFKC
(full-width letters and digits to half-width, ㈱ to (株)) without spaces and without the legal
form's designation, full or abbreviated, before or after the name, case-folded. Two names with the
same key are taken to be the same 委託先; the user sees every match in the import's report."""

from __future__ import annotations

import re
import unicodedata

# Legal forms and their customary abbreviations, as written before or after a name.
DESIGNATIONS = (
    ("株式会社", "株"),
    ("有限会社", "有"),
    ("合同会社", "同"),
    ("合名会社", "名"),
    ("合資会社", "資"),
    ("一般社団法人", "一社"),
    ("一般財団法人", "一財"),
    ("公益社団法人", "公社"),
    ("公益財団法人", "公財"),
    ("特定非営利活動法人", "特非"),
    ("社会福祉法人", "福"),
)
_WORDS = "|".join(re.escape(full) for full, _ in DESIGNATIONS) + "|NPO法人"
_ABBREVIATIONS = "|".join(re.escape(short) for _, short in DESIGNATIONS)
_DESIGNATION = re.compile(rf"(?:{_WORDS})|\((?:{_ABBREVIATIONS})\)")
_SPACES = re.compile(r"\s+")


def name_key(name: str) -> str:
    """The matching key of a 委託先名 ("" for a name that is only a designation or spaces)."""
    text = _SPACES.sub("", unicodedata.normalize("NFKC", name))
    return _DESIGNATION.sub("", text).casefold()
