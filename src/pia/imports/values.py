"""A value read from its printed text, by the item's kind (choice, checkbox, date …).

Each reader returns the value (None when the text holds none) and whatever text it could not
account for, which the recogniser keeps as unplaced text next to the item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pia.document.public import WITHHELD
from pia.forms.model import Item, Kind, Option
from pia.imports.normalize import compact, compact_map, nfkc
from pia.wareki import WarekiError, parse_date

_BRACKET = re.compile(r"\[\s*([^\[\]]*?)\s*\]")
_OPTION_LIST = "<選択肢>"
_ISO = re.compile(r"\(\s*(\d{4}-\d{2}-\d{2})\s*\)")
_BOX = re.compile(r"[\[［]\s*([○〇◯●✓✔レ■xX×]?)\s*[\]］]|([■□☑☐])")
_DEPTH = {"(": 1, "（": 1, ")": -1, "）": -1}
_PERIOD_SEPARATORS = re.compile(r"\s*(?:[～〜~]|から)\s*")
_NUMBER = re.compile(r"(-?\d+)\s*(?:件|人|か所|ヶ所|箇所)?")
_PUNCTUATION_ONLY = re.compile(r"[、,，・/／\s]*")


@dataclass(frozen=True)
class Read:
    value: Any  # None: no value
    rest: str = ""  # text the reading could not account for ("" when all was used)
    options: int = 0  # choices made or boxes ticked that were recognised


def read_value(item: Item, text: str) -> Read:
    """The value of ``item`` printed as ``text`` (the text after its label, lines joined)."""
    stripped = text.strip()
    if not stripped:
        return Read(None)
    if nfkc(stripped) == nfkc(WITHHELD):
        return Read(None)
    if item.kind is Kind.CHOICE:
        return _choice(item, stripped)
    if item.kind is Kind.CHECKBOX:
        return _checkbox(item, stripped)
    if item.kind is Kind.DATE:
        return Read(read_date(stripped))
    if item.kind is Kind.PERIOD:
        return _period(stripped)
    if item.kind is Kind.NUMBER:
        return _number(stripped)
    if item.kind is Kind.IMAGE:  # figures come from the source's pictures, never from its text
        return Read(None, stripped)
    return Read(stripped)


def read_date(text: str) -> str:
    """An ISO date from 「令和3年3月31日(2021-03-31)」, 「令和3年3月31日」, 「R3.3.31」 or
    「2021-03-31」; the text as written when it is no date (validation then says so)."""
    normal = nfkc(text).strip()
    found = _ISO.search(normal)
    if found:
        return found.group(1)
    try:
        return parse_date(normal).isoformat()
    except WarekiError:
        return text.strip()


def _period(text: str) -> Read:
    """「令和2年12月1日(2020-12-01)～令和3年1月5日(2021-01-05)」, 「… から … まで」."""
    normal = re.sub(r"\s*まで\s*$", "", nfkc(text).strip())
    parts = _PERIOD_SEPARATORS.split(normal, maxsplit=1)
    if len(parts) != 2:
        return Read(None, text)
    start, end = (read_date(p) if p.strip() else "" for p in parts)
    value = {k: v for k, v in (("start", start), ("end", end)) if v}
    return Read(value or None)


def _number(text: str) -> Read:
    """「2」, 「2件」, 「1,200人」."""
    found = _NUMBER.fullmatch(nfkc(text).replace(",", "").strip())
    return Read(int(found.group(1))) if found else Read(None, text)


def _find_option(options: tuple[Option, ...], text: str) -> Option | None:
    key = compact(text)
    return next((o for o in options if compact(o.label) == key), None)


def _choice(item: Item, text: str) -> Read:
    """「[30万人以上] <選択肢> 1) … 2) …」 (the forms' print), or the chosen label alone."""
    normal = nfkc(text)
    bracket = _BRACKET.search(normal)
    chosen = bracket.group(1) if bracket else normal
    rest = (normal[: bracket.start()] + normal[bracket.end() :]) if bracket else ""
    rest = _drop_option_list(item.options, rest)
    if bracket and not chosen.strip():
        return Read(None, rest)
    option = _find_option(item.options, chosen)
    if option is None:
        option = _find_option(item.options, re.sub(r"^\s*\d{1,2}\s*[).]\s*", "", chosen))
    if option is None:
        return Read(None, (chosen + " " + rest).strip())
    return Read(option.label, rest, 1)


def _drop_option_list(options: tuple[Option, ...], text: str) -> str:
    """The text with 「<選択肢>」 and the printed option list 「1) 行っている 2) 行っていない」 removed."""
    rest = compact(text).replace(_OPTION_LIST, "")
    for option in sorted(options, key=lambda o: -len(o.label)):
        label = compact(option.label)
        for numbered in (
            f"{option.no}){label}",
            f"({option.no}){label}",
            f"{option.no}.{label}",
            f"{option.no}{label}",
        ):
            if numbered in rest:  # 1) 1.  (1)  ① (NFKC: 1)
                rest = rest.replace(numbered, "", 1)
                break
    return "" if _PUNCTUATION_ONLY.fullmatch(rest) else rest


def _checkbox(item: Item, text: str) -> Read:
    if _BOX.search(text):
        return _boxes(item, text)
    return _listed(item, text)


def _boxes(item: Item, text: str) -> Read:
    """「[○] 紙 [ ] 電子メール [○] その他 (住基ネット)」: each box and the option after it."""
    marks = list(_BOX.finditer(text))
    ticked: list[Any] = []
    rest = [text[: marks[0].start()]]
    for n, mark in enumerate(marks):
        end = marks[n + 1].start() if n + 1 < len(marks) else len(text)
        segment = text[mark.end() : end]
        on = bool(mark.group(1)) or mark.group(2) in ("■", "☑")
        option, slot, left = _option_in(item, segment)
        if option is None:
            rest.append(segment)
            continue
        if option.text_slot and (slot.isdigit() or not slot):  # a count's slot, printed 「( 2 )件」
            left = re.sub(r"^\s*件", "", left)
        rest.append(left)
        if on:
            ticked.append({option.label: slot} if option.text_slot and slot else option.label)
    leftover = _drop_groups(item, "".join(rest))
    return Read(ticked or None, leftover, len(ticked))


def _option_in(item: Item, segment: str) -> tuple[Option | None, str, str]:
    """The option a segment after a box starts with, its slot text 「(…)」 and what is left."""
    key = compact(segment)
    for option in sorted(item.options, key=lambda o: -len(compact(o.label))):
        label = compact(option.label)
        if not key.startswith(label):
            continue
        after = _after_compact(segment, len(label))
        slot = ""
        if option.text_slot:
            slot, after = _slot(after)
        return option, slot, after
    return None, "", segment


def _after_compact(text: str, count: int) -> str:
    """``text`` after its first ``count`` non-space characters."""
    seen = 0
    for index, char in enumerate(text):
        if seen == count:
            return text[index:]
        if not char.isspace():
            seen += 1
    return ""


def _slot(text: str) -> tuple[str, str]:
    """「 (住基ネット) …」 → ("住基ネット", " …"); nested brackets kept (「(各区役所区民課(戸籍担当))」)."""
    stripped = text.lstrip()
    if not stripped.startswith(("(", "（")):
        return "", text
    depth = 0
    for index, char in enumerate(stripped):
        depth += _DEPTH.get(char, 0)
        if depth == 0:
            inner = stripped[1:index]
            return re.sub(r"\s*\n\s*", "", inner).strip(), stripped[index + 1 :]
    return stripped[1:].strip(), ""


def _drop_groups(item: Item, text: str) -> str:
    rest = compact(text)
    for group in {o.group for o in item.options if o.group}:
        rest = rest.replace(compact(group), "")
    return rest


def _listed(item: Item, text: str) -> Read:
    """「紙、庁内連携システム、その他(住基ネット)」: the ticked options listed (a data export)."""
    ticked: list[Any] = []
    compacted, where = compact_map(text)
    by_length = sorted(item.options, key=lambda o: -len(compact(o.label)))
    leftover: list[str] = []
    position = 0
    while position < len(compacted):
        if compacted[position] in "、,・":
            position += 1
            continue
        for option in by_length:
            label = compact(option.label)
            if compacted.startswith(label, position):
                position += len(label)
                slot = ""
                if option.text_slot and compacted.startswith("(", position):
                    slot, after = _slot(text[where[position] :])
                    consumed = len(compact(text[where[position] :])) - len(compact(after))
                    position += consumed
                ticked.append({option.label: slot} if slot else option.label)
                break
        else:
            leftover.append(compacted[position])
            position += 1
    return Read(ticked or None, "".join(leftover), len(ticked))
