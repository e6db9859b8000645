"""``pia forms``: the registered forms, one line per edition with its item counts, when it came
into use and how much of its data is verified (``pia.forms.confidence``)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from pia.forms import FORM_KIND_LABELS, FormDataError, all_forms
from pia.forms.confidence import counts, counts_text, legend, wording


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("forms", help="登録されている様式と版の一覧")
    parser.add_argument("--json", action="store_true", help="JSON で出力する")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        forms = all_forms()
    except FormDataError as exc:
        print("様式データに問題があります:")
        for problem in exc.problems:
            print(f"  {problem}")
        return 1
    rows: list[dict[str, Any]] = [
        {
            "form": f.form,
            "yoshiki": f.yoshiki,
            "title": f.title,
            "edition": f.edition,
            "edition_label": f.edition_label,
            "latest": f.latest,
            "items": f.count(),
            "important_items": sum(1 for i in f.value_items() if f.is_important(i.id)),
            "status": f.status,
            "confidence": counts(f),
            "effective": {"date": f.effective.date.isoformat(), "status": f.effective.status} if f.effective else None,
            "extends": f.extends,
        }
        for f in forms
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for form, row in zip(forms, rows, strict=True):
        latest = "(最新)" if row["latest"] else ""
        started = (
            f"  適用 {form.effective.date:%Y-%m-%d}{wording(form.effective.status).mark}" if form.effective else ""
        )
        print(
            f"{row['form']:<8} {row['yoshiki']} {FORM_KIND_LABELS[row['form']]} {row['edition_label']}{latest}"
            f"  項目数 {row['items']}(うち※ {row['important_items']}){started}"
            f"  確かさ {wording(form.status).word}({form.status}): {counts_text(form)}"
        )
    print(f"(確かさ: 確認済み・一部確認・推定は項目の数。{legend()})")
    return 0
