"""``pia new``, ``pia validate`` and ``pia show``: create, check and read documents."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from pia.cli.errors import CliError
from pia.cli.figure_files import read_figures
from pia.cli.outline import outline
from pia.document import load_document, new_document, save_document
from pia.findings import Finding, Level, blocking
from pia.forms import get_form
from pia.rules.validation import check

LEVEL_LABELS = {"draft": "下書き", "submit": "提出", "publish": "公表"}
SEVERITY_LABELS = {"error": "エラー", "warning": "警告", "info": "情報"}


def register(subparsers: Any) -> None:
    new = subparsers.add_parser("new", help="空の評価書(ひな形)を作成する")
    new.add_argument("--form", required=True, choices=["basic", "focused", "full"], help="様式の種類")
    new.add_argument("--edition", help="様式の版(省略時は最新版)")
    new.add_argument("--body", default="local", choices=["local", "national"], help="地方公共団体等/行政機関等")
    new.add_argument("-o", "--output", required=True, help="出力ファイル(.yaml または .json)")
    new.set_defaults(func=run_new)

    validate = subparsers.add_parser("validate", help="評価書を検査する")
    validate.add_argument("file")
    validate.add_argument("--level", default="submit", choices=[lv.value for lv in Level])
    validate.add_argument("--json", action="store_true")
    validate.add_argument(
        "--pending",
        default="",
        metavar="STEPS",
        help="まだ行っていない手続(カンマ区切り: consultation,third_party_review,approval)。"
        "その結果を記載する項目(Ⅵ2・Ⅵ3・Ⅵ4 など)は未記入でも指摘しない",
    )
    validate.set_defaults(func=run_validate)

    show = subparsers.add_parser("show", help="評価書の内容を見出し付きで表示する")
    show.add_argument("file")
    show.add_argument("--all", action="store_true", help="未記入の項目も表示する")
    show.set_defaults(func=run_show)


def _pending(text: str) -> frozenset[str]:
    from pia.rules import load_rules
    from pia.rules.ruledata import current_step_id

    steps = frozenset(current_step_id(s.strip()) for s in text.split(",") if s.strip())
    known = {s.id for s in load_rules().steps}
    unknown = sorted(steps - known)
    if unknown:
        raise CliError(f"--pending の「{unknown[0]}」は手続の id ではありません(使える id: {', '.join(sorted(known))})")
    return steps


def run_new(args: argparse.Namespace) -> int:
    template = get_form(args.form, args.edition)
    if Path(args.output).exists():
        raise CliError(f"'{args.output}' は既に存在します。上書きしないので、別のファイル名を指定してください")
    save_document(new_document(template, args.body), args.output)
    print(f"{template.title} {template.edition_label} のひな形を {args.output} に作成しました")
    return 0


def run_validate(args: argparse.Namespace) -> int:
    document = load_document(args.file)
    attachments = read_figures(document, args.file)  # the figure files beside it: missing is an error
    findings = check(document, args.level, pending=_pending(args.pending), attachments=attachments)
    if args.json:
        print(json.dumps([_finding_json(f) for f in findings], ensure_ascii=False, indent=2))
    else:
        _print_findings(findings, args.level)
    return 1 if blocking(findings) else 0


def _finding_json(finding: Finding) -> dict[str, str]:
    return {k: v for k, v in finding.as_dict().items() if k in ("code", "severity", "path", "label", "message")}


def _print_findings(findings: list[Finding], level: str) -> None:
    for f in findings:
        print(f"[{SEVERITY_LABELS[f.severity.value]}] {f.path}: {f.message} ({f.code})")
    errors = len(blocking(findings))
    verdict = "問題はありません" if not findings else f"エラー {errors} 件、その他 {len(findings) - errors} 件"
    print(f"{LEVEL_LABELS[level]}レベルの検査結果: {verdict}")


def run_show(args: argparse.Namespace) -> int:
    document = load_document(args.file)
    template = get_form(document.form, document.edition)
    for line in outline(document, template, include_empty=args.all):
        print(line)
    return 0
