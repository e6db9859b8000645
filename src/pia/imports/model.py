"""What an import gives back: the document read, and a report of what was and was not placed.

This module is the contract between the readers (``pia.imports``) and their callers (the ``pia
import`` command and the workbench's upload and review pages). Nothing read from the source is
dropped: a piece of text that could not be placed on an item is an :class:`Unplaced` entry,
verbatim, with where it was found and the item it was nearest to, for the user to assign or
discard.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pia.document.model import Document
from pia.errors import PiaError

SOURCE_FORMATS = {"pdf": "PDF", "xlsx": "Excel(XLSX)", "docx": "Word(DOCX)", "text": "テキスト"}


class ImportRefused(PiaError):
    """The file cannot be imported at all (no text layer, protected, corrupt, too large, unknown
    edition …); the message says why in Japanese. Nothing is created."""


@dataclass(frozen=True)
class Place:
    """Where a piece of text was in the source (1-based page; for XLSX the sheet number; for a
    text or DOCX file page 1). ``x``/``y``: position on the page in points (PDF), the column and
    row (XLSX), 0 and the paragraph or line number (DOCX, text). ``where``: the same in words."""

    page: int
    x: float
    y: float
    where: str

    def to_data(self) -> dict[str, Any]:
        return {"page": self.page, "x": self.x, "y": self.y, "where": self.where}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Place:
        return cls(int(data["page"]), float(data["x"]), float(data["y"]), str(data["where"]))


@dataclass(frozen=True)
class Unplaced:
    """Text the import could not put on an item, kept verbatim. ``near``: the id of the item it
    followed in the source (where the review screen shows it), "" before the first item;
    ``path``: the same as an element path of the imported document (``II.file[#e2].4.itaku[#e1].6``,
    ``pia.document.paths``), telling which file or 委託事項 it was in ("" when ``near`` is "")."""

    text: str
    place: Place
    near: str = ""
    path: str = ""

    def to_data(self) -> dict[str, Any]:
        return {"text": self.text, "place": self.place.to_data(), "near": self.near, "path": self.path}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Unplaced:
        place = Place.from_data(data["place"])
        return cls(str(data["text"]), place, str(data.get("near", "")), str(data.get("path", "")))


@dataclass(frozen=True)
class ImportReport:
    """The import report: counts, what was detected, and the text left unplaced."""

    source_name: str  # the file's name as given
    source_format: str  # one of SOURCE_FORMATS
    form: str
    edition: str  # the edition the document is in (after any upgrade)
    edition_label: str  # the label printed on the source, e.g. [平成30年5月 様式4]
    source_edition: str  # the edition printed on the source ("" when not detected)
    pages: int
    items_filled: int  # value items (and repeat elements' items) given a value
    options_recognised: int  # choices and ticked boxes read from the source
    unplaced: tuple[Unplaced, ...] = ()
    publication_date: date | None = None  # the 公表日 printed on the cover, if any
    notes: tuple[str, ...] = ()  # messages for the user (e.g. items mapped by an edition upgrade)
    figures: int = 0  # figures imported (their bytes: ImportResult.attachments); a refused one is a note

    @property
    def unplaced_count(self) -> int:
        return len(self.unplaced)

    def to_data(self) -> dict[str, Any]:
        return {
            "source_name": self.source_name,
            "source_format": self.source_format,
            "form": self.form,
            "edition": self.edition,
            "edition_label": self.edition_label,
            "source_edition": self.source_edition,
            "pages": self.pages,
            "items_filled": self.items_filled,
            "options_recognised": self.options_recognised,
            "unplaced": [u.to_data() for u in self.unplaced],
            "publication_date": self.publication_date.isoformat() if self.publication_date else None,
            "notes": list(self.notes),
            "figures": self.figures,
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> ImportReport:
        published = data.get("publication_date")
        return cls(
            source_name=str(data["source_name"]),
            source_format=str(data["source_format"]),
            form=str(data["form"]),
            edition=str(data["edition"]),
            edition_label=str(data.get("edition_label", "")),
            source_edition=str(data.get("source_edition", "")),
            pages=int(data.get("pages", 1)),
            items_filled=int(data["items_filled"]),
            options_recognised=int(data["options_recognised"]),
            unplaced=tuple(Unplaced.from_data(u) for u in data.get("unplaced") or ()),
            publication_date=date.fromisoformat(published) if published else None,
            notes=tuple(str(n) for n in data.get("notes") or ()),
            figures=int(data.get("figures") or 0),
        )


@dataclass(frozen=True)
class ImportResult:
    """The document read, its report, and the bytes of the figures it references (SHA-256 →
    bytes, ``pia.document.images.Attachments``: the caller stores them beside the document)."""

    document: Document
    report: ImportReport = field(repr=False)
    attachments: dict[str, bytes] = field(default_factory=dict, repr=False)
