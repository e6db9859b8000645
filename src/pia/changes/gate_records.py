"""This round's procedure records for ``pia gate``, read from a YAML mapping.

```yaml
consultation:             # 意見募集
  period: {start: 2025-12-01, end: 2025-12-30}
  short_reason: …           # when shorter than the rules' minimum
  open_until: 2026-01-05    # a 意見募集 on the 評価書 that has not ended yet
  consulted: consulted.yaml # the text it was about (a 評価書 file, relative to this file)
  proceed_reason: …         # why the 改訂案 goes on despite 重要な変更 made after it
third_party_review:         # 第三者点検
  date: 2026-02-10
  result: …
  open: false               # a round that has not ended
approval:                   # 個人情報保護委員会の承認 (行政機関等)
  applied_on: 2026-01-20
  approved_on: 2026-03-01
  result: …
submission:
  date: 2026-03-02          # 提出日
  submitted: submitted.yaml # the text submitted
publication:
  date: 2026-04-01          # the 公表日 of the publication being made
```

Every key is optional; a wrong one is a :class:`RecordsError` naming it, in Japanese.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from pia.changes.gate import PUBLICATION_DATE, RoundRecords
from pia.document.codec import load_document
from pia.document.model import Document, DocumentError
from pia.errors import PiaError
from pia.forms.model import RECORD_FIELDS
from pia.rules.ruledata import current_step_id
from pia.wareki import WarekiError, as_date

STEPS = {
    "consultation": "意見募集",
    "third_party_review": "第三者点検",
    "approval": "承認",
    "submission": "提出",
    "publication": "公表",
}
_EXTRA = {
    "consultation": {"open_until", "consulted", "proceed_reason"},
    "third_party_review": {"open"},
    "submission": {"date", "submitted"},
    "publication": set(),
}


class RecordsError(PiaError, ValueError):
    """Records that cannot be read (Japanese message naming the key)."""


def read_records(data: Any, base: Path = Path()) -> RoundRecords:
    """The records in ``data`` (a mapping as above); documents named in it are read from ``base``."""
    if data is None:
        return RoundRecords()
    if not isinstance(data, Mapping):
        raise RecordsError("手続の記録は、手続ごとのマッピング(consultation: … など)で書いてください")
    data = {current_step_id(str(k)): v for k, v in data.items()}
    unknown = [k for k in data if k not in STEPS]
    if unknown:
        raise RecordsError(f"手続の記録に不明な手続「{unknown[0]}」があります(使えるもの: {', '.join(STEPS)})")
    steps = {str(k): _step(str(k), v) for k, v in data.items()}
    comment, review = steps.get("consultation", {}), steps.get("third_party_review", {})
    submission, publication = steps.get("submission", {}), steps.get("publication", {})
    return RoundRecords(
        values=_values(steps),
        consultation_open_until=_date(comment, "open_until", "consultation"),
        consulted=_document(comment, "consulted", base),
        consulted_label="意見募集の対象の記載" if comment.get("consulted") else "",
        later_changes_reason=_text(comment, "proceed_reason"),
        review_open=bool(review.get("open", False)),
        submitted=_document(submission, "submitted", base),
        submitted_on=_date(submission, "date", "submission"),
        publication_date=_date(publication, "date", "publication"),
    )


def _step(name: str, raw: Any) -> dict[str, Any]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise RecordsError(f"「{name}」({STEPS[name]})の記録はマッピングで書いてください")
    allowed = {f.split(".", 1)[1] for f in RECORD_FIELDS if f.startswith(name + ".")} | _EXTRA.get(name, set())
    for key in raw:
        if str(key) not in allowed:
            names = ", ".join(sorted(allowed))
            raise RecordsError(f"「{name}」({STEPS[name]})の記録に不明な項目「{key}」があります(使えるもの: {names})")
    return {str(k): v for k, v in raw.items()}


def _values(steps: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """The record fields (RECORD_FIELDS) by their full name, dates checked."""
    values: dict[str, Any] = {}
    for step, fields in steps.items():
        for key, value in fields.items():
            name = f"{step}.{key}"
            if name not in RECORD_FIELDS or name == PUBLICATION_DATE or value in (None, ""):
                continue
            values[name] = _checked(name, value)
    return values


def _checked(name: str, value: Any) -> Any:
    if name.endswith(".period"):
        if not isinstance(value, Mapping) or set(value) != {"start", "end"}:
            raise RecordsError(f"「{name}」は start と end の日付で書いてください")
        return {key: _parse(name, value[key]).isoformat() for key in ("start", "end")}
    if name.endswith((".date", "_on")):
        return _parse(name, value).isoformat()
    if not isinstance(value, (str, int)):
        raise RecordsError(f"「{name}」は文字で書いてください")
    return str(value)


def _parse(name: str, value: Any) -> date:
    try:
        return as_date(value)
    except WarekiError as exc:
        raise RecordsError(f"「{name}」の日付が読めません({exc})") from None


def _date(fields: Mapping[str, Any], key: str, step: str) -> date | None:
    value = fields.get(key)
    return _parse(f"{step}.{key}", value) if value not in (None, "") else None


def _text(fields: Mapping[str, Any], key: str) -> str:
    value = fields.get(key)
    return str(value) if isinstance(value, (str, int)) else ""


def _document(fields: Mapping[str, Any], key: str, base: Path) -> Document | None:
    name = fields.get(key)
    if name in (None, ""):
        return None
    try:
        return load_document(base / str(name))
    except DocumentError as exc:
        raise RecordsError(str(exc)) from None
