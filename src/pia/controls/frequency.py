"""How often a promised measure is checked, and the frequency a measure text suggests.

The frequencies and the phrases that suggest them are data (``data/frequencies.yaml``): a
municipality writes 「月に一度」, 「毎月」, 「月１回」 or 「３か月に１回」, and a new phrase is a line
of data, not code. Texts are compared after NFKC normalisation, so full-width and half-width
digits and letters are the same phrase."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from pia.errors import PiaError

DATA = Path(__file__).parent / "data" / "frequencies.yaml"


class ControlDataError(PiaError):
    """The controls' data file is not as described (Japanese message)."""


@dataclass(frozen=True)
class Frequency:
    code: str  # monthly | quarterly | yearly | as_needed
    label: str  # 毎月 | 四半期 | 毎年 | 随時
    months: int | None  # length of one period; None: no periods (随時)
    year_starts: int  # the month a period year starts in (4: 年度)
    patterns: tuple[re.Pattern[str], ...]

    @property
    def periodic(self) -> bool:
        return self.months is not None


def normalise(text: str) -> str:
    """NFKC (全角 → 半角 digits and letters), without spaces at the ends."""
    return unicodedata.normalize("NFKC", text or "").strip()


@cache
def frequencies() -> tuple[Frequency, ...]:
    """Every frequency of the data, in the order of the file."""
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    rows = data.get("frequencies") if isinstance(data, dict) else None
    if not isinstance(rows, list) or not rows:
        raise ControlDataError(f"{DATA.name}: 「frequencies」の一覧がありません。")
    found = []
    for row in rows:
        try:
            months = row.get("months")
            year_starts = int(row.get("year_starts", 1))
            if months is not None and (int(months) not in (1, 2, 3, 4, 6, 12) or not 1 <= year_starts <= 12):
                raise ValueError
            found.append(
                Frequency(
                    code=str(row["code"]),
                    label=str(row["label"]),
                    months=None if months is None else int(months),
                    year_starts=year_starts,
                    patterns=tuple(re.compile(normalise(p)) for p in row.get("patterns") or ()),
                )
            )
        except (KeyError, TypeError, ValueError, re.error) as exc:
            raise ControlDataError(f"{DATA.name}: 頻度 {row!r} の記述が正しくありません。") from exc
    return tuple(found)


def frequency(code: str) -> Frequency:
    """The frequency of a code; ControlDataError 「頻度 … はありません」 for an unknown one."""
    for f in frequencies():
        if f.code == code:
            return f
    labels = "、".join(f.label for f in frequencies())
    raise ControlDataError(f"頻度「{code}」はありません({labels}から選んでください)。")


def frequency_choices() -> list[tuple[str, str]]:
    """(code, label) of every frequency, for a form."""
    return [(f.code, f.label) for f in frequencies()]


def suggest_frequency(text: str) -> Frequency | None:
    """The frequency a measure text suggests (the first in the data's order with a matching
    phrase); None when the text names none."""
    normalised = normalise(text)
    for f in frequencies():
        if any(p.search(normalised) for p in f.patterns):
            return f
    return None
