"""Reading stored values by kind: ticked checkboxes, periods, emptiness."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def is_filled(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return value.strip() != ""
    if isinstance(value, (list, dict)):
        return any(is_filled(v) for v in (value.values() if isinstance(value, dict) else value))
    return True


def ticked(value: Any) -> dict[str, str]:
    """Ticked checkbox options as {label: slot text} (slot text '' when none).

    A checkbox value is a list whose entries are either the option label or a one-key
    mapping ``{label: slot text}`` for options with a ``( )`` slot.
    """
    result: dict[str, str] = {}
    if not isinstance(value, list):
        return result
    for entry in value:
        if isinstance(entry, str):
            result[entry] = ""
        elif isinstance(entry, Mapping) and len(entry) == 1:
            label, text = next(iter(entry.items()))
            result[str(label)] = "" if text is None else str(text)
    return result


def period_bounds(value: Any) -> tuple[str, str]:
    if isinstance(value, Mapping):
        return str(value.get("start") or ""), str(value.get("end") or "")
    return "", ""
