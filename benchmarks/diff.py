"""Benchmark: ``diff`` of the two full examples (jumin-kihon-daicho v1 → v2).

Prints the median time of ``pia.changes.diff`` and, as a baseline measured in the same
run on the same machine, the median of a naive deep compare of the two JSON trees (by
key and list position, no form, no classification). Target: median ≤ 50 ms.

    .venv/bin/python benchmarks/diff.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pia.changes import diff
from pia.document import Document, load_document

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
TARGET_MS = 50.0


def naive_compare(a: Any, b: Any, path: str = "", out: list[str] | None = None) -> list[str]:
    """Paths where two JSON trees differ (lists compared by position)."""
    out = [] if out is None else out
    if isinstance(a, dict) and isinstance(b, dict):
        for key in a.keys() | b.keys():
            naive_compare(a.get(key), b.get(key), f"{path}/{key}", out)
    elif isinstance(a, list) and isinstance(b, list):
        for n in range(max(len(a), len(b))):
            naive_compare(a[n] if n < len(a) else None, b[n] if n < len(b) else None, f"{path}/{n}", out)
    elif a != b:
        out.append(path)
    return out


def median_ms(run: Callable[[], object], runs: int) -> float:
    run()  # warm-up: loads the form and the rules data
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args(argv)
    old: Document = load_document(EXAMPLES / "jumin-kihon-daicho-v1.yaml")
    new: Document = load_document(EXAMPLES / "jumin-kihon-daicho-v2.yaml")
    changes = diff(old, new)
    baseline = median_ms(lambda: naive_compare(old.to_data(), new.to_data()), args.runs)
    measured = median_ms(lambda: diff(old, new), args.runs)
    print(
        f"documents: {EXAMPLES.name}/jumin-kihon-daicho-v1.yaml → v2.yaml ({len(changes)} changes, {changes.verdict})"
    )
    print(f"runs: {args.runs}")
    print(f"baseline (naive JSON deep compare) median_ms: {baseline:.2f}")
    print(f"target_ms: {TARGET_MS:.0f}")
    print(f"median_ms: {measured:.2f}")
    print(f"ratio_vs_baseline: {measured / baseline:.1f}")
    return 0 if measured <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
