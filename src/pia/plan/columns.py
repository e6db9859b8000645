"""What is known of the 計画管理書's columns (``data/columns.yaml``): label, V/P/R tag, sources.

The tags are said to users in the words of ``pia.forms.confidence``: a mark after the label of
every column that is not verified, and the file's note in the colophon of every print.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from pia.errors import PiaError
from pia.forms.confidence import STATUSES, wording

DATA = Path(__file__).with_name("data") / "columns.yaml"
COLUMN_IDS = (
    "agency",
    "number",
    "title",
    "jimu",
    "threshold",
    "level",
    "history",
    "submitted",
    "published",
    "reviews",
    "planned",
)


class PlanDataError(PiaError):
    """The column data of the 計画管理書 is broken (Japanese message)."""


@dataclass(frozen=True)
class PlanColumn:
    id: str
    label: str
    status: str
    source: tuple[str, ...]

    @property
    def mark(self) -> str:
        """「〔推定〕」 / 「〔一部確認〕」 after the label ("" for a verified column)."""
        return wording(self.status).mark

    @property
    def heading(self) -> str:
        return self.label + self.mark


@cache
def _data() -> dict[str, Any]:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("columns"), list):
        raise PlanDataError(f"計画管理書の欄のデータ({DATA.name})の形が正しくありません")
    return data


@cache
def columns() -> dict[str, PlanColumn]:
    """Every column by id, in the order of ``COLUMN_IDS`` (a missing or unknown id is an error)."""
    found: dict[str, PlanColumn] = {}
    for row in _data()["columns"]:
        status = row.get("status", "")
        if status not in STATUSES:
            raise PlanDataError(
                f"計画管理書の欄「{row.get('label')}」の確度「{status}」は V・P・R のいずれかにしてください"
            )
        found[row["id"]] = PlanColumn(row["id"], row["label"], status, tuple(row.get("source") or ()))
    if set(found) != set(COLUMN_IDS):
        raise PlanDataError(f"計画管理書の欄の id が揃っていません: {sorted(set(found) ^ set(COLUMN_IDS))}")
    return {key: found[key] for key in COLUMN_IDS}


def title() -> str:
    return str(_data()["title"]["text"])


def reconstructed_note() -> str:
    """The colophon's note on the reconstructed parts (printed on every draft of the register)."""
    return " ".join(str(_data()["note"]).split())
