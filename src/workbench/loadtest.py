"""Load test: simulated users on loopback against gunicorn (dashboard, editor, save).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pia_bench .venv/bin/python -m workbench.loadtest

Sets up a scratch ``var/`` (migrate, demo data, one 評価書 per simulated user), starts gunicorn
on a free port, runs ``--users`` threads for ``--rounds`` rounds each (bounded), and prints
p50/p95 per request kind and the error count. A 409 (conflict) would be an error here: every
user edits their own 評価書. It writes demo data and 評価書 into the database, so with
``DATABASE_URL`` the database name must contain bench, test or load as a word (``pia_bench``). Intended to be wrapped by
``benchmarks/web.py``.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

PASSWORD = "loadtest-pass-123"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
BASE_VERSION = re.compile(r'name="base_version" value="(\d+)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _prepare(env: dict[str, str], users: int) -> list[int]:
    """Migrate, load the demo and give every simulated user a 評価書 of their own."""
    run = [sys.executable, "-m", "workbench"]
    subprocess.run([*run, "migrate", "--noinput", "-v0"], env=env, check=True)
    subprocess.run([*run, "load_demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    code = (
        "from workbench.loadtest import seed_assessments; import sys; "
        f"print(','.join(map(str, seed_assessments({users}))))"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True)
    return [int(x) for x in out.stdout.strip().split(",")]


def seed_assessments(count: int) -> list[int]:
    """One 基礎項目評価書 per simulated user, created through the actions (idempotent)."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from workbench.assessments import actions
    from workbench.assessments.models import Assessment
    from workbench.organizations.models import Organization

    author = get_user_model().objects.get(username="sakusei")
    org = Organization.objects.get(name="熊本市")
    ids = []
    for n in range(count):
        title = f"負荷試験用 評価書 {n:03d}"
        found = Assessment.objects.filter(title=title).first()
        if found is None:
            found = actions.create_for_jimu(org, f"負荷試験用の事務 {n:03d}", ["basic"], user=author)[0]
            found.title = title
            found.save(update_fields=["title"])
        ids.append(found.pk)
    return ids


def ensure_bench_database(server: str, name: str) -> None:
    """Create the scratch database (LC_CTYPE C.UTF-8, as for Japanese text search) if missing."""
    exists = subprocess.run(
        ["psql", f"{server}/postgres", "-tAc", f"SELECT 1 FROM pg_database WHERE datname='{name}'"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    if exists.stdout.strip() != "1":
        create = f"CREATE DATABASE {name} TEMPLATE template0 LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
        subprocess.run(["psql", f"{server}/postgres", "-c", create], check=True, capture_output=True)


class User:
    """A browser-like client on loopback: cookies kept, CSRF Referer sent."""

    def __init__(self, base: str, timeout: float = 30.0) -> None:
        self.base = base
        self.timeout = timeout
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, data: dict[str, str]) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        return self._open(request)

    def _open(self, request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")

    def login(self) -> None:
        _, html = self.get("/login/")
        status, _ = self.post(
            "/login/", {"username": "sakusei", "password": PASSWORD, "csrfmiddlewaretoken": csrf_token(html)}
        )
        if status != 200:
            raise RuntimeError(f"login failed: {status}")


def csrf_token(html: str) -> str:
    match = TOKEN.search(html)
    return match.group(1) if match else ""


def _timed(results, kind: str, call) -> tuple[int, str]:
    start = time.perf_counter()
    status, html = call()
    results[kind].append((time.perf_counter() - start, status))
    return status, html


def _session(base: str, assessment: int, args, results, errors: list[str], ready) -> None:
    user = User(base)
    try:
        user.login()  # password hashing is deliberately slow: log in before the clock starts
        ready.wait()
        url = f"/assessments/{assessment}/edit/"
        pause = random.Random(assessment)
        for n in range(args.rounds):
            time.sleep(pause.uniform(0, 2 * args.think))  # a person reads before the next click
            _timed(results, "baseline", lambda: User(base).get("/login/"))  # anonymous page: the baseline
            _timed(results, "dashboard", lambda: user.get("/"))
            time.sleep(pause.uniform(0, 2 * args.think))
            _, html = _timed(results, "editor", lambda: user.get(url + "?section=cover"))
            time.sleep(pause.uniform(0, 2 * args.think))
            match = BASE_VERSION.search(html)
            data = {
                "csrfmiddlewaretoken": csrf_token(html), "base_version": match.group(1) if match else "0",
                "section": "cover", "op": "save", "cover.name": f"負荷試験 {assessment} 第{n}回",
            }  # fmt: skip
            _timed(results, "save", lambda data=data: user.post(url, data))
    except Exception as exc:  # a crashed user is an error, not a crash of the run
        errors.append(repr(exc))
        ready.abort()


def _report(results, errors: list[str], elapsed: float) -> int:
    total = sum(len(v) for v in results.values())
    print(f"requests: {total} in {elapsed:.1f} s ({total / elapsed:.0f} req/s)")
    bad = 0
    for kind, rows in sorted(results.items()):
        times = sorted(t * 1000 for t, _ in rows)
        failed = sum(1 for _, status in rows if status >= 400)
        bad += failed
        p95 = times[max(0, int(len(times) * 0.95) - 1)]
        print(
            f"  {kind:10} n={len(times):5}  p50={statistics.median(times):7.1f} ms  p95={p95:7.1f} ms  errors={failed}"
        )
    print(f"errors: {bad + len(errors)}" + (f" ({errors[:3]})" if errors else ""))
    return 1 if bad or errors else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--think", type=float, default=5.0, help="mean pause between a user's clicks (s)")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) * 2 + 1)
    args = parser.parse_args(argv)
    database = urllib.parse.urlparse(os.environ.get("DATABASE_URL", "")).path.strip("/")
    if database and not re.search(r"(^|_)(bench|test|load)(_|$)", database):
        print(
            f"データベース「{database}」は負荷試験用の名前ではありません"
            "(pia_bench のように bench・test・load を _ で区切って含む名前にしてください)。"
        )
        return 2
    with tempfile.TemporaryDirectory(prefix="pia-loadtest-") as var:
        env = {
            **os.environ,
            "PIA_VAR_DIR": var,
            "DEMO_PASSWORD": PASSWORD,
            "PIA_HTTPS": "0",  # plain HTTP on loopback: cookies without Secure
            "DJANGO_SETTINGS_MODULE": "workbench.settings",
        }
        assessments = _prepare(env, args.users)
        port = free_port()
        server = subprocess.Popen(
            [str(Path(sys.executable).with_name("gunicorn")), "workbench.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", str(args.workers), "--log-level", "warning"],
            env=env,
        )  # fmt: skip
        try:
            return _run(f"http://127.0.0.1:{port}", assessments, args)
        finally:
            server.terminate()
            server.wait(timeout=30)


def _run(base: str, assessments: list[int], args) -> int:
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/login/", timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    results: dict[str, list[tuple[float, int]]] = defaultdict(list)
    errors: list[str] = []
    ready = threading.Barrier(len(assessments) + 1, timeout=300)
    threads = [threading.Thread(target=_session, args=(base, a, args, results, errors, ready)) for a in assessments]
    for thread in threads:
        thread.start()
    ready.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    backend = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    print(
        f"{args.users} simulated users × {args.rounds} rounds (think time {args.think} s) on {backend}, "
        f"{args.workers} gunicorn workers"
    )
    return _report(results, errors, time.perf_counter() - start)


if __name__ == "__main__":
    sys.exit(main())
