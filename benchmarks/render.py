"""Benchmark: 評価書 PDF with our renderer (typst) against WeasyPrint on equivalent HTML.

Renders the full example (jumin-kihon-daicho-v2) and an inflated variant of about 80
pages (its per-file blocks repeated). Each render runs in a fresh process, as ``pia
render`` does, and only the render itself is timed (model + PDF for ours, HTML → PDF for
WeasyPrint, which gets the HTML our HTML renderer makes from the same print model, with
the same IPAex fonts). Prints both medians, the ratio, and at the end
``ratio_vs_weasyprint: N`` (the smaller of the two ratios). Targets: ≥ 25× faster than
WeasyPrint, ≤ 0.5 s for 80 pages.

    .venv/bin/python benchmarks/render.py [--runs N] [--weasy-runs N]

WeasyPrint is optional (``pip install -e '.[bench]'``; it needs pango from the OS); without
it, or with ``--weasy-runs 0``, only the typst times are measured (and no ratio is printed).
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "jumin-kihon-daicho-v2.yaml"
TARGET_PAGES = 80
TARGET_SECONDS = 0.5
TARGET_RATIO = 25.0


def inflated(extra: int) -> Any:
    """The example with ``extra`` more files: copies of its files (Ⅱ, (別添2), Ⅲ blocks) in turn."""
    from pia.document import load_document

    document = load_document(EXAMPLE)
    files = document.values["files"]
    copies = [{**copy.deepcopy(files[n % len(files)]), "id": f"copy-{n}"} for n in range(extra)]
    document.values["files"] = files + copies
    return document


def load(variant: str) -> Any:
    """``full`` or ``plus:N`` (the example with N more files)."""
    from pia.document import load_document

    return load_document(EXAMPLE) if variant == "full" else inflated(int(variant.split(":")[1]))


def child(engine: str, variant: str) -> None:
    """Run in a fresh process: render once, print the seconds and the page count as JSON.

    Timed for both engines: print model + PDF (for WeasyPrint: model + HTML + PDF). The form
    definitions are loaded before the clock starts, as in any process that renders twice."""
    from pia.forms import get_form
    from pia.render.build import build_print
    from pia.render.html import html_text
    from pia.render.pdf import pdf_bytes

    document = load(variant)
    get_form(document.form, document.edition)
    if engine == "typst":
        start = time.perf_counter()
        pdf = pdf_bytes(build_print(document))
    else:
        import weasyprint  # type: ignore[import-untyped]

        start = time.perf_counter()
        html = _with_font_files(html_text(build_print(document)))
        pdf = weasyprint.HTML(string=html).write_pdf()
    elapsed = time.perf_counter() - start
    print(json.dumps({"seconds": elapsed, "pages": _pages(pdf)}))


def _pages(pdf: bytes) -> int:
    import pypdfium2 as pdfium

    return len(pdfium.PdfDocument(pdf))


def _with_font_files(html: str) -> str:
    """The same IPAex files for WeasyPrint (through @font-face), whatever the system has."""
    from pia.render.config import BUNDLED_FONT_DIR

    faces = "".join(
        f'@font-face {{ font-family: "{family}"; src: url("{(BUNDLED_FONT_DIR / file).as_uri()}"); }}\n'
        for family, file in (("IPAexMincho", "ipaexm.ttf"), ("IPAexGothic", "ipaexg.ttf"))
    )
    return html.replace("<style>\n", f"<style>\n{faces}", 1)


def measure(engine: str, variant: str, runs: int) -> tuple[float, int]:
    """Median seconds over ``runs`` fresh processes, and the page count."""
    samples, pages = [], 0
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, __file__, "--child", engine, variant], capture_output=True, text=True, check=True
        )
        result = json.loads(done.stdout.strip().splitlines()[-1])
        samples.append(result["seconds"])
        pages = result["pages"]
    return statistics.median(samples), pages


def variant_of_80_pages() -> str:
    """The fewest added files that bring the example to 80 pages or more."""
    from pia.render.build import build_print
    from pia.render.pdf import pdf_bytes

    for extra in range(1, 30):
        if _pages(pdf_bytes(build_print(inflated(extra)))) >= TARGET_PAGES:
            return f"plus:{extra}"
    raise SystemExit("80 ページに達しませんでした")


def weasyprint_available() -> bool:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:  # OSError: pango missing
        print(f"WeasyPrint を読み込めないため比較を省略します({type(exc).__name__}: {exc})。")
        print("pip install -e '.[bench]' と、Debian では apt-get install libpango-1.0-0 で入ります。")
        return False
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=5, help="renders per document with typst (default 5)")
    parser.add_argument("--weasy-runs", type=int, default=3, help="renders per document with WeasyPrint (default 3)")
    parser.add_argument("--child", nargs=2, metavar=("ENGINE", "VARIANT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0
    compare = args.weasy_runs > 0 and weasyprint_available()
    big = variant_of_80_pages()
    ratios, ours_big = [], 0.0
    for label, variant in (("full example", "full"), ("inflated", big)):
        ours, pages = measure("typst", variant, args.runs)
        ours_big = ours if variant == big else ours_big
        print(f"{label}: typst {pages} pages median {ours:.3f} s (runs {args.runs})")
        if compare:
            theirs, their_pages = measure("weasyprint", variant, args.weasy_runs)
            ratios.append(theirs / ours)
            print(f"{label}: weasyprint {their_pages} pages median {theirs:.3f} s (runs {args.weasy_runs})")
            print(f"{label}: ratio {theirs / ours:.1f}x")
    if ratios:
        print(f"target: >= {TARGET_RATIO:.0f}x {'met' if min(ratios) >= TARGET_RATIO else 'NOT met'}; ", end="")
    print(f"<= {TARGET_SECONDS} s for {TARGET_PAGES} pages {'met' if ours_big <= TARGET_SECONDS else 'NOT met'}")
    if ratios:
        print(f"ratio_vs_weasyprint: {min(ratios):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
