"""Validate the full example at submit level; print the median and a ratio to a baseline.

Baseline (measured in the same run): parsing the same document from YAML, i.e. how many
"document loads" a full validation costs. Target: median <= 50 ms.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from pia.document import load_document, loads_yaml
from pia.rules.validation import check

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "jumin-kihon-daicho-v2.yaml"
RUNS = 30
TARGET_MS = 50.0


def median_ms(func: Callable[[], object], runs: int = RUNS) -> float:
    func()  # warm-up: form data loaded and cached once, as in a running server
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    document = load_document(EXAMPLE)
    findings = check(document, "submit")
    validate = median_ms(lambda: check(document, "submit"))
    baseline = median_ms(lambda: loads_yaml(text))
    print(f"document: {EXAMPLE.name} ({len(text):,} chars, {len(findings)} findings)")
    print(f"validate_submit_median_ms: {validate:.2f} (target <= {TARGET_MS:.0f})")
    print(f"baseline_yaml_parse_median_ms: {baseline:.2f}")
    print(f"ratio_vs_yaml_parse: {validate / baseline:.2f}")
    print(f"within_target: {validate <= TARGET_MS}")


if __name__ == "__main__":
    main()
