"""Public comment submission under load, with the server killed and restarted mid-run.

On loopback, bounded: ``--clients`` threads submit 意見 to gunicorn + PostgreSQL (scratch
database ``pia_bench``, created if missing) in two phases of ``--seconds`` each:

- ``flow``: the citizen's whole path, GET form → POST 確認 → POST 送信 (three requests);
- ``send``: the 送信 POST only, repeated from a form page loaded once: the write capacity when
  many people press 送信 at once. Each POST is still a full submission (CSRF, validation, rate
  limit, insert, audit event, receipt page).

At half time of each phase every gunicorn process is SIGKILLed and the server restarted at
once, the clients retrying through the outage with short timeouts. Afterwards the 受付番号
shown on receipt pages are compared with the rows stored. Prints accepted, errors, lost
(= receipts shown − rows stored) per phase, flows/s, submissions/s (the ``send`` phase) and its
ratio to a baseline measured in the same run (the same clients only GETting the public form
page). Target: >= 200 submissions/s on 2 cores, 0 lost.
Exit code 1 if anything was lost.

    .venv/bin/python benchmarks/comments.py [--clients 16 --seconds 20 --baseline 5]
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from workbench.loadtest import User, ensure_bench_database, free_port

SERVER = os.environ.get("PIA_BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DATABASE = "pia_bench"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RECEIPT = re.compile(r"受付番号:<strong>([^<]+)</strong>")
SUBMISSION = re.compile(r'name="submission" value="([^"]+)"')
TIMEOUT = 3.0

OPEN_ID = (
    "import django; django.setup()\n"
    "from workbench.consultation.models import Consultation\n"
    "print(next(c.pk for c in Consultation.objects.order_by('pk') if c.is_open()))\n"
)
STORED = (
    "import django, sys; django.setup()\n"
    "from workbench.consultation.models import Comment\n"
    "rows = Comment.objects.filter(body__contains=sys.argv[1]).values_list('receipt', flat=True)\n"
    "print('\\n'.join(rows))\n"
)


class Server:
    """gunicorn in its own process group, so that a kill reaches the master and every worker."""

    def __init__(self, env: dict[str, str], port: int, workers: int) -> None:
        self.command = [
            str(Path(sys.executable).with_name("gunicorn")), "workbench.wsgi", "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers), "--preload", "--log-level", "error",
        ]  # fmt: skip
        self.env = env
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(self.command, env=self.env, start_new_session=True)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=30)
        with contextlib.suppress(ProcessLookupError):  # workers left behind by an unclean shutdown
            os.killpg(self.process.pid, signal.SIGKILL)


class Tally:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.receipts: list[str] = []
        self.errors = 0
        self.kinds: dict[str, int] = {}
        self.gets = 0
        self.outage = float("nan")

    def error(self, kind: str) -> None:
        with self.lock:
            self.errors += 1
            self.kinds[kind] = self.kinds.get(kind, 0) + 1


FIELDS = {
    "name": "負荷 太郎", "address": "熊本市中央区手取本町1-1", "phone": "096-328-2111", "email": "", "item": "",
    "website": "",
}  # fmt: skip


def _form_token(client: User, path: str) -> str:
    status, html = client.get(path)
    csrf = TOKEN.search(html)
    if status != 200 or not csrf:
        raise RuntimeError(f"form {status}")
    return csrf.group(1)


def _send(client: User, path: str, data: dict[str, str]) -> str:
    status, html = client.post(path, {**data, "step": "send"})
    receipt = RECEIPT.search(html)
    if status != 200 or not receipt:
        raise RuntimeError(f"send {status}")
    return receipt.group(1)


def _flow(client: User, path: str, body: str) -> str:
    """A citizen's whole path: form page → 確認 → 送信; returns the 受付番号 shown."""
    data = {**FIELDS, "csrfmiddlewaretoken": _form_token(client, path), "body": body, "step": "confirm"}
    status, html = client.post(path, data)
    csrf, submission = TOKEN.search(html), SUBMISSION.search(html)
    if status != 200 or not csrf or not submission:
        raise RuntimeError(f"confirm {status}")
    return _send(client, path, {**data, "csrfmiddlewaretoken": csrf.group(1), "submission": submission.group(1)})


class Sender:
    """The 送信 step only, repeated from a form page loaded once: the write capacity at the moment
    many people press 送信 (the end of a period), each POST still a full validated submission."""

    def __init__(self) -> None:
        self.token = ""

    def __call__(self, client: User, path: str, body: str) -> str:
        if not self.token:
            self.token = _form_token(client, path)
        data = {**FIELDS, "csrfmiddlewaretoken": self.token, "body": body, "submission": str(uuid.uuid4())}
        try:
            return _send(client, path, data)
        except Exception:
            self.token = ""
            raise


def _submitter(base: str, path: str, token: str, deadline: float, tally: Tally, mode: str) -> None:
    client, n = User(base, timeout=TIMEOUT), 0
    submit = _flow if mode == "flow" else Sender()
    while time.monotonic() < deadline:
        n += 1
        try:
            receipt = submit(client, path, f"負荷試験の意見 {token} {mode} #{n}")
        except (OSError, http.client.HTTPException, RuntimeError) as exc:  # refused, reset, timed out, or an error page
            tally.error(str(exc).split(":")[0][:40] if isinstance(exc, RuntimeError) else type(exc).__name__)
            client = User(base, timeout=TIMEOUT)  # fresh cookies after a failure, as a person reloading the page would
            time.sleep(0.05)
            continue
        with tally.lock:
            tally.receipts.append(receipt)


