"""The dashboard's follow-ups: what apps above this one know needs doing, shown under the
評価書 list (ADR 0013: the lower app keeps a registry, the apps above register in their
``AppConfig.ready``, so no arrow runs back up).

A source is ``fn(user, today) -> Iterable[FollowUp]``: only what the user may see. The
contractors register gives the 委託契約 still 予定 (a 評価書 says 「未定(令和8年3月頃…)」) with
their expected date; the controls give promised checks overdue, 不適合 without a later 適合, or
whose 評価書 text changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class FollowUp:
    kind: str  # 「委託先の未定」, 「約束した措置」: the group it is shown under
    title: str  # one Japanese line
    url: str  # the page where it is dealt with
    due: date | None = None
    overdue: bool = False


Source = Callable[[object, date], Iterable[FollowUp]]
_sources: list[Source] = []


def register_follow_ups(source: Source) -> None:
    """Add ``source`` once (``ready`` may run more than once in tests)."""
    if source not in _sources:
        _sources.append(source)


def follow_ups(user: object, today: date) -> list[FollowUp]:
    """Every source's follow-ups for ``user``: overdue first, then by due date."""
    found = [item for source in _sources for item in source(user, today)]
    return sorted(found, key=lambda f: (not f.overdue, f.due or date.max, f.kind, f.title))
