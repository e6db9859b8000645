"""Simultaneous saves on one 評価書: pairs of people editing different fields press 保存 together.

    .venv/bin/python -m workbench.contention [--pairs 50] [--workers 4]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pia_contention_test .venv/bin/python -m workbench.contention

Sets up a scratch ``var/`` (SQLite file, or the PostgreSQL database of ``DATABASE_URL``, which is
emptied first and so must be named for tests), loads the demo, starts gunicorn (sync workers, each
its own process and database connection), opens the same chapter of the demo 全項目評価書 for every
simulated person (two accounts, 作成者 and 管理者, one browser each), then sends all the saves at
the same moment. Pair *n* edits two different fields; pairs share fields once the form's
unconditional text items run out, so some saves merge and some meet a real conflict. Every
answer must be a save (302, and the latest version holds the typed text), or a page that shows
the typed text back (409 conflict, 503 busy, 422 input error). A 500, or a save whose text is
not there, is a failure."""

from __future__ import annotations

import argparse
import html
import http.cookiejar
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pia.forms import Kind, get_form
from workbench.loadtest import BASE_VERSION, csrf_token, free_port

PASSWORD = "contention-pass-123"
ACCOUNTS = ("sakusei", "kanri")  # 作成者 and 管理者 of 熊本市: both may edit
SHOWN_BACK = {409, 422, 503}


@dataclass
class Attempt:
    person: int
    section: str
    field: str
    value: str
    status: int = 0
    body: str = ""
    error: str = ""

    @property
    def shown_back(self) -> bool:
        return self.status in SHOWN_BACK and self.value in html.unescape(self.body)


@dataclass
class Report:
    attempts: list[Attempt]
    latest: dict[str, object]
    seconds: float
    backend: str
    server_log: str = ""  # the end of gunicorn's log (tracebacks of any 500)
    statuses: Counter[int] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self.statuses = Counter(a.status for a in self.attempts)

    @property
    def saved(self) -> list[Attempt]:
        return [a for a in self.attempts if a.status == 302 and self.latest.get(a.field) == a.value]

    @property
    def shown(self) -> list[Attempt]:
        return [a for a in self.attempts if a.shown_back]

    @property
    def lost(self) -> list[Attempt]:
        kept = {id(a) for a in self.saved + self.shown}
        return [a for a in self.attempts if id(a) not in kept]

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500 and status != 503)

    def lines(self) -> list[str]:
        statuses = ", ".join(f"{status}: {n}" for status, n in sorted(self.statuses.items()))
        return [
            f"{len(self.attempts) // 2} pairs of simultaneous saves on one 評価書 ({self.backend}), "
            f"{self.seconds:.1f} s",
            f"  answers by status: {statuses}",
            f"  saved (302, text in the latest version): {len(self.saved)}",
            f"  shown back (conflict / busy / input error page with the text): {len(self.shown)}",
            f"  500 answers: {self.server_errors}; text lost: {len(self.lost)}",
        ]


