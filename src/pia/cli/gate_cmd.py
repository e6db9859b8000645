"""``pia gate``: what stands between a 改訂案 and 第三者点検, submission or publication.

The same findings as the workbench's 評価書 page (``pia.changes.gate``): the 改訂案 NEW against the
公表版 OLD (``-`` for a first edition) and this round's procedure records (``--records``).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from pia.changes.gate import RoundRecords, Stage, release_findings
from pia.changes.gate_records import RecordsError, read_records
from pia.cli.document_cmd import SEVERITY_LABELS
from pia.cli.errors import CliError
from pia.document import load_document
from pia.findings import blocking
from pia.inputs import InputError, parse_json, parse_yaml, read_text

STAGE_LABELS = {"review": "第三者点検・承認申請", "submit": "提出", "publish": "公表"}


def register(subparsers: Any) -> None:
    g = subparsers.add_parser("gate", help="改訂案を第三者点検・提出・公表に進める前の確認(公表版と手続の記録から)")
    g.add_argument("old", metavar="OLD", help="公表中の版(.yaml / .json)。初めての評価書は -")
    g.add_argument("new", metavar="NEW", help="改訂案(.yaml / .json)")
    g.add_argument("--records", metavar="RECORDS.yaml", help="今回の手続の記録(意見募集・第三者点検・提出・公表)")
    g.add_argument("--stage", choices=[s.value for s in Stage], default="submit", help="進める先(既定: submit)")
    g.add_argument("--json", action="store_true", help="JSON で出力する")
    g.set_defaults(func=run_gate)


def run_gate(args: argparse.Namespace) -> int:
    published = None if args.old == "-" else load_document(args.old)
    draft = load_document(args.new)
    findings = release_findings(published, draft, _records(args.records), args.stage)
    if args.json:
        print(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2))
    else:
        for f in findings:
            print(f"[{SEVERITY_LABELS[f.severity.value]}] {f.message} ({f.code})")
        errors = len(blocking(findings))
        verdict = "進められます" if not errors else f"進められません(エラー {errors} 件)"
        print(f"{STAGE_LABELS[args.stage]}の前の確認: {verdict}、その他 {len(findings) - errors} 件")
    return 1 if blocking(findings) else 0


def _records(name: str | None) -> RoundRecords:
    """This round's records from a YAML (or, by suffix, JSON) file, with the limits of ``pia.inputs``."""
    if not name:
        return read_records(None)
    path = Path(name)
    try:
        text = read_text(path)
        data = parse_json(text) if path.suffix.lower() == ".json" else parse_yaml(text)
        return read_records(data, path.parent)
    except (InputError, RecordsError) as exc:
        raise CliError(f"手続の記録 {path}: {exc}") from None
