"""The portfolio dashboard (評価書一覧)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from workbench import clock
from workbench.assessments.access import jimus_for
from workbench.procedure.followups import follow_ups
from workbench.procedure.portfolio import portfolio


@login_required
def dashboard(request):
    today = clock.today()
    rows = portfolio(request.user, today)
    waiting = jimus_for(request.user).filter(assessments__isnull=True).select_related("organization")
    context = {"rows": rows, "today": today, "waiting": waiting, "follow_ups": follow_ups(request.user, today)}
    return render(request, "procedure/dashboard.html", context)
