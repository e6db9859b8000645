"""Web workbench under load: 50 simulated users on loopback against gunicorn + PostgreSQL.

Wraps ``python -m workbench.loadtest`` (bounded: users × rounds, then it stops) on a scratch
database ``pia_bench`` (created if missing), prints its per-request p50/p95 and errors, and the
ratio of the editor's p95 to the baseline measured in the same run (the anonymous login page,
which does no 評価書 work). Target: editor p95 <= 150 ms, 0 errors.

    .venv/bin/python benchmarks/web.py [--users 50 --rounds 4 --think 5]
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

from workbench.loadtest import ensure_bench_database

SERVER = os.environ.get("PIA_BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DATABASE = "pia_bench"
ROW = re.compile(r"^\s+(\w+)\s+n=\s*(\d+)\s+p50=\s*([\d.]+) ms\s+p95=\s*([\d.]+) ms")


def main() -> int:
    ensure_bench_database(SERVER, DATABASE)
    env = {**os.environ, "DATABASE_URL": f"{SERVER}/{DATABASE}"}
    argv = sys.argv[1:] or ["--users", "50", "--rounds", "4", "--think", "5"]
    run = subprocess.run(
        [sys.executable, "-m", "workbench.loadtest", *argv], env=env, capture_output=True, text=True, timeout=1800
    )
    print(run.stdout, end="")
    p95 = {m.group(1): float(m.group(4)) for line in run.stdout.splitlines() if (m := ROW.match(line))}
    if "editor" in p95 and p95.get("baseline"):
        print(f"editor_p95_ms: {p95['editor']:.1f} (target <= 150)")
        print(f"ratio_editor_p95_vs_baseline: {p95['editor'] / p95['baseline']:.2f}")
    if run.returncode:
        print(run.stderr[-2000:], file=sys.stderr)
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())
