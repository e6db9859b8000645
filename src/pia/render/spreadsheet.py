"""Spreadsheet-safe text: what every CSV and XLSX writer does with text that came from people.

A cell whose text starts like a formula (``=HYPERLINK(…)``, ``=cmd|' /C calc'!A0``, ``+81-96-…``,
``@SUM(…)``) is run by Excel or LibreOffice when the file is opened ("CSV/formula injection").
The OWASP / ASVS 1.2.10 rule: when the first character is ``=``, ``+``, ``-``, ``@``, a tab, a
carriage return or NUL, mark the cell as text with a leading single quote. We also look past
leading spaces (ASCII and full-width) and treat the full-width signs ``＝＋－＠`` alike, since
Japanese input methods type them and spreadsheet applications may normalise them.

- CSV: the field gets the leading ``'`` (the only marker a CSV can carry; a spreadsheet shows
  the text as text, a plain-text reader sees the quote). ``csv_text`` writes whole files so
  every CSV of the project goes through the same rule (fields with separators, quotes or line
  breaks are quoted as RFC 4180 says).
- XLSX: cells are always written as strings, never formulas; a formula-like string also gets
  Excel's own "quote prefix" cell attribute, so the visible text stays exactly what was written
  and editing the cell does not turn it into a formula (``pia.render.xlsx.Book.text``).

The stored text never changes: only the exported copy is marked.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from pia.text import clean_text

FORMULA_STARTS = frozenset("=+-@\t\r\0＝＋－＠")
_LEADING_SPACE = " 　"


def formula_like(text: str) -> bool:
    """True when a spreadsheet could read ``text`` as a formula (see the module docstring)."""
    if not text:
        return False
    if text[0] in FORMULA_STARTS:
        return True
    rest = text.lstrip(_LEADING_SPACE)
    return bool(rest) and rest != text and rest[0] in FORMULA_STARTS


def csv_field(value: object) -> str:
    """One CSV field: the text without control characters (``pia.text``), with a leading ``'``
    when it would start a formula (checked on the text as written, before cleaning)."""
    text = "" if value is None else str(value)
    return "'" + clean_text(text) if formula_like(text) else clean_text(text)


def csv_text(rows: Iterable[Sequence[object]]) -> str:
    """Rows (the header first) as CSV text with CRLF line ends, every field through ``csv_field``."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([csv_field(value) for value in row])
    return out.getvalue()
