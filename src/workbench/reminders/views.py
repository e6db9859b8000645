"""The notifications page (お知らせ): the user's current reminders, computed now from every
provider, each marked as e-mailed or not and read or not, then the notifications recorded
earlier; marking one read is an action. A user sees only their own (another's is a 404)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from workbench import clock
from workbench.reminders import actions
from workbench.reminders.models import Notification
from workbench.reminders.registry import Reminder, collect, for_user

RECORDED_SHOWN = 100


@dataclass
class Current:
    reminder: Reminder
    notification: Notification | None

    @property
    def emailed(self) -> bool:
        return self.notification is not None and self.notification.emailed_at is not None

    @property
    def read(self) -> bool:
        return self.notification is not None and self.notification.is_read


def _current(user, today: date) -> list[Current]:
    mine = for_user(collect(today), user.pk)
    recorded = {(n.key, n.due): n for n in Notification.objects.filter(user=user, key__in=[r.key for r in mine])}
    return [Current(r, recorded.get((r.key, r.due))) for r in mine]


@login_required
def notifications(request):
    today = clock.today()
    current = _current(request.user, today)
    shown = {c.notification.pk for c in current if c.notification is not None}
    earlier = [
        n
        for n in Notification.objects.filter(user=request.user).select_related("organization")[:RECORDED_SHOWN]
        if n.pk not in shown
    ]
    return render(request, "reminders/notifications.html", {"current": current, "earlier": earlier, "today": today})


@login_required
@require_POST
def read(request, pk: int):
    notification = Notification.objects.filter(user=request.user, pk=pk).first()
    if notification is None:
        raise Http404("お知らせが見つかりません")
    actions.mark_read(notification, user=request.user)
    messages.success(request, "お知らせを既読にしました。")
    return redirect("notifications")


@login_required
@require_POST
def read_all(request):
    mine = for_user(collect(clock.today()), request.user.pk)
    count = actions.mark_all_read(mine, user=request.user)
    messages.success(request, f"お知らせ{count}件を既読にしました。" if count else "未読のお知らせはありません。")
    return redirect("notifications")


@login_required
@require_POST
def read_current(request):
    key, due = request.POST.get("key", ""), request.POST.get("due", "")
    found = next(
        (r for r in for_user(collect(clock.today()), request.user.pk) if r.key == key and r.due.isoformat() == due),
        None,
    )
    if found is None:
        raise Http404("お知らせが見つかりません")
    actions.mark_read(found, user=request.user)
    messages.success(request, "お知らせを既読にしました。")
    return redirect("notifications")
