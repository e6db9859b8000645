"""``pia threshold``: the しきい値判断, from numbers or from a 基礎項目評価書."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from pia.cli.document_cmd import SEVERITY_LABELS
from pia.cli.errors import CliError
from pia.document import load_document, role_value
from pia.findings import Finding, blocking
from pia.rules.legal import Basis
from pia.rules.ruledata import load_rules
from pia.rules.threshold import DocumentJudgement, ThresholdInput, ThresholdResult, judge, judge_values
from pia.wareki import WarekiError, format_both, parse_date


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "threshold",
        help="しきい値判断(必要な評価書の種類)を行う",
        description="対象人数・取扱者数・重大事故から必要な評価書を判断します。"
        "FILE を指定すると基礎項目評価書のⅡから判断し、Ⅲと照合します。",
    )
    p.add_argument("file", nargs="?", help="基礎項目評価書(YAML/JSON)")
    p.add_argument("--subjects", type=_count, help="対象人数(事務全体)")
    p.add_argument("--handlers", type=_count, help="取扱者数(委託先の従業者を含む)")
    p.add_argument("--incident-date", action="append", default=[], help="重大事故の発生を知った日(複数指定可)")
    p.add_argument("--on", help="基準日(しきい値判断の日。省略時は今日、FILE では計数の時点)")
    p.add_argument(
        "--exempt",
        action="append",
        default=[],
        metavar="ID",
        help="適用除外(staff: 職員の人事・給与等のファイルのみ、manual: 手作業処理用ファイルのみ)",
    )
    p.add_argument("--json", action="store_true", help="JSON で出力する")
    p.set_defaults(func=run)


def _count(text: str) -> int:
    try:
        value = int(text.replace(",", "").replace("，", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"人数は整数で指定してください: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"人数は0以上にしてください: {text!r}")
    return value


def parse_cli_date(text: str, option: str) -> date:
    """A date option (ISO or 和暦); CliError naming the option when unreadable."""
    try:
        return parse_date(text)
    except WarekiError as exc:
        raise CliError(f"{option} の日付が読めません。{exc}") from None


def basis_lines(basis: Basis, status: str, rule: str = "") -> list[str]:
    """The legal basis first (「根拠: 特定個人情報保護評価に関する規則 第4条(平成26年4月20日施行)[V]」),
    the pages for reference after it (「参考: …」), then the confidence of the rules data row."""
    lines = [f"根拠: {line}" for line in basis.legal_lines()]
    lines += basis.reference_lines()
    lines.append(f"確度: {status}" + (f"(規則データ {rule})" if rule else ""))
    return lines


def print_findings(findings: Sequence[Finding]) -> None:
    for f in findings:
        where = f.label or f.path
        print(f"[{SEVERITY_LABELS[f.severity.value]}] {where}: {f.message}({f.code})")


def run(args: argparse.Namespace) -> int:
    on = parse_cli_date(args.on, "--on") if args.on else None
    if args.file:
        return _run_file(args, on)
    return _run_numbers(args, on or date.today())


def _run_numbers(args: argparse.Namespace, on: date) -> int:
    if not args.exempt and (args.subjects is None or args.handlers is None):
        raise CliError("--subjects(対象人数)と --handlers(取扱者数)を指定するか、評価書のファイルを指定してください。")
    known = [row.id for row in load_rules().on(on).exemptions]
    for wanted in args.exempt:
        if wanted not in known:
            raise CliError(f"--exempt「{wanted}」はありません(選べるもの: {'、'.join(known)})。")
    incidents = tuple(parse_cli_date(d, "--incident-date") for d in args.incident_date)
    facts = ThresholdInput(
        subjects=args.subjects or 0,
        handlers=args.handlers or 0,
        on=on,
        incident_dates=incidents,
        exemptions=tuple(dict.fromkeys(args.exempt)),
    )
    result = judge(facts)
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        _print_result(result)
    return 0


def _run_file(args: argparse.Namespace, on: date | None) -> int:
    if args.subjects is not None or args.handlers is not None or args.incident_date or args.exempt:
        raise CliError(
            "評価書のファイルを指定したときは --subjects・--handlers・--incident-date・--exempt は使えません。"
        )
    document = load_document(args.file)
    judged = judge_values(document.form, document.values, on=on, edition=document.edition)
    name = str(role_value(document, "name") or args.file)
    if args.json:
        print(json.dumps(_judgement_json(args.file, name, judged), ensure_ascii=False, indent=2))
    else:
        print(f"評価書: {name}")
        if judged.result:
            _print_result(judged.result)
        print(f"Ⅲ しきい値判断結果(評価書の記載): {judged.stated or '(未選択)'}")
        print_findings(judged.findings)
        if not judged.findings:
            print("評価書の記載はⅡから求めた結果と一致しています。")
    return 1 if blocking(list(judged.findings)) else 0


def _judgement_json(path: str, name: str, judged: DocumentJudgement) -> dict[str, Any]:
    return {
        "file": path,
        "name": name,
        "stated": judged.stated,
        "judgement": judged.result.as_dict() if judged.result else None,
        "findings": [f.as_dict() for f in judged.findings],
    }


def _print_result(result: ThresholdResult) -> None:
    print(f"しきい値判断(基準日 {format_both(result.on)})")
    print(f"判断結果: {result.result_label}")
    print(f"必要な評価書: {'、'.join(result.required_labels) or 'なし'}")
    rules = load_rules().on(result.on)
    print(f"任意に実施できる評価: {'、'.join(rules.level(v).name for v in result.voluntary) or 'なし'}")
    print("理由:")
    for reason in result.reasons:
        print(f"  ・{reason.message}")
        for line in basis_lines(reason.basis, reason.status, reason.rule):
            print(f"    {line}")
