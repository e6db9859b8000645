"""The name a file is shown and downloaded under: the user's name, sanitised. It is never a
path in the storage (the storage key is random)."""

from __future__ import annotations

import unicodedata

from pia.package import FORBIDDEN_NAME_CHARS
from pia.text import clean_text

MAX_NAME = 120
_UNSAFE = FORBIDDEN_NAME_CHARS | {"/", "\\"}


def clean_name(raw: str) -> str:
    """NFC, no folder part (``C:\\Users\\…\\申請書.pdf`` → ``申請書.pdf``), no control characters,
    none of \\ / : * ? " < > |, no leading dots or spaces, at most 120 characters (the extension
    kept); "" when nothing is left."""
    name = unicodedata.normalize("NFC", raw or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = clean_text(name).replace("\n", " ").replace("\t", " ")
    name = "".join("_" if ch in _UNSAFE or unicodedata.category(ch).startswith("C") else ch for ch in name)
    name = " ".join(name.split()).strip(" .")
    if len(name) > MAX_NAME:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 8:
            name = stem[: MAX_NAME - len(extension) - 1].rstrip(" .") + "." + extension
        else:
            name = name[:MAX_NAME].rstrip(" .")
    return name


def extension_of(name: str) -> str:
    """The lower-case extension with its dot ("" without one)."""
    stem, dot, extension = name.rpartition(".")
    return f".{extension.lower()}" if dot and stem and extension else ""
