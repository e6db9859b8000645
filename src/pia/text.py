"""Text as every writer prints it: control characters that no output format can carry.

The web forms and the files people write accept any character, but XML 1.0 (DOCX, XLSX)
forbids the C0 controls other than tab and line breaks, lone surrogates and U+FFFE/U+FFFF;
typst and HTML show the same controls as boxes or not at all, and a terminal executes ESC
sequences. The rule, the same in every writer (PDF, HTML, DOCX, XLSX, Markdown, the terminal):

* **line breaks** written another way become a line break (``\\n``): ``\\r\\n`` and ``\\r``
  (browsers, Windows), ``\\v`` and ``\\f`` (a manual line break copied from Word or Excel),
  NEL (U+0085), LINE SEPARATOR (U+2028) and PARAGRAPH SEPARATOR (U+2029);
* the **other controls are removed**: C0 (U+0000–U+001F except tab and line feed), DEL
  (U+007F), C1 (U+0080–U+009F), lone surrogates and the noncharacters U+FFFE/U+FFFF. They have
  no visible form and no meaning in a 評価書 (a visible replacement such as 「�」 would put
  noise into an official document); the stored document keeps them, so nothing is lost.

Tab stays (every format can hold it). :func:`clean_text` cleans one string,
:func:`clean_tree` a whole output model (dataclasses, tuples, lists, dicts), returning the very
same objects when there was nothing to clean, so the common case costs one regex search per text.
"""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass, replace
from typing import Any, TypeVar

T = TypeVar("T")

_BREAKS = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_DROPPED = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_ANY = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """``text`` with other line breaks as ``\\n`` and the remaining control characters removed."""
    if _ANY.search(text) is None:
        return text
    return _DROPPED.sub("", _BREAKS.sub("\n", text))


# What json.dumps(..., ensure_ascii=False) writes for a character clean_text would change: an
# escape (\b \f \r \u0000 …) or the character itself (DEL, C1, LS, PS, surrogates, U+FFFE/F).
# A literal backslash before b/f/r in a text matches too: that only costs a needless cleaning.
_RAW_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
_ESCAPES_IN_JSON = ("\\u00", "\\r", "\\b", "\\f")


def json_needs_cleaning(text: str) -> bool:
    """Whether JSON text (``ensure_ascii=False``) may hold a character :func:`clean_text` changes:
    a few searches over the text (~10 ms for the 1.3 MB of an 85-page 評価書) instead of a walk
    over the data it was made from."""
    return any(escape in text for escape in _ESCAPES_IN_JSON) or _RAW_IN_JSON.search(text) is not None


def clean_tree(value: T) -> T:
    """A copy of an output model with every text cleaned (the same object when already clean)."""
    cleaned: Any = _clean(value)
    return cleaned  # type: ignore[no-any-return]


_ATOMS = frozenset({int, float, bool, type(None)})
_plans: dict[type, tuple[str, ...] | None] = {}  # a dataclass's init fields; None: not a dataclass


def _plan(kind: type) -> tuple[str, ...] | None:
    if kind not in _plans:
        _plans[kind] = tuple(f.name for f in fields(kind) if f.init) if is_dataclass(kind) else None
    return _plans[kind]


def _clean(value: Any) -> Any:
    kind = type(value)
    if kind is str:
        return clean_text(value) if _ANY.search(value) else value
    if kind in _ATOMS:
        return value
    if kind is tuple or kind is list:
        return _clean_sequence(value)
    if kind is dict:
        return _clean_mapping(value)
    names = _plan(kind)
    if names is None:
        return clean_text(value) if isinstance(value, str) else value  # a StrEnum …
    changed = None
    for name in names:
        old = getattr(value, name)
        new = _clean(old)
        if new is not old:
            changed = changed or {}
            changed[name] = new
    return replace(value, **changed) if changed else value


def _clean_sequence(value: tuple[Any, ...] | list[Any]) -> Any:
    for n, item in enumerate(value):
        new = _clean(item)
        if new is not item:  # the first change: copy, then clean the rest
            items = [*value[:n], new, *(_clean(rest) for rest in value[n + 1 :])]
            return tuple(items) if isinstance(value, tuple) else items
    return value


def _clean_mapping(value: dict[Any, Any]) -> Any:
    for key, item in value.items():
        if _clean(key) is not key or _clean(item) is not item:
            return {_clean(k): _clean(v) for k, v in value.items()}
    return value
