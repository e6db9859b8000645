"""Moving a 評価書 to the latest edition of its form (a save of the 改訂案)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from workbench.assessments import actions
from workbench.assessments.access import access_assessment


@require_POST
@login_required
def move_edition(request, pk: int):
    assessment = access_assessment(request.user, pk)
    try:
        base = int(request.POST.get("base", ""))
    except ValueError:
        messages.error(request, "元の保存が指定されていません。ページを開き直してください。")
        return redirect("assessment_detail", pk)
    try:
        version, notes = actions.move_to_latest_edition(assessment, base, user=request.user)
    except (actions.EditionRefused, actions.NoChangeError) as exc:
        messages.error(request, str(exc))
    except actions.ConflictError as exc:
        messages.error(request, f"{exc} ページを開き直してから、もう一度移行してください。")
    else:
        messages.success(request, f"{version.label}として最新の様式に移行しました。")
        for note in notes[:30]:
            messages.info(request, note)
        if len(notes) > 30:
            messages.info(request, f"ほか{len(notes) - 30}件の読み替えがあります(保存の監査ログに記録しています)。")
    return redirect("assessment_detail", pk)
