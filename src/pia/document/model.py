"""A filled 評価書: form id, edition, body type and values keyed by item id.

Values are plain data (str, int, list, dict) so that YAML, JSON and memory round-trip
losslessly. Repeat elements are dicts carrying a stable ``id`` and their children's values.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from pia.errors import PiaError

BODY_TYPES = {"local": "地方公共団体等", "national": "行政機関等"}
TOP_KEYS = ("form", "edition", "body_type", "values")


class DocumentError(PiaError, ValueError):
    """A document that cannot be read at all (message in Japanese)."""


@dataclass
class Document:
    form: str
    edition: str
    body_type: str = "local"
    values: dict[str, Any] = field(default_factory=dict)

    def to_data(self) -> dict[str, Any]:
        return {"form": self.form, "edition": self.edition, "body_type": self.body_type, "values": self.values}

    def copy(self) -> Document:
        return Document(self.form, self.edition, self.body_type, copy.deepcopy(self.values))

    @classmethod
    def from_data(cls, data: Any, source: str = "文書") -> Document:
        if not isinstance(data, dict):
            raise DocumentError(
                f"{source}: 評価書データの最上位はマッピング(form, edition, values)でなければなりません"
            )
        unknown = [str(k) for k in data if k not in TOP_KEYS]
        if unknown:
            raise DocumentError(
                f"{source}: 不明な最上位キー {', '.join(unknown)} があります(使えるキー: {', '.join(TOP_KEYS)})"
            )
        for key in ("form", "edition"):
            if not isinstance(data.get(key), str) or not data.get(key):
                raise DocumentError(
                    f"{source}: '{key}'(様式{'の種類' if key == 'form' else 'の版'})が指定されていません"
                )
        body_type = data.get("body_type", "local")
        if not isinstance(body_type, str) or body_type not in BODY_TYPES:
            raise DocumentError(
                f"{source}: body_type は local(地方公共団体等)か national(行政機関等)です: '{str(body_type)[:40]}'"
            )
        values = data.get("values") or {}
        if not isinstance(values, dict):
            raise DocumentError(f"{source}: 'values' はマッピングでなければなりません")
        return cls(data["form"], data["edition"], body_type, values)
