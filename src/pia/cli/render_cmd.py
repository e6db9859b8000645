"""``pia render``: a 評価書 as PDF, XLSX, DOCX or HTML.

A document with validation errors still renders, as a draft (「下書き」 in the page header),
with a warning on stderr; an unreadable document, an unknown format, a figure file missing
from the document's folder or an unwritable output path is an error (exit 2).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from pia.cli.figure_files import read_figures
from pia.document import Document, load_document
from pia.document.images import Attachments
from pia.findings import Level, blocking
from pia.forms import get_form
from pia.render.api import FORMATS, output_format, render_document
from pia.rules.validation import check

FORMAT_LABELS = {
    "pdf": "PDF",
    "xlsx": "Excel(様式のレイアウト)",
    "data-xlsx": "Excel(データ一覧)",
    "docx": "Word(DOCX)",
    "html": "HTML",
}


def register(subparsers: Any) -> None:
    render = subparsers.add_parser("render", help="評価書を PDF・XLSX・DOCX・HTML に出力する")
    render.add_argument("file", help="評価書(.yaml または .json)")
    render.add_argument("--format", help=f"出力形式({', '.join(FORMATS)})。省略時は出力ファイルの拡張子から決める")
    render.add_argument("-o", "--output", required=True, help="出力ファイル")
    render.add_argument("--changes-from", metavar="OLD", help="前の版: 変更箇所を赤字で示した素案を作る")
    render.add_argument("--public", action="store_true", help="公表用: 非公表の項目を「(非公表)」にする")
    render.set_defaults(func=run_render)


def run_render(args: argparse.Namespace) -> int:
    out = Path(args.output)
    fmt = output_format(out, args.format)
    document = load_document(args.file)
    get_form(document.form, document.edition)
    previous = load_document(args.changes_from) if args.changes_from else None
    # the figures printed (a removed one is a row of words, a withheld one 「(非公表)」); a missing
    # file is an error here, so a public check need not look at bytes it does not print
    attachments = read_figures(document, args.file, public=args.public)
    level = Level.PUBLISH if args.public else Level.SUBMIT
    draft = _warn_if_invalid(document, level, None if args.public else attachments)
    render_document(document, out, fmt, previous=previous, public=args.public, draft=draft, attachments=attachments)
    kind = "公表用の" if args.public else "変更箇所を赤字で示した" if previous else ""
    print(f"{kind}評価書を {FORMAT_LABELS[fmt]} で {out} に出力しました{'(下書き)' if draft else ''}")
    return 0


def _warn_if_invalid(document: Document, level: Level, attachments: Attachments | None) -> bool:
    """Warn on stderr when the document has blocking findings; True when it is a draft."""
    errors = blocking(check(document, level, attachments=attachments))
    if not errors:
        return False
    word = "公表" if level is Level.PUBLISH else "提出"
    message = f"{word}レベルの検査でエラーが {len(errors)} 件あります(pia validate で確認できます)。"
    print(f"警告: {message}下書きとして出力します。", file=sys.stderr)
    return True
