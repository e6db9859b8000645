"""The plain model of the 計画管理書: one entry per 評価書, each with its history of 実施,
再実施, 修正 and 終了, its 見直し and what is planned. Built from plain inputs (dates, texts); the
printed texts of a row (和暦) come from ``register_rows``, which every writer uses."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

from pia.errors import PiaError
from pia.wareki import WarekiError, format_wareki

EVENT_KINDS = ("実施", "再実施", "修正", "終了")
ROW_COLUMNS = (
    "number",
    "title",
    "jimu",
    "threshold",
    "level",
    "history",
    "submitted",
    "published",
    "reviews",
    "planned",
)


class RegisterEntryError(PiaError, ValueError):
    """An entry of the 計画管理書 cannot be built (Japanese message)."""


@dataclass(frozen=True)
class PlanEvent:
    """One step of the 評価書's history: 実施 (the first), 再実施, 修正, or 終了 of the 事務.
    ``ended_on`` is the day the 事務 ended (終了 only)."""

    kind: str
    submitted_on: date | None = None
    published_on: date | None = None
    ended_on: date | None = None
    note: str = ""

    def __post_init__(self) -> None:
        if self.kind not in EVENT_KINDS:
            raise RegisterEntryError(f"経過の種類「{self.kind}」は {'・'.join(EVENT_KINDS)} のいずれかにしてください")

    @property
    def day(self) -> date | None:
        return self.published_on or self.submitted_on or self.ended_on

    def text(self) -> str:
        """「令和3年3月31日 実施(提出 令和3年3月1日)」."""
        if self.kind == "終了":
            head = f"{_day(self.ended_on) or '日付なし'} 事務の終了"
        else:
            head = f"{_day(self.published_on) or '公表日なし'} {self.kind}"
            if self.submitted_on is not None:
                head += f"(提出 {_day(self.submitted_on)})"
        return f"{head} {self.note}".strip()


@dataclass(frozen=True)
class PlanReview:
    """A 見直し of the 評価書 (at least yearly, 努力義務): its day and conclusion (変更なし / 修正 /
    重要な変更 → 再実施)."""

    on: date
    conclusion: str = ""

    def text(self) -> str:
        return f"{_day(self.on)} {self.conclusion}".strip()


@dataclass(frozen=True)
class PlanPlanned:
    """What is planned: a 再実施 by its deadline, the next 見直し, a 改訂案 in progress."""

    what: str
    due: date | None = None
    note: str = ""

    def text(self) -> str:
        due = f"({_day(self.due)}まで)" if self.due is not None else ""
        return f"{self.what}{due} {self.note}".strip()


@dataclass(frozen=True)
class PlanEntry:
    number: str  # 評価書番号 as written on the 評価書's cover
    title: str  # 評価書名
    jimu: str  # the 事務 under assessment
    level: str  # 基礎項目評価書 | 重点項目評価書 | 全項目評価書
    threshold: str = ""  # しきい値判断の結果, as the 基礎項目評価書 states it
    events: tuple[PlanEvent, ...] = ()
    reviews: tuple[PlanReview, ...] = ()
    planned: tuple[PlanPlanned, ...] = ()
    ref: str = ""  # the caller's key (e.g. the workbench's 評価書 id), never printed

    @property
    def number_key(self) -> str:
        """The number as compared for uniqueness: NFKC (full-width digits), no spaces."""
        return "".join(unicodedata.normalize("NFKC", self.number).split())

    @property
    def ended_on(self) -> date | None:
        ends = [e.ended_on for e in self.events if e.kind == "終了" and e.ended_on is not None]
        return max(ends) if ends else None

    @property
    def printed_title(self) -> str:
        """The title with 【○年○月○日 終了】 once the 事務 ended (記載要領)."""
        ended = self.ended_on
        return f"{self.title}【{_day(ended)} 終了】" if ended is not None else self.title

    def latest(self, attribute: str) -> date | None:
        days = [getattr(e, attribute) for e in self.events if getattr(e, attribute) is not None]
        return max(days) if days else None


@dataclass(frozen=True)
class PlanRegister:
    agency: str  # 評価実施機関名 (○○市長)
    made_on: date  # 作成日
    entries: tuple[PlanEntry, ...] = ()

    def sorted_entries(self) -> list[PlanEntry]:
        """By 評価書番号: numbers in numeric order, others after them, then by title."""
        return sorted(self.entries, key=_number_order)


def _number_order(entry: PlanEntry) -> tuple[int, int, str, str]:
    key = entry.number_key
    if key.isdigit():
        return (0, int(key), "", entry.title)
    return (1, 0, key, entry.title)


def _day(day: date | None) -> str:
    if day is None:
        return ""
    try:
        return format_wareki(day)
    except WarekiError:
        return day.isoformat()


def register_rows(register: PlanRegister) -> list[tuple[str, ...]]:
    """The printed texts of every row, in ``ROW_COLUMNS`` order (several lines joined by 改行)."""
    rows: list[tuple[str, ...]] = []
    for entry in register.sorted_entries():
        events = sorted(entry.events, key=lambda e: e.day or date.min)
        reviews = sorted(entry.reviews, key=lambda r: r.on)
        rows.append(
            (
                entry.number or "(未記入)",
                entry.printed_title,
                entry.jimu,
                entry.threshold,
                entry.level,
                "\n".join(e.text() for e in events),
                _day(entry.latest("submitted_on")),
                _day(entry.latest("published_on")),
                "\n".join(r.text() for r in reviews),
                "\n".join(p.text() for p in entry.planned),
            )
        )
    return rows
