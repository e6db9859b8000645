"""Helpers for the editor tests of every package: the values a browser would post from the
rendered editor, read from its HTML."""

from __future__ import annotations

import re
from html import unescape

from django.urls import reverse

ITAKU = "II.file[#jumin].4.itaku"


def _form_fields(html: str) -> dict[str, str]:
    """The values a browser would post from the rendered editor (text, hidden, checked, selected)."""
    data: dict[str, str] = {}
    for name, value in re.findall(r'<input type="(?:text|hidden)"[^>]*?name="([^"]+)" value="([^"]*)"', html):
        data[_unescape(name)] = _unescape(value)
    for name, value in re.findall(r'<input type="radio"[^>]*?name="([^"]+)" value="([^"]*)" checked', html):
        data[_unescape(name)] = _unescape(value)
    for name in re.findall(r'<input type="checkbox"[^>]*?name="([^"]+)" value="1" checked', html):
        data[_unescape(name)] = "1"
    for name, text in re.findall(r'<textarea[^>]*?name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        data[_unescape(name)] = _unescape(text)
    for name, body in re.findall(r'<select[^>]*?name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', body)
        data[_unescape(name)] = _unescape(chosen.group(1)) if chosen else ""
    return data


def _unescape(text: str) -> str:
    return unescape(text)


def _editor(client, assessment, section):
    response = client.get(reverse("editor", args=[assessment.pk]) + f"?section={section}")
    assert response.status_code == 200
    return _form_fields(response.content.decode())
