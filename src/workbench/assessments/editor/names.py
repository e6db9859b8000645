"""HTML field names and anchors derived from element paths (one place for the scheme).

A value's input is named by its element path (``II.file[#honnin].4.itaku[#card].7``);
parts of a value add a suffix: ``::start``/``::end`` (period), ``::o3``/``::s3`` (ticked
option 3 / its free-text slot), ``::shown`` (choice/checkbox rendered), ``::order``
(element ids of a repeat, in order); an image item posts ``::figures`` (how many figures the
page showed), per figure ``::f2::sha`` / ``::file`` / ``::type`` / ``::caption`` / ``::order`` /
``::remove``, and the new files as ``::upload`` with their caption ``::upload-caption``.

Anchors (``f-…``) are the ids of the rendered fields, elements and sections; the outline, the
findings list and the redirect after 「保存」 link to them."""

from __future__ import annotations

import re

from pia.document import ElementPath

SHOWN, ORDER, START, END = "::shown", "::order", "::start", "::end"
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


def name(path: ElementPath, suffix: str = "") -> str:
    return f"{path}{suffix}"


FIGURES, UPLOAD, UPLOAD_CAPTION = "::figures", "::upload", "::upload-caption"
FIGURE_PARTS = ("sha", "file", "type", "caption", "order", "remove")


def figure_name(path: ElementPath, no: int, part: str) -> str:
    """The field of figure ``no`` (1-based, as shown) of an image item: ``part`` of FIGURE_PARTS."""
    return f"{path}::f{no}::{part}"


def option_name(path: ElementPath, no: int) -> str:
    return f"{path}::o{no}"


def slot_name(path: ElementPath, no: int) -> str:
    return f"{path}::s{no}"


def anchor(path: ElementPath | str) -> str:
    """A stable, HTML-safe id for an element path: ``f-II_file--honnin-_4``."""
    text = str(path).replace("[#", "--").replace("]", "-")
    return "f-" + _UNSAFE.sub("_", text)


# An anchor posted back by the page (the place the user worked, ``return_to``): only our own
# scheme is accepted, so a redirect's fragment never carries anything else.
RETURN_TO = "return_to"
_ANCHOR = re.compile(r"f-[A-Za-z0-9_-]{1,500}")


def clean_anchor(text: str | None) -> str:
    """``text`` when it is an anchor of ours (``f-…``), else ''."""
    return text if text and _ANCHOR.fullmatch(text) else ""


def last_element_anchor(repeat_path: ElementPath | str) -> str:
    """The id placed just before a repeat's last element: 「追加」 returns there (the new element)."""
    return anchor(repeat_path) + "-last"
