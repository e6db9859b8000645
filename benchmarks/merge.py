"""Benchmark: ``merge`` of two concurrent edits of the full example (jumin-kihon-daicho v2).

The two edits are the ones the editor sees most: one person rewrites 委託事項1 ① and the cover's
評価書名, the other adds 委託事項3 and edits Ⅲ of the same file. Prints the median time of
``pia.changes.merge`` and, as a baseline measured in the same run on the same machine, the
median of ``pia.changes.diff`` of base → mine (every save of the editor could have run it).
Target: median ≤ 50 ms (it runs inside the save's lock).

    .venv/bin/python benchmarks/merge.py [--runs N]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from diff import median_ms

from pia.changes import diff, merge
from pia.document import ElementPath, get_value, load_document, set_value
from pia.forms import get_form

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
TARGET_MS = 50.0
ITAKU = "II.file[#honnin].4.itaku"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args(argv)
    base = load_document(EXAMPLES / "jumin-kihon-daicho-v2.yaml")
    template = get_form(base.form, base.edition)
    theirs, mine = base.copy(), base.copy()
    set_value(theirs, template, ElementPath.parse(f"{ITAKU}[#cs-hoshu].1"), "相手が書き直した委託内容")
    set_value(theirs, template, ElementPath.parse("cover.name"), "相手の評価書名")
    get_value(mine, template, ElementPath.parse(ITAKU)).append({"id": "itaku-3", "II.file.4.itaku.name": "追加"})
    risk = "III.file[#honnin].4.other[#card-center-risks].risks[#risk-1].measure"
    set_value(mine, template, ElementPath.parse(risk), "自分が直したリスク対策")
    result = merge(base, theirs, mine)
    baseline = median_ms(lambda: diff(base, mine), args.runs)
    measured = median_ms(lambda: merge(base, theirs, mine), args.runs)
    print(
        f"documents: {EXAMPLES.name}/jumin-kihon-daicho-v2.yaml, two edits "
        f"({len(result.merged)} changes merged, {len(result.conflicts)} conflicts)"
    )
    print(f"runs: {args.runs}")
    print(f"baseline (diff base → mine) median_ms: {baseline:.2f}")
    print(f"target_ms: {TARGET_MS:.0f}")
    print(f"median_ms: {measured:.2f}")
    print(f"ratio_vs_baseline: {measured / baseline:.1f}")
    return 0 if measured <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
