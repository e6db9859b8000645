"""The digest e-mail of one user: every new reminder in one Japanese message, by kind."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.conf import settings

from pia.wareki import format_wareki
from workbench.reminders.registry import Reminder

SUBJECT = "【特定個人情報保護評価ワークベンチ】お知らせ{count}件({day})"


def subject(reminders: Sequence[Reminder], today: date) -> str:
    return SUBJECT.format(count=len(reminders), day=format_wareki(today))


def body(name: str, reminders: Sequence[Reminder], today: date) -> str:
    base = settings.PIA_SITE_URL.rstrip("/")
    lines = [f"{name} 様", "", f"{format_wareki(today)}現在、対応が必要なお知らせが{len(reminders)}件あります。", ""]
    kinds: dict[str, list[Reminder]] = {}
    for reminder in reminders:
        kinds.setdefault(reminder.kind_label, []).append(reminder)
    for label, items in kinds.items():
        lines.append(f"■ {label}")
        for reminder in items:
            lines.append(f"・{reminder.title}(期日:{format_wareki(reminder.due)})")
            lines.append(f"  {base}{reminder.url}")
        lines.append("")
    lines += [
        "ワークベンチの「お知らせ」画面にも同じ内容を表示しています。",
        "このメールは送信専用です。同じお知らせを重ねて送ることはありません。",
    ]
    return "\n".join(lines) + "\n"
