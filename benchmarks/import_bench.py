"""Benchmark: import of the full example's PDF (全項目評価書, 38 pages) against rendering it.

Renders examples/jumin-kihon-daicho-v2.yaml as PDF once, then times, in this process, the
import of that PDF (read with pypdfium2, recognised by the form data) and the render of the
same document (print model + typst), each the median of ``--runs``. Prints both medians, the
page count and ``ratio_import_vs_render: N`` (import time / render time). Target: the import
≤ 1 s for the 38 pages.

    .venv/bin/python benchmarks/import_bench.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "jumin-kihon-daicho-v2.yaml"
TARGET_SECONDS = 1.0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from pia.document import load_document
    from pia.imports.api import import_file
    from pia.render.api import render_document

    document = load_document(EXAMPLE)
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "full.pdf"
        render_document(document, pdf)
        import_file(pdf)  # warm: the form data loaded and its label patterns compiled
        imports, renders = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            result = import_file(pdf)
            imports.append(time.perf_counter() - start)
            start = time.perf_counter()
            render_document(document, Path(folder) / "again.pdf")
            renders.append(time.perf_counter() - start)
    imported, rendered = statistics.median(imports), statistics.median(renders)
    report = result.report
    print(f"全項目評価書 PDF {report.pages} ページ: 取込 {imported:.3f} s(中央値、{args.runs} 回)")
    print(
        f"  値を読み取った項目 {report.items_filled}、選択肢 {report.options_recognised}、"
        f"未配置 {report.unplaced_count}"
    )
    print(f"同じ文書の PDF 出力: {rendered:.3f} s")
    print(f"ratio_import_vs_render: {imported / rendered:.2f}")
    if imported > TARGET_SECONDS:
        print(f"目標 {TARGET_SECONDS} s を超えています", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
