"""The controls' follow-ups on the dashboard (``procedure.followups``): the promised checks that
「措置の確認」 lists (overdue, 不適合 without a later 適合, or whose 評価書 text changed)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.urls import reverse

from workbench.controls.status import ControlStatus, attention_rows
from workbench.procedure.followups import FollowUp

KIND = "約束した措置"


def controls_needing_attention(user: object, today: date) -> Iterator[FollowUp]:
    for status in attention_rows(user, today):
        yield FollowUp(
            KIND, _title(status), reverse("control_detail", args=[status.control.pk]), status.due, status.overdue
        )


def _title(status: ControlStatus) -> str:
    if status.overdue:
        what = "確認の期限を過ぎています"
    elif status.open_nonconformity is not None:
        what = f"{status.open_nonconformity.get_result_display()}のまま(適合の確認がまだありません)"
    else:
        what = "評価書の記載が変わりました"
    return f"「{status.control.title}」({status.control.assessment.title}):{what}"
