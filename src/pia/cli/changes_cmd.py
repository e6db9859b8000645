"""``pia diff``, ``pia changes`` and ``pia summary``: compare two versions of a 評価書.

``diff`` lists the changes with their 重要な変更 / 修正 decision, ``changes`` prints the
(別添3) 変更箇所 rows (``--fill``: writes NEW with the missing rows added to its table),
``summary`` writes the 概要版 content as Markdown. The output of
``summary`` is written by :func:`write_summary` only, so other formats can be added there.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from pia.changes import ChangeList, diff, diff_json, required_action
from pia.changes.fill import fill_change_table
from pia.changes.rows import ChangeRow, change_rows, existing_rows
from pia.cli.errors import CliError
from pia.document import Document, load_document, save_document
from pia.render.summary import write_summary as render_summary
from pia.render.summary_markdown import summary_to_markdown
from pia.render.xlsx import write_change_rows_xlsx
from pia.summary import SummaryContent, build_summary
from pia.summary.inputs import load_summary_input
from pia.wareki import WarekiError, parse_date

INTERNAL_NOTE = "注意: 庁内用の概要版です(非公表の項目の記載を含みます)。配布・公表には使わないでください"


def register(subparsers: Any) -> None:
    d = subparsers.add_parser("diff", help="2つの版の評価書を比べ、重要な変更か修正かを判定する")
    _pair(d)
    d.add_argument("--json", action="store_true", help="JSON で出力する")
    d.set_defaults(func=run_diff)

    c = subparsers.add_parser("changes", help="(別添3)変更箇所の行を作る")
    _pair(c)
    c.add_argument("--date", help="変更日(YYYY-MM-DD または 令和8年4月1日。既定: 今日)")
    c.add_argument("--timing", default="事前", choices=["事前", "事後"], help="修正の提出時期(再実施では常に事前)")
    c.add_argument("--timing-note", default="", help="提出時期に係る説明")
    c.add_argument("--max-chars", type=int, default=200, help="変更前後の記載をこの文字数で省略する")
    c.add_argument("--json", action="store_true", help="JSON で出力する")
    c.add_argument("--format", choices=["text", "xlsx"], default="text", help="xlsx: Excel ファイルに書き出す(-o 必須)")
    c.add_argument(
        "--fill",
        action="store_true",
        help="NEW の変更箇所の表にまだない行を追加した評価書を -o に書き出す(記載済みの行はそのまま)",
    )
    c.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="出力ファイル(--format xlsx: .xlsx、--fill: .yaml / .json)",
    )
    c.set_defaults(func=run_changes)

    s = subparsers.add_parser("summary", help="概要版(パブリックコメント用)の内容を作る")
    _pair(s)
    s.add_argument("--input", required=True, metavar="SUMMARY.yaml", help="目的・日程などの入力")
    s.add_argument(
        "-o",
        "--output",
        metavar="FILE.(md|pdf|docx|html)",
        help="出力ファイル。拡張子で形式を選ぶ(省略時は Markdown を標準出力)",
    )
    s.add_argument(
        "--internal",
        action="store_true",
        help="庁内用: 非公表の項目の記載もそのまま載せる(既定は配布用で「(非公表)」。庁外に出さないこと)",
    )
    s.set_defaults(func=run_summary)


def _pair(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", metavar="OLD", help="変更前の評価書(.yaml / .json)")
    parser.add_argument("new", metavar="NEW", help="変更後の評価書(.yaml / .json)")
    parser.add_argument(
        "--declare",
        action="append",
        default=[],
        metavar="PATH=ID",
        help="変更の性質を申告する(例: 'I.7.1=org_rename'。typo・org_rename・law_renumbering・risk_reduction)",
    )


def _declared(pairs: list[str]) -> dict[str, str]:
    declared: dict[str, str] = {}
    for pair in pairs:
        path, sep, kind = pair.partition("=")
        if not sep or not path.strip() or not kind.strip():
            raise CliError(f"--declare は「要素パス=申告」の形で指定してください: '{pair}'")
        declared[path.strip()] = kind.strip()
    return declared


def compare(args: argparse.Namespace) -> tuple[Document, Document, ChangeList]:
    old, new = load_document(args.old), load_document(args.new)
    return old, new, diff(old, new, declared=_declared(args.declare))


# --- diff -------------------------------------------------------------------------------------


def run_diff(args: argparse.Namespace) -> int:
    _, _, changes = compare(args)
    if args.json:
        print(json.dumps(diff_json(changes), ensure_ascii=False, indent=2))
        return 0
    for change in changes.changes:
        tag = "重要" if change.important else "修正"
        print(f"[{tag}] {change.kind_label}: {change.label}")
        print(f"    {change.path}")
        print(f"    理由: {change.reason}(根拠: {change.source})")
    for note in changes.notes:
        print(f"注記: {note}")
    print(
        f"判定: {changes.verdict_label}(変更 {len(changes)} 件、うち重要な変更 {len(changes.important_changes())} 件)"
    )
    print(required_action(changes).message)
    return 0


# --- changes ----------------------------------------------------------------------------------


def _date(text: str | None) -> date:
    if not text:
        return date.today()
    try:
        return parse_date(text)
    except WarekiError as exc:
        raise CliError(f"--date: {exc}") from None


def _print_rows(rows: list[ChangeRow], first: int) -> None:
    for n, row in enumerate(rows, start=first):
        print(f"{n}. {row.date} {row.item}")
        print(f"   変更前: {row.before}".replace("\n", "\n           "))
        print(f"   変更後: {row.after}".replace("\n", "\n           "))
        print(f"   提出時期: {row.timing}" + (f"({row.timing_note})" if row.timing_note else ""))


def run_changes(args: argparse.Namespace) -> int:
    old, new, changes = compare(args)
    if args.max_chars < 20:
        raise CliError("--max-chars は20以上にしてください")
    if args.fill:
        return _fill(args, old, new, changes)
    rows = change_rows(
        changes, old, new, _date(args.date), timing=args.timing, timing_note=args.timing_note, max_chars=args.max_chars
    )
    existing = existing_rows(new)
    if args.format == "xlsx":
        return _write_rows_xlsx(rows, args.output)
    if args.json:
        data = {
            "existing": [r.to_json() for r in existing],
            "rows": [r.to_json() for r in rows],
            "notes": list(changes.notes),
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    _print_notes(changes)
    if existing:
        print(f"評価書に記載済みの変更箇所: {len(existing)} 行")
    _print_rows(rows, len(existing) + 1)
    print(f"追加する変更箇所: {len(rows)} 行(判定: {changes.verdict_label})")
    return 0


def _print_notes(changes: ChangeList) -> None:
    """The notes of the comparison (how an older edition was read, item by item) before the rows."""
    for note in changes.notes:
        print(f"注記: {note}")


def _write_rows_xlsx(rows: list[ChangeRow], output: str | None) -> int:
    if not output:
        raise CliError("--format xlsx には -o で出力ファイル(.xlsx)を指定してください")
    write_change_rows_xlsx(rows, Path(output))
    print(f"変更箇所 {len(rows)} 行を {output} に書き出しました")
    return 0


def _fill(args: argparse.Namespace, old: Document, new: Document, changes: ChangeList) -> int:
    if args.format != "text":
        raise CliError("--fill と --format xlsx は同時に指定できません")
    if not args.output:
        raise CliError("--fill には -o で出力ファイル(.yaml または .json)を指定してください")
    if Path(args.output).suffix.lower() not in (".yaml", ".yml", ".json"):
        raise CliError(f"--fill の出力ファイルは .yaml または .json にしてください: '{args.output}'")
    day = _date(args.date)
    filled, added = fill_change_table(
        old, new, day, timing=args.timing, timing_note=args.timing_note, max_chars=args.max_chars, changes=changes
    )
    save_document(filled, args.output)
    existing = len(existing_rows(new))
    if args.json:
        data = {
            "output": args.output,
            "existing": existing,
            "added": [r.to_json() for r in added],
            "notes": list(changes.notes),
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    _print_notes(changes)
    if existing:
        print(f"評価書に記載済みの変更箇所: {existing} 行(そのまま残します)")
    _print_rows(added, existing + 1)
    if added:
        print(f"変更箇所を {len(added)} 行追加して {args.output} に書き出しました(判定: {changes.verdict_label})")
    else:
        print(f"追加する変更箇所はありません(すべて記載済みです)。{args.output} に書き出しました")
    return 0


# --- summary ----------------------------------------------------------------------------------


def write_summary(content: SummaryContent, output: str | None) -> None:
    """Write the 概要版 to ``output`` (format by suffix: md, pdf, docx, html), or Markdown to stdout."""
    if output is None:
        sys.stdout.write(summary_to_markdown(content))
        return
    render_summary(content, Path(output))
    print(f"概要版を {output} に書き出しました")


def run_summary(args: argparse.Namespace) -> int:
    old, new, changes = compare(args)
    content = build_summary(old, new, load_summary_input(args.input), changes=changes, public=not args.internal)
    write_summary(content, args.output)
    if args.internal:
        print(INTERNAL_NOTE, file=sys.stderr)
    return 0