class Browser:
    """One person's browser on loopback: its own cookies, redirects not followed (a save is a 302)."""

    def __init__(self, base: str, session: http.cookiejar.Cookie | None = None, timeout: float = 120.0) -> None:
        self.base, self.timeout = base, timeout
        self.jar = http.cookiejar.CookieJar()
        if session is not None:
            self.jar.set_cookie(session)
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())

    def get(self, path: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, data: dict[str, str]) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode()
        return self._open(urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path}))

    def _open(self, request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")

    def login(self, username: str) -> http.cookiejar.Cookie:
        _, page = self.get("/login/")
        data = {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": csrf_token(page)}
        status, _ = self.post("/login/", data)
        session = next((c for c in self.jar if c.name == "sessionid"), None)
        if status != 302 or session is None:
            raise RuntimeError(f"login of {username} failed: {status}")
        return session


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def editable_fields() -> list[tuple[str, str]]:
    """(chapter, item) of every unconditional text item of the 全項目評価書 outside repeats: each can
    be posted alone, as the editor allows (inputs not posted keep their value)."""
    template = get_form("full")
    fields = []
    for top in template.items:
        for item in top.walk():
            chain = [item, *template.ancestors(item.id)]
            if item.kind is Kind.TEXT and not template.repeat_chain(item.id) and not any(i.when for i in chain):
                fields.append((top.id, item.id))
    return fields


def run(base: str, assessment: int, pairs: int) -> tuple[list[Attempt], float]:
    """Open the editor for every person, then send every save at once."""
    sessions = [Browser(base).login(name) for name in ACCOUNTS]
    fields = editable_fields()
    attempts = []
    for n in range(pairs):
        for side in (0, 1):  # the two of a pair never share a field; pairs do, once the fields run out
            section, item = fields[(2 * n + side) % len(fields)]
            attempts.append(Attempt(2 * n + side, section, item, f"同時保存の試験 第{n + 1}組の{'AB'[side]}さん"))
    browsers = [Browser(base, sessions[a.person % 2]) for a in attempts]
    forms = [_open_editor(b, assessment, a.section) for b, a in zip(browsers, attempts, strict=True)]
    start = threading.Barrier(len(attempts) + 1, timeout=600)
    threads = [
        threading.Thread(target=_save, args=(b, assessment, a, form, start))
        for b, a, form in zip(browsers, attempts, forms, strict=True)
    ]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return attempts, time.perf_counter() - began


def _open_editor(browser: Browser, assessment: int, section: str) -> dict[str, str]:
    status, page = browser.get(f"/assessments/{assessment}/edit/?section={section}")
    match = BASE_VERSION.search(page)
    if status != 200 or match is None:
        raise RuntimeError(f"the editor did not open: {status}")
    return {"csrfmiddlewaretoken": csrf_token(page), "base_version": match.group(1), "section": section, "op": "save"}


def _save(browser: Browser, assessment: int, attempt: Attempt, form: dict[str, str], start) -> None:
    start.wait()
    try:
        attempt.status, attempt.body = browser.post(
            f"/assessments/{assessment}/edit/", {**form, attempt.field: attempt.value}
        )
    except OSError as exc:  # a refused or dropped connection is an answer that lost the text
        attempt.error = repr(exc)


# ---------------------------------------------------------------------- scratch server


def prepare(env: dict[str, str]) -> int:
    """Migrate, load the demo; the pk of the demo 全項目評価書."""
    python = [sys.executable, "-m", "workbench"]
    subprocess.run([*python, "migrate", "--noinput", "-v0"], env=env, check=True)
    subprocess.run([*python, "load_demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    out = _django(env, "print(Assessment.objects.get(form='full', jimu__organization__name='熊本市').pk)")
    return int(out)


def latest_values(env: dict[str, str], assessment: int) -> dict[str, object]:
    code = f"print(json.dumps(Assessment.objects.get(pk={assessment}).latest_version().content['values']))"
    return dict(json.loads(_django(env, code)))


def _django(env: dict[str, str], code: str) -> str:
    script = "import django, json; django.setup(); from workbench.assessments.models import Assessment; " + code
    return subprocess.run([sys.executable, "-c", script], env=env, check=True, capture_output=True, text=True).stdout


def reset_postgres(url: str, *, create: bool = True) -> None:
    """Drop (and create again) the scratch database named in ``url``; refused unless it is named
    for tests, since everything in it is lost."""
    parsed = urllib.parse.urlparse(url)
    name = parsed.path.strip("/")
    if not re.search(r"(^|_)(bench|test|load|contention)(_|$)", name):
        raise SystemExit(
            f"データベース「{name}」は試験用の名前ではありません(pia_contention_test のようにしてください)。"
        )
    server = urllib.parse.urlunparse(parsed._replace(path="/postgres"))
    statements = [f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)']
    if create:
        statements.append(f"CREATE DATABASE \"{name}\" TEMPLATE template0 LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'")
    for sql in statements:
        subprocess.run(["psql", server, "-v", "ON_ERROR_STOP=1", "-qc", sql], check=True, capture_output=True)


def contend(pairs: int = 50, workers: int = 4, database_url: str = "") -> Report:
    """The whole run: scratch var/ and database, gunicorn, the saves, the latest version."""
    with tempfile.TemporaryDirectory(prefix="pia-contention-") as var:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.update({"PIA_VAR_DIR": var, "DEMO_PASSWORD": PASSWORD, "DJANGO_SETTINGS_MODULE": "workbench.settings"})
        env["PIA_HTTPS"] = "0"  # plain HTTP on loopback: cookies without Secure
        if database_url:
            reset_postgres(database_url)
            env["DATABASE_URL"] = database_url
        assessment = prepare(env)
        port = free_port()
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        log = Path(var) / "gunicorn.log"
        with log.open("w") as output:
            server = subprocess.Popen(
                [gunicorn, "workbench.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
                 "--timeout", "120", "--log-level", "warning"],
                env=env, stderr=output,
            )  # fmt: skip
            try:
                base = f"http://127.0.0.1:{port}"
                _wait_for(base)
                attempts, seconds = run(base, assessment, pairs)
            finally:
                server.terminate()
                server.wait(timeout=60)
        backend = "PostgreSQL" if database_url else "SQLite file"
        tail = "\n".join(line for line in log.read_text().splitlines() if not line.startswith("Conflict:"))[-4000:]
        latest = latest_values(env, assessment)
        if database_url:
            reset_postgres(database_url, create=False)
        return Report(attempts, latest, seconds, f"{backend}, {workers} gunicorn workers", tail)


def _wait_for(base: str) -> None:
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/login/", timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args(argv)
    report = contend(args.pairs, args.workers, os.environ.get("DATABASE_URL", ""))
    print("\n".join(report.lines()))
    return 1 if report.server_errors or report.lost else 0


if __name__ == "__main__":
    sys.exit(main())
