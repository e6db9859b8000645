"""Validation of many repeat elements (issue 13, finding 10: 2,000 file elements took over 10 s).

The full example with its 特定個人情報ファイル (the ``files`` elements shared by Ⅱ, (別添2) and Ⅲ)
replaced by N copies of its 本人確認情報ファイル, validated at submit level: once with every
copy filled and once with empty copies (every required item a finding, so the label path of
each finding counts too). Two ratios, each against a baseline measured in the same run:

- **linear**: N = the form data's limit of files (``max_elements``, 30) against 3 files scaled
  by 10. A ratio near 1 (or below: fixed costs are spread) means linear; a quadratic validation
  gave ~10 for the empty copies (every finding looked its element up in the list);
- **the issue's document**: 2,000 files against the document at the limit. The elements past
  the limit are reported once (``repeat.too-many``) and not expanded, so a ratio near 1 means
  the surplus costs (almost) nothing.
"""

from __future__ import annotations

import copy
import statistics
import time
from pathlib import Path

from pia.document import Document, load_document
from pia.forms import get_form
from pia.rules.validation import check

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "jumin-kihon-daicho-v2.yaml"
OVER, SMALL = 2000, 3
RUNS = 7


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
    limit = get_form("full").item("II.file").element_limit
    for filled in (True, False):
        kind = "filled" if filled else "empty"
        small, at_limit, over = (with_files(base, n, filled) for n in (SMALL, limit, OVER))
        at_limit_s = median_s(at_limit, RUNS)
        linear = median_s(small, RUNS) * (limit / SMALL)
        print(f"files_{kind}: limit {limit} elements, {len(check(at_limit, 'submit'))} findings")
        print(f"validate_{limit}_{kind}_s: {at_limit_s:.3f}")
        print(f"baseline_{SMALL}x{limit // SMALL}_{kind}_s: {linear:.3f}")
        print(f"ratio_{kind}_vs_linear: {at_limit_s / linear:.2f}")
        over_s = median_s(over, RUNS)
        print(f"validate_{OVER}_{kind}_s: {over_s:.3f} ({len(check(over, 'submit'))} findings)")
        print(f"ratio_{OVER}_{kind}_vs_limit: {over_s / at_limit_s:.2f}")


if __name__ == "__main__":
    main()
