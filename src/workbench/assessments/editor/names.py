"""HTML field names and anchors derived from element paths (one place for the scheme).

A value's input is named by its element path (``II.file[#honnin].4.itaku[#card].7``);
parts of a value add a suffix: ``::start``/``::end`` (period), ``::o3``/``::s3`` (ticked
option 3 / its free-text slot), ``::shown`` (choice/checkbox rendered), ``::order``
(element ids of a repeat, in order)."""

from __future__ import annotations

import re

from pia.document import ElementPath

SHOWN, ORDER, START, END = "::shown", "::order", "::start", "::end"
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


def name(path: ElementPath, suffix: str = "") -> str:
    return f"{path}{suffix}"


def option_name(path: ElementPath, no: int) -> str:
    return f"{path}::o{no}"


def slot_name(path: ElementPath, no: int) -> str:
    return f"{path}::s{no}"


def anchor(path: ElementPath | str) -> str:
    """A stable, HTML-safe id for an element path: ``f-II_file--honnin-_4``."""
    text = str(path).replace("[#", "--").replace("]", "-")
    return "f-" + _UNSAFE.sub("_", text)
