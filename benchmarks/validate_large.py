"""Validation is near-linear in the number of repeat elements (issue 13, finding 10).

The full example with its 特定個人情報ファイル (the ``files`` elements shared by Ⅱ, (別添2) and Ⅲ)
replaced by N copies of its 本人確認情報ファイル, validated at submit level: once with every
copy filled (no findings) and once with empty copies (every required item a finding, so the
label path of each finding counts too). Baseline, measured in the same run: the same with 20
elements, scaled by 100. A ratio near 1 (or below: fixed costs are spread) means linear; a
quadratic validation gave ~10 for the empty copies (every finding looked its element up in
the list of 2,000).
"""

from __future__ import annotations

import copy
import statistics
import time
from pathlib import Path

from pia.document import Document, load_document
from pia.rules.validation import check

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "jumin-kihon-daicho-v2.yaml"
LARGE, SMALL = 2000, 20
RUNS_SMALL, RUNS_LARGE = 9, 3


def with_files(base: Document, count: int, filled: bool) -> Document:
    document = base.copy()
    proto = document.values["files"][-1]
    files = []
    for n in range(count):
        element = copy.deepcopy(proto) if filled else {}
        element["id"] = f"file-{n}"
        files.append(element)
    document.values["files"] = files
    return document


def median_s(document: Document, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        check(document, "submit")
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    base = load_document(EXAMPLE)
    check(base, "submit")  # warm-up: form data loaded once, as in a running server
    for filled in (True, False):
        small, large = with_files(base, SMALL, filled), with_files(base, LARGE, filled)
        findings = len(check(large, "submit"))
        baseline = median_s(small, RUNS_SMALL) * (LARGE / SMALL)
        measured = median_s(large, RUNS_LARGE)
        kind = "filled" if filled else "empty"
        print(f"files_{kind}: {LARGE} elements, {findings} findings")
        print(f"validate_{LARGE}_{kind}_s: {measured:.2f}")
        print(f"baseline_{SMALL}x{LARGE // SMALL}_{kind}_s: {baseline:.2f}")
        print(f"ratio_{kind}_vs_linear: {measured / baseline:.2f}")


if __name__ == "__main__":
    main()
