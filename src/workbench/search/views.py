"""The search page (``/kensaku/?q=…``): the header's search box lands here."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from workbench.search.forms import SearchForm
from workbench.search.service import PAGE, search


@login_required
def search_page(request):
    form = SearchForm(request.GET or None, user=request.user)
    results = search(request.user, form.cleaned_data["q"], form.filters()) if form.is_valid() else None
    return render(request, "search/search.html", {"form": form, "results": results, "page": PAGE})
