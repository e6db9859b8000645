"""``pia import``: an existing 評価書 (PDF with text, XLSX, DOCX or text) in as a document file.

Writes the document YAML (``-o``), the figures it imported beside it (under the file names the
document references: ``bessoe1-figure-1.png``; an existing different file is never replaced),
and with ``--report`` the import report as YAML; prints the counts and every piece of text that
could not be placed, with where it was. A file that cannot be imported at all (scanned PDF,
password, corrupt, too large, unknown edition) is an error (exit 2, 「エラー: …」) and nothing is
written.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import yaml

from pia.cli.figure_files import check_figures, write_figures
from pia.document import save_document
from pia.errors import PiaError
from pia.imports.api import FORMS, import_file
from pia.imports.model import SOURCE_FORMATS, ImportRefused, ImportReport

SHOWN_CHARS = 80  # an unplaced text longer than this is cut in the listing (the report keeps it all)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("import", help="既存の評価書(PDF・XLSX・DOCX・テキスト)を取り込む")
    parser.add_argument("file", help="取り込む評価書のファイル")
    parser.add_argument("--form", default="auto", choices=FORMS, help="様式の種類(省略時 auto: 文書の表示から判別)")
    parser.add_argument("--edition", help="様式の版(例: 平成30年5月)。省略時は文書の表示から判別")
    parser.add_argument("-o", "--output", required=True, help="書き出す評価書(.yaml または .json)")
    parser.add_argument("--report", help="取込結果の報告を書き出す YAML ファイル")
    parser.set_defaults(func=run_import)


def run_import(args: argparse.Namespace) -> int:
    result = import_file(args.file, form=args.form, edition=args.edition)
    figures = check_figures(result.document, result.attachments, args.output)  # before anything is written
    report = Path(args.report) if args.report else None
    if report is not None:  # first: a report that cannot be written leaves no document behind
        text = yaml.safe_dump(result.report.to_data(), allow_unicode=True, sort_keys=False, width=100)
        try:
            report.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise ImportRefused(f"報告ファイル '{report}' に書き込めません: {exc.strerror}") from None
    try:
        save_document(result.document, Path(args.output))
        write_figures(figures)
    except PiaError:
        if report is not None:
            report.unlink(missing_ok=True)
        raise
    print(summary(result.report, args.output))
    if figures:
        names = "、".join(target.name for target, _ in figures)
        print(f"図を{len(figures)}件、{args.output} と同じフォルダに書き出しました: {names}")
    return 0


def summary(report: ImportReport, output: str) -> str:
    lines = [
        f"{report.source_name}({SOURCE_FORMATS[report.source_format]}、{report.pages}ページ)を"
        f" {report.edition_label} として {output} に取り込みました。",
        f"  値を読み取った項目: {report.items_filled}件",
        f"  読み取った選択肢・チェック: {report.options_recognised}件",
        f"  取り込んだ図: {report.figures}件",
        f"  どの項目にも当てはめられなかった記載: {report.unplaced_count}件",
    ]
    if report.publication_date:
        lines.append(f"  公表日: {report.publication_date.isoformat()}")
    lines += [f"  注: {note}" for note in report.notes]
    if report.unplaced:
        lines.append("当てはめられなかった記載(確認して、該当する項目に移すか削除してください):")
        for entry in report.unplaced:
            text = entry.text.replace("\n", " ")
            cut = text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"
            near = f"(項目 {entry.path or entry.near} の近く)" if entry.near else "(最初の項目より前)"
            lines.append(f"  - {entry.place.where}{near}: {cut}")
    return "\n".join(lines)
