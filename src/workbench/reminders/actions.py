"""The reminders' writes: the daily run (one digest per user, a Notification per item) and
marking a notification read. Idempotent: an item already recorded for the user (same key and
due date) is neither mailed nor recorded again."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction

from workbench import clock
from workbench.acting import action
from workbench.audit.actions import record
from workbench.reminders import digest
from workbench.reminders.models import Notification
from workbench.reminders.registry import Reminder, collect


@dataclass
class RunReport:
    day: date
    mailed: dict[str, int] = field(default_factory=dict)  # username → items in the digest
    recorded: int = 0  # new Notification rows (also those of users without an e-mail address)
    no_address: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # username → the error


def pending(today: date) -> dict[int, list[Reminder]]:
    """Per user id, the current reminders not yet recorded for them."""
    reminders = collect(today)
    users = {u for r in reminders for u in r.user_ids}
    seen = set(Notification.objects.filter(user_id__in=users).values_list("user_id", "key", "due"))
    found: dict[int, list[Reminder]] = defaultdict(list)
    for reminder in reminders:
        for user_id in reminder.user_ids:
            if (user_id, reminder.key, reminder.due) not in seen:
                found[user_id].append(reminder)
    return found


@action
def send_reminders(today: date, *, dry_run: bool = False, actor: User | None = None) -> RunReport:
    """Mail each user one digest of their new reminders and record them. A failed mail records
    nothing for that user, so the next run tries again."""
    report = RunReport(today)
    new = pending(today)
    people = get_user_model().objects.in_bulk(list(new))
    for user_id, items in sorted(new.items()):
        user = people[user_id]
        name = user.get_full_name() or user.get_username()
        if dry_run:
            report.mailed[user.get_username()] = len(items)
            continue
        sent_at = None
        if user.email:
            message = EmailMessage(digest.subject(items, today), digest.body(name, items, today), to=[user.email])
            try:
                message.send()
            except OSError as exc:  # SMTP down: nothing recorded, tried again tomorrow
                report.failed[user.get_username()] = str(exc)
                continue
            sent_at = clock.now()
            report.mailed[user.get_username()] = len(items)
        else:
            report.no_address.append(user.get_username())
        report.recorded += _record(user, items, sent_at)
    if not dry_run and (report.recorded or report.failed):
        record(
            actor,
            "reminders.send",
            details={
                "day": today.isoformat(),
                "mailed": report.mailed,
                "recorded": report.recorded,
                "failed": sorted(report.failed),
            },
        )
    return report


def _record(user, items: list[Reminder], sent_at) -> int:
    made = 0
    for reminder in items:
        try:
            with transaction.atomic():
                Notification.objects.create(
                    user=user,
                    organization_id=reminder.organization_id,
                    key=reminder.key,
                    due=reminder.due,
                    kind=reminder.kind,
                    title=reminder.title[:400],
                    url=reminder.url[:300],
                    created_at=clock.now(),
                    emailed_at=sent_at,
                )
            made += 1
        except IntegrityError:  # a concurrent run recorded it first
            pass
    return made


@action
def mark_read(reminder_or_notification: Reminder | Notification, *, user: User) -> Notification:
    """Mark read a recorded notification of the user, or a current item (recorded now, not mailed)."""
    if isinstance(reminder_or_notification, Notification):
        notification = reminder_or_notification
        if notification.user_id != user.pk:
            raise PermissionError("他の利用者の通知は既読にできません。")
    else:
        reminder = reminder_or_notification
        if user.pk not in reminder.user_ids:
            raise PermissionError("この通知の宛先ではありません。")
        notification, _ = Notification.objects.get_or_create(
            user=user,
            key=reminder.key,
            due=reminder.due,
            defaults={
                "organization_id": reminder.organization_id,
                "kind": reminder.kind,
                "title": reminder.title[:400],
                "url": reminder.url[:300],
                "created_at": clock.now(),
            },
        )
    if notification.read_at is None:
        notification.read_at = clock.now()
        notification.save(update_fields=["read_at"])
        record(
            user,
            "reminders.read",
            organization=notification.organization,
            obj=notification,
            details={"key": notification.key},
        )
    return notification


@action
def mark_all_read(current: list[Reminder], *, user: User) -> int:
    """Mark read every unread notification of the user and every current item (``current``, the
    user's own); one audit event. Returns how many were marked."""
    marked = 0
    now = clock.now()
    with transaction.atomic():
        for reminder in current:
            if user.pk not in reminder.user_ids:
                raise PermissionError("この通知の宛先ではありません。")
            _, created = Notification.objects.get_or_create(
                user=user,
                key=reminder.key,
                due=reminder.due,
                defaults={
                    "organization_id": reminder.organization_id,
                    "kind": reminder.kind,
                    "title": reminder.title[:400],
                    "url": reminder.url[:300],
                    "created_at": now,
                    "read_at": now,
                },
            )
            marked += int(created)
        marked += Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=now)
        if marked:
            record(user, "reminders.read", details={"all": True, "count": marked})
    return marked