def _getter(base: str, path: str, deadline: float, tally: Tally) -> None:
    client = User(base, timeout=TIMEOUT)
    while time.monotonic() < deadline:
        try:
            status, _ = client.get(path)
        except (OSError, http.client.HTTPException):
            status = 0
        with tally.lock:
            if status == 200:
                tally.gets += 1
            else:
                tally.errors += 1


def _run_threads(target, clients: int, *args) -> None:
    threads = [threading.Thread(target=target, args=args, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)


def _wait_up(base: str, path: str) -> None:
    for _ in range(300):
        try:
            urllib.request.urlopen(base + path, timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("server did not come up")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=20.0, help="submission phase (kill at half time)")
    parser.add_argument("--baseline", type=float, default=5.0, help="GET-only baseline phase (s)")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) * 2 + 1)
    args = parser.parse_args(argv)
    ensure_bench_database(SERVER, DATABASE)
    with tempfile.TemporaryDirectory(prefix="pia-comments-") as var:
        env = {
            **os.environ,
            "DATABASE_URL": f"{SERVER}/{DATABASE}",
            "PIA_VAR_DIR": var,
            "DJANGO_SETTINGS_MODULE": "workbench.settings",
            "PIA_COMMENT_RATE_PER_MINUTE": "100000000",  # every client is 127.0.0.1
            "PIA_HTTPS": "0",  # plain HTTP on loopback: the CSRF cookie without Secure
        }
        run = [sys.executable, "-m", "workbench"]
        subprocess.run([*run, "migrate", "--noinput", "-v0"], env=env, check=True)
        subprocess.run([*run, "load_demo"], env=env, check=True, stdout=subprocess.DEVNULL)
        found = subprocess.run([sys.executable, "-c", OPEN_ID], env=env, check=True, capture_output=True, text=True)
        path = f"/iken/{int(found.stdout.strip())}/"
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = Server(env, port, args.workers)
        token = uuid.uuid4().hex
        try:
            server.start()
            _wait_up(base, path)
            return _measure(base, path, token, server, env, args)
        finally:
            server.stop()


def _measure(base: str, path: str, token: str, server: Server, env: dict[str, str], args) -> int:
    baseline = Tally()
    start = time.monotonic()
    _run_threads(_getter, args.clients, base, path, start + args.baseline, baseline)
    get_rate = baseline.gets / (time.monotonic() - start)
    print(
        f"{args.clients} clients against gunicorn ({args.workers} sync workers) + PostgreSQL on {os.cpu_count()} "
        f"cores; each phase {args.seconds:.0f} s with SIGKILL + restart of the server at half time"
    )
    print(f"baseline_get_per_s: {get_rate:.1f} (the public form page; errors {baseline.errors})")
    lost = 0
    rates = {}
    for mode in ("flow", "send"):
        rates[mode], phase_lost = _phase(base, path, token, server, env, args, mode)
        lost += phase_lost
    print(f"flows_per_s: {rates['flow']:.1f} (GET + 確認 + 送信 each)")
    print(f"submissions_per_s: {rates['send']:.1f} (target >= 200)")
    print(f"ratio_vs_get_baseline: {rates['send'] / get_rate:.3f}" if get_rate else "ratio_vs_get_baseline: n/a")
    print(f"lost: {lost}")
    return 1 if lost else 0


def _phase(base: str, path: str, token: str, server: Server, env: dict[str, str], args, mode: str):
    """One timed phase of ``mode`` (``flow`` or ``send``) with a kill and restart at half time."""
    tally = Tally()
    start = time.monotonic()
    killer = threading.Timer(args.seconds / 2, _kill_and_restart, args=(server, base, tally))
    killer.start()
    _run_threads(_submitter, args.clients, base, path, token, start + args.seconds, tally, mode)
    killer.join(timeout=60)
    elapsed = time.monotonic() - start
    out = subprocess.run(
        [sys.executable, "-c", STORED, f"{token} {mode} "], env=env, check=True, capture_output=True, text=True
    )
    stored, shown = set(out.stdout.split()), set(tally.receipts)
    lost = sorted(shown - stored)
    print(f"== {mode} ({'the citizen path' if mode == 'flow' else 'the 送信 step only'}; outage {tally.outage:.2f} s)")
    print(f"accepted: {len(tally.receipts)}")
    print(f"errors: {tally.errors}" + (f" {dict(sorted(tally.kinds.items()))}" if tally.kinds else ""))
    print(f"stored: {len(stored)} (of which not shown on a receipt: {len(stored - shown)})")
    print(f"duplicate_receipts_shown: {len(tally.receipts) - len(shown)}")
    print(f"lost: {len(lost)}" + (f" {lost[:5]}" if lost else ""))
    return len(tally.receipts) / elapsed, len(lost)


def _kill_and_restart(server: Server, base: str, tally: Tally) -> None:
    began = time.monotonic()
    server.kill()
    server.start()
    _wait_up(base, "/iken/")
    tally.outage = time.monotonic() - began


if __name__ == "__main__":
    sys.exit(main())
