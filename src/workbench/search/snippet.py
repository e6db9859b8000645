"""The snippet of a hit: a window of the text around the first match, every match marked
(``<mark>``), everything else escaped."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from workbench.search.text import Query, match_spans

WIDTH = 50  # characters before the first match


def snippet(text: str, query: Query, width: int = WIDTH) -> SafeString:
    spans = match_spans(text, query)
    first = spans[0][0] if spans else 0
    start = max(0, first - width)
    end = min(len(text), start + 3 * width + (spans[0][1] - spans[0][0] if spans else 0))
    parts = ["…" if start else ""]
    at = start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        parts.append(escape(text[at:span_start]))
        parts.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        at = span_end
    parts.append(escape(text[at:end]))
    parts.append("…" if end < len(text) else "")
    return mark_safe("".join(parts))
