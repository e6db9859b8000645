"""The reminders' provider registry: what is due, from every app that knows something is due.

A provider is a function ``fn(today) -> Iterable[Reminder]``. Apps register theirs in their
``AppConfig.ready`` with ``register_provider(fn)``; this app never imports them, so an app above
or beside it adds its items without an arrow back. The providers of the apps below (deadlines,
consultations, reviews, contractors, controls) are this app's own (``providers.py``), registered
by ``RemindersConfig.ready``.

A reminder's ``key`` is stable across runs (「deadline:reassessment:12:60」): with the due date it
is what makes ``send_reminders`` idempotent, one ``Notification`` per (user, key, due date).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

KINDS = {
    "deadline": "評価の期限",
    "consultation": "意見募集",
    "review": "第三者点検",
    "contract": "委託契約",
    "resubcontract": "再委託申請",
    "control": "約束した措置の確認",
}


@dataclass(frozen=True)
class Reminder:
    key: str  # stable for idempotency: the same item on the next run has the same key
    organization_id: int
    user_ids: tuple[int, ...]  # who is responsible: each gets it in their digest
    kind: str  # a key of KINDS, or a registering app's own (its label falls back to the key)
    title: str  # Japanese, one line: 「住基 全項目評価書:評価の再実施の期限まであと25日」
    due: date
    url: str  # the path of the page where it is dealt with

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)


Provider = Callable[[date], Iterable[Reminder]]
_providers: list[Provider] = []


def register_provider(provider: Provider) -> None:
    """Add ``provider`` (once; registering it again changes nothing)."""
    if provider not in _providers:
        _providers.append(provider)


def register_kind(kind: str, label: str) -> None:
    """The Japanese label of a registering app's own kind."""
    KINDS.setdefault(kind, label)


def providers() -> tuple[Provider, ...]:
    return tuple(_providers)


def collect(today: date) -> list[Reminder]:
    """Every provider's reminders for ``today``, by due date (a key given twice counts once)."""
    found: dict[tuple[str, date], Reminder] = {}
    for provider in _providers:
        for reminder in provider(today):
            found.setdefault((reminder.key, reminder.due), reminder)
    return sorted(found.values(), key=lambda r: (r.due, r.kind, r.key))


def for_user(reminders: Iterable[Reminder], user_id: int) -> list[Reminder]:
    return [r for r in reminders if user_id in r.user_ids]
