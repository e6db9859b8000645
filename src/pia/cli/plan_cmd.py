"""``pia plan``: plan the steps of an assessment, or check a plan written by hand."""

from __future__ import annotations

import argparse
import json
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

from pia.cli.errors import CliError
from pia.cli.threshold_cmd import parse_cli_date, print_findings
from pia.findings import Finding, blocking
from pia.inputs import InputError, parse_json, parse_yaml, read_text
from pia.rules.procedure import Procedure, procedure_for
from pia.rules.ruledata import load_rules
from pia.rules.schedule import Plan, check_plan, make_plan
from pia.wareki import format_wareki


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "plan",
        help="評価の手続日程を立てる、または日程表を確認する",
        description="効力発生日から逆算(--effective)、または開始日から順に(--start)日程を立てます。"
        "--check で手作業の日程表(YAML: step・start・end のリスト)を確認します。",
    )
    p.add_argument("--level", help="評価の種類: full(全項目)・focused(重点項目)・basic(基礎項目)")
    p.add_argument("--body", help="local(地方公共団体等)・national(行政機関等)")
    p.add_argument(
        "--occasion",
        default="new",
        help="実施の契機: new・important_change・threshold_rise・five_year・correction(既定: new)",
    )
    p.add_argument("--voluntary", action="store_true", help="しきい値判断より上位の評価を任意に実施する")
    p.add_argument("--effective", help="変更の効力発生日(委託契約の開始日など)")
    p.add_argument("--start", help="開始日(この日から順に日程を立てる)")
    p.add_argument("--from", dest="first_step", help="この手続から日程を立てる(それより前は済んでいるもの)")
    p.add_argument("--comment-days", type=int, help="意見聴取の日数(原則30日以上)")
    p.add_argument("--reason", default="", help="意見聴取の期間を短縮する特段の理由")
    p.add_argument(
        "--check", metavar="PLAN.yaml", help="日程表を確認する(--level・--body の省略時は全項目・地方公共団体等)"
    )
    p.add_argument("--json", action="store_true", help="JSON で出力する")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    effective = parse_cli_date(args.effective, "--effective") if args.effective else None
    start = parse_cli_date(args.start, "--start") if args.start else None
    if args.check:
        return _run_check(args, effective)
    return _run_plan(args, effective, start)


def _procedure(args: argparse.Namespace, on: date, level: str, body: str) -> Procedure:
    return procedure_for(level, body, args.occasion, voluntary=args.voluntary, on=on)


def _run_plan(args: argparse.Namespace, effective: date | None, start: date | None) -> int:
    if not args.level or not args.body:
        raise CliError("--level(評価の種類)と --body(機関の種類)を指定してください。")
    if effective is None and start is None:
        raise CliError("--effective(効力発生日)か --start(開始日)を指定してください。")
    anchor = start or effective or date.today()
    procedure = _procedure(args, anchor, args.level, args.body)
    first = _step_id(args.first_step, anchor) if args.first_step else None
    plan = make_plan(
        procedure,
        start=start,
        effective=effective,
        comment_days=args.comment_days,
        reason=args.reason,
        first_step=first,
    )
    if args.json:
        print(json.dumps(plan.as_dict(), ensure_ascii=False, indent=2))
    else:
        _print_plan(plan)
    return 1 if blocking(list(plan.findings)) else 0


def _step_id(name: str, on: date) -> str:
    row = load_rules().on(on).find_step(name)
    if row is None:
        raise CliError(f"--from の手続「{name}」はありません。")
    return row.id


def _run_check(args: argparse.Namespace, effective: date | None) -> int:
    on = effective or date.today()
    procedure = _procedure(args, on, args.level or "full", args.body or "local")
    findings = check_plan(_read_plan(args.check), procedure, effective)
    if args.json:
        data = {"procedure": procedure.title, "findings": [f.as_dict() for f in findings]}
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _print_check(procedure, findings, effective)
    return 1 if blocking(findings) else 0


def _read_plan(path: str) -> Any:
    """A 日程表 file (YAML, or JSON by suffix) with the limits of ``pia.inputs``."""
    try:
        text = read_text(path)
        return parse_json(text) if Path(path).suffix.lower() == ".json" else parse_yaml(text)
    except InputError as exc:
        raise CliError(f"日程表 {path}: {exc}") from None


# --- plain output -----------------------------------------------------------------------


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "FW" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _date_cell(day: date) -> str:
    return f"{format_wareki(day, style='abbr')}({day.isoformat()})"


def _table(rows: list[tuple[str, str, str]]) -> list[str]:
    header = ("手続", "開始", "終了")
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(3)]
    lines = ["  ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in [header, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return lines


def _print_plan(plan: Plan) -> None:
    print(f"日程: {plan.procedure.title}")
    if plan.effective:
        print(f"変更の効力発生日: {_date_cell(plan.effective)}")
    rows = [(s.label + ("(任意)" if s.optional else ""), _date_cell(s.start), _date_cell(s.end)) for s in plan.steps]
    print("\n".join(_table(rows)))
    _print_basis(plan)
    if plan.comment_reason:
        print(f"意見聴取期間の短縮理由: {plan.comment_reason}(全項目評価書 Ⅵ 2.③に記載してください)")
    print_findings(plan.findings)


def _print_basis(plan: Plan) -> None:
    """The legal basis of the procedure and of each planned step (the law; pages are in --json)."""
    procedure = plan.procedure
    print(f"手続の根拠: {'、'.join(procedure.rule.basis.legal_lines())}")
    for planned in plan.steps:
        step = procedure.step(planned.step)
        if step is not None:
            print(f"  {step.label}: {'、'.join(step.basis.legal_lines())}")


def _print_check(procedure: Procedure, findings: list[Finding], effective: date | None) -> None:
    print(f"日程表の確認: {procedure.title}")
    if effective:
        print(f"変更の効力発生日: {_date_cell(effective)}")
    else:
        print("--effective を指定すると、効力発生日までに終わるかも確認します。")
    print_findings(findings)
    errors = len(blocking(findings))
    print(f"問題が{errors}件あります。" if errors else "日程表に手続を止める問題はありません。")
