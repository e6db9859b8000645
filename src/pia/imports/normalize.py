"""Text as the recogniser compares it: NFKC (full-width letters, digits and brackets to
half-width, ①→1), the ※ mark dropped, every kind of space one space."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WHITESPACE = re.compile(r"\s+")
_SPACES = re.compile(r"[ \t\u3000\u00a0\r\f\v]+")
# Leading numbering a body may print in any of its forms: ① (NFKC 1), (1), ⑴, 1., 1), Ⅰ (NFKC I), 1-.
NUMBERING = r"(?:\(\d{1,2}\)|\d{1,2}\s*[.．、)]?|[IVX]{1,4}\b\.?)?\s*"


@lru_cache(maxsize=65536)
def nfkc(text: str) -> str:
    """NFKC with the form's marks that NFKC leaves alone made plain: ※ dropped, 〇 as ○,
    the long dashes as one (bodies type 「－」, 「―」 and 「ー」 for the same printed rule)."""
    text = unicodedata.normalize("NFKC", text).replace("※", " ").replace("〇", "○")
    return _SPACES.sub(" ", text)


@lru_cache(maxsize=65536)
def compact(text: str) -> str:
    """NFKC without any whitespace: how labels are compared (a label typed with spaces, or
    broken over lines by a PDF viewer, is the same label)."""
    return _WHITESPACE.sub("", nfkc(text))


def strip_numbering(text: str) -> str:
    """The label without its leading numbering (「①事務の名称」 and 「(1)事務の名称」 → 「事務の名称」)."""
    return re.sub("^" + NUMBERING, "", nfkc(text).strip(), count=1)


def compact_map(text: str) -> tuple[str, list[int]]:
    """``compact(text)`` with, for each of its characters, the index of the original one."""
    chars: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        if char.isspace():
            continue
        made = char if char.isascii() else compact(char)
        for one in made:
            chars.append(one)
            where.append(index)
    return "".join(chars), where


def tail_after(text: str, count: int) -> str:
    """``text`` after its first ``count`` compacted characters (verbatim)."""
    if count <= 0:
        return text
    _, where = compact_map(text)
    return text[where[count] :] if count < len(where) else ""
