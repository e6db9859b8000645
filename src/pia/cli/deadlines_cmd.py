"""``pia deadlines``: re-assessment, yearly review and retention dates of a 評価書."""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

from pia.cli.threshold_cmd import basis_lines, parse_cli_date
from pia.document import load_document, role_value
from pia.rules.deadlines import Deadline, compute_deadlines, publication_date
from pia.wareki import format_both

STATE_LABELS = {
    "overdue": "期限超過",
    "due_soon": "期限間近",
    "open": "期限前",
    "publishing": "公表継続",
    "may_withdraw": "公表期間満了",
}


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "deadlines",
        help="評価書の再実施・見直し・公表継続の期限を表示する",
        description="表紙の公表日から、5年経過前の再実施(努力義務)、毎年の見直し(努力義務)、"
        "事務終了後の公表継続(3年)の期限を求めます。期限を過ぎたものを先に表示します。",
    )
    p.add_argument("file", help="評価書(YAML/JSON)")
    p.add_argument("--on", help="基準日(省略時は今日)")
    p.add_argument("--ended", help="事務の終了日")
    p.add_argument("--reviewed", help="直近に見直しを行った日(省略時は公表日から数える)")
    p.add_argument("--json", action="store_true", help="JSON で出力する")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    on = parse_cli_date(args.on, "--on") if args.on else date.today()
    ended = parse_cli_date(args.ended, "--ended") if args.ended else None
    reviewed = parse_cli_date(args.reviewed, "--reviewed") if args.reviewed else None
    document = load_document(args.file)
    published = publication_date(document)
    items = compute_deadlines(published, on, ended=ended, reviewed=reviewed)
    name = str(role_value(document, "name") or args.file)
    if args.json:
        data = {
            "file": args.file,
            "name": name,
            "published": published.isoformat(),
            "on": on.isoformat(),
            "deadlines": [d.as_dict() for d in items],
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _print(name, published, on, items, reviewed is None)
    return 0


def _print(name: str, published: date, on: date, items: list[Deadline], no_review_date: bool) -> None:
    print(f"評価書: {name}")
    print(f"公表日: {format_both(published)}  基準日: {format_both(on)}")
    for d in items:
        print(f"[{STATE_LABELS[d.state]}] {d.label}: {format_both(d.due)}")
        print(f"  {d.message}")
        for line in basis_lines(d.basis, d.status):
            print(f"  {line}")
    if no_review_date and any(d.code == "deadline.review" for d in items):
        print("見直しを行った場合は --reviewed でその日を指定してください。")
