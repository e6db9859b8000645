"""A seeded mutator of the CLI's input files and a guarded in-process runner of ``pia``.

``mutated_files(rng, folder)`` writes mutated copies of the examples (評価書 of every form, a
概要版 input, a 日程表) — data-level mutations (a value replaced by a nasty one, a key dropped
or renamed, an element duplicated, deep nesting …) and text-level ones (truncation, inserted
characters, YAML aliases and tags, huge numbers) — and ``command(rng, files, folder)`` picks a
command line over them. ``run_guarded(argv)`` runs ``pia`` in this process with ``PIA_DEBUG``
set (an unexpected exception propagates instead of becoming the generic message) under a
timeout of ``LIMIT_SECONDS`` of CPU time (SIGPROF; SIGALRM after ``WALL_SECONDS`` as a backstop).

Run it on its own for a longer search: ``python tests/pia/cli/fuzz_support.py 5000 [seed] [pdf]``
(prints the first failure of each kind and a count per kind; nothing when every run passed).
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import os
import random
import signal
import sys
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from pia.cli import main
from pia.inputs import parse_yaml

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples"
DOCUMENTS = (
    "jumin-kihon-daicho-v1.yaml",
    "jumin-kihon-daicho-v2.yaml",
    "jido-teate-focused.yaml",
    "jumin-kihon-daicho-basic.yaml",
    "boshi-hoken-basic.yaml",
)
SUMMARY = "jumin-kihon-daicho-summary.yaml"
PLAN = [
    {"step": "パブリックコメント", "start": "R7年12月1日", "end": "R8年1月5日"},
    {"step": "第三者点検", "start": "R8年1月", "end": "R8年2月"},
    {"step": "提出", "start": "R8年3月"},
    {"step": "公表", "start": "R8年3月"},
]
RECORDS = {  # this round's procedure records (pia gate --records); documents by name, relative to it
    "consultation": {"period": {"start": "2025-12-01", "end": "2025-12-30"}, "consulted": "doc0.yaml"},
    "third_party_review": {"date": "令和8年2月10日", "result": "適合", "open": False},
    "submission": {"date": "2026-03-02", "submitted": "doc1.json"},
    "publication": {"date": "2026-04-01"},
}
LIMIT_SECONDS = 5.0  # of CPU time per run
WALL_SECONDS = 60.0  # backstop: a run that hangs
MAX_INPUT = 1024 * 1024  # inputs above this are not generated (the 5 s bound is for ≤ 1 MB)


class TooSlow(Exception):
    pass


def _deep_list(depth: int) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = [value]
    return value


def _deep_dict(depth: int) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = {"a": value}
    return value


NASTY: tuple[Callable[[random.Random], Any], ...] = (
    lambda r: None,
    lambda r: True,
    lambda r: 0,
    lambda r: -(10 ** r.randint(1, 40)),
    lambda r: 10**45,
    lambda r: 1.5,
    lambda r: 1e300,
    lambda r: "",
    lambda r: " ",
    lambda r: "x" * r.choice([1, 300, 5000, 60000]),
    lambda r: "制御\x00\x01\x08\x0b\x0c\x1b\x7f\x85\ufffe文字",
    lambda r: "改行\r\n\u2028\u2029タブ\t",
    lambda r: "#set page(width: 1cm) *x* $y$ <l> @r \\ ]] }} ={A1}",
    lambda r: "<script>alert(1)</script>&amp;",
    lambda r: "令和99年13月45日",
    lambda r: "2025-02-30",
    lambda r: "R7.12.1",
    lambda r: "9999-12-31",
    lambda r: "0001-01-01",
    lambda r: [],
    lambda r: {},
    lambda r: ["a"],
    lambda r: [["a"]],
    lambda r: [{"a": 1, "b": 2}],
    lambda r: [None, 1, {"x": []}],
    lambda r: {"start": ["x"], "end": {"y": 1}},
    lambda r: {"start": "2026-01-01", "end": "2025-01-01"},
    lambda r: {"id": ["x"]},
    lambda r: {"id": None},
    lambda r: [{"id": "dup"}, {"id": "dup"}],
    lambda r: [{"id": 1}, {"id": 1.5}, {"id": True}],
    lambda r: [{"no_id": "x"}],
    lambda r: _deep_list(r.choice([30, 39, 45, 200])),
    lambda r: _deep_dict(r.choice([30, 39, 45, 200])),
    lambda r: [{"id": f"e{n}"} for n in range(r.choice([50, 2000]))],
    lambda r: ["その他", {"その他": ["x"]}, {"": ""}, {"その他": None}],
)

TEXT_SNIPPETS = (
    "&a ",
    "*a",
    "<<: *a\n",
    "!!python/object:os.system ",
    "!!binary aGk=",
    "!!set {a}",
    "!!timestamp 2025-01-01",
    "!local ",
    "? [a]\n: b\n",
    "\t",
    "\x00",
    "\x1b",
    "\ufeff",
    "'",
    '"',
    "[",
    "{",
    "}",
    "- ",
    ": ",
    "\n  - \n",
    "9" * 5000,
    "-9" + "9" * 60,
    ".nan",
    "-.inf",
    "0x" + "f" * 80,
    "1e99999",
    '"\\ud800"',
    "[" * 2000,
    "[" * 900 + "]" * 900,
    "a: &x [1]\nb: *x\n",
)


def _bomb() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for n in range(1, 10):
        name = f"l{n}"
        lines.append(f"{name}: &{name} [" + ",".join(f"*{previous}" for _ in range(9)) + "]")
        previous = name
    return "\n".join(lines)


def _paths(value: Any) -> Iterator[tuple[Any, ...]]:
    stack: list[tuple[Any, tuple[Any, ...]]] = [(value, ())]
    while stack:
        node, prefix = stack.pop()
        yield prefix
        if len(prefix) > 60:
            continue
        if isinstance(node, dict):
            stack.extend((child, (*prefix, key)) for key, child in node.items())
        elif isinstance(node, list):
            stack.extend((child, (*prefix, n)) for n, child in enumerate(node))


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path[:-1]:
        data = data[step]
    return data


def mutate_data(rng: random.Random, data: Any) -> Any:
    """A few random data-level mutations of ``data`` (a deep copy is changed)."""
    data = copy.deepcopy(data)
    for _ in range(rng.choice([1, 1, 2, 3, 6])):
        paths = [p for p in _paths(data) if p]
        if not paths:
            return rng.choice(NASTY)(rng)
        path = rng.choice(paths)
        parent = _parent(data, path)
        key = path[-1]
        action = rng.random()
        if action < 0.6:
            parent[key] = rng.choice(NASTY)(rng)
        elif action < 0.7 and isinstance(parent, dict):
            del parent[key]
        elif action < 0.8 and isinstance(parent, dict):
            parent[rng.choice(["unknown.item", "id", "", "II.file.1", "values", "1"])] = parent.pop(key)
        elif action < 0.9 and isinstance(parent, list):
            parent.insert(rng.randrange(len(parent) + 1), copy.deepcopy(parent[key]))
        elif isinstance(parent, list):
            parent.reverse()
        else:
            parent[key] = rng.choice(NASTY)(rng)
    return data


def mutate_text(rng: random.Random, text: str) -> str:
    action = rng.random()
    if action < 0.25:
        return text[: rng.randrange(len(text) + 1)]
    if action < 0.85:
        for _ in range(rng.choice([1, 1, 2, 4])):
            at = rng.randrange(len(text) + 1)
            text = text[:at] + rng.choice(TEXT_SNIPPETS) + text[at:]
        return text
    if action < 0.95:
        return text.replace(
            "values:", "bomb:\n" + "\n".join("  " + line for line in _bomb().splitlines()) + "\nvalues:"
        )
    return _bomb()


def dump(rng: random.Random, data: Any, suffix: str) -> str:
    try:
        if suffix == ".json":
            return json.dumps(data, ensure_ascii=rng.random() < 0.5)
        try:
            return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        except (yaml.YAMLError, UnicodeEncodeError, RecursionError):
            return json.dumps(data)  # JSON is YAML
    except RecursionError:
        return "[" * 900 + "]" * 900


@dataclass(frozen=True)
class Files:
    documents: list[Path]
    seeds: list[Path]  # unmutated examples
    summary: Path
    plan: Path
    records: Path


def _seed_data() -> dict[str, Any]:
    loaded = {name: parse_yaml((EXAMPLES / name).read_text(encoding="utf-8")) for name in (*DOCUMENTS, SUMMARY)}
    loaded["plan"] = PLAN
    loaded["records"] = RECORDS
    return loaded


SEEDS = _seed_data()


def _mutated(rng: random.Random, data: Any, folder: Path, stem: str, suffixes: tuple[str, ...]) -> Path:
    suffix = rng.choice(suffixes)
    text = dump(rng, mutate_data(rng, data) if rng.random() < 0.7 else data, suffix)
    if rng.random() < 0.35:
        text = mutate_text(rng, text)
    path = folder / f"{stem}{suffix}"
    path.write_text(text[:MAX_INPUT], encoding="utf-8", errors="surrogatepass")
    return path


def mutated_files(rng: random.Random, folder: Path) -> Files:
    documents = [_mutated(rng, SEEDS[name], folder, f"doc{n}", (".yaml", ".json")) for n, name in enumerate(DOCUMENTS)]
    seeds = []
    for name in DOCUMENTS:
        seeds.append(folder / f"seed-{name}")
        seeds[-1].write_text((EXAMPLES / name).read_text(encoding="utf-8"), encoding="utf-8")
    summary = _mutated(rng, SEEDS[SUMMARY], folder, "summary", (".yaml", ".yaml", ".json"))
    plan = _mutated(rng, SEEDS["plan"], folder, "plan", (".yaml", ".json"))
    records = _mutated(rng, SEEDS["records"], folder, "records", (".yaml", ".json"))
    return Files(documents, seeds, summary, plan, records)


def command(rng: random.Random, files: Files, folder: Path, pdf: bool = False) -> list[str]:
    """One command line over the files (PDF output only when ``pdf``: typst is the slow part)."""
    doc = str(rng.choice(files.documents))
    full_old, full_new = str(files.documents[0]), str(files.documents[1])
    seed_old = str(files.seeds[0])
    pair = rng.choice([[full_old, full_new], [seed_old, full_new], [full_old, str(files.seeds[1])], [doc, doc]])
    out = folder / "out"
    formats = ["html", "xlsx", "docx", *(["pdf"] if pdf else [])]
    choices: list[Callable[[], list[str]]] = [
        lambda: ["validate", doc, "--level", rng.choice(["draft", "submit", "publish"])],
        lambda: ["validate", doc, "--json", "--pending", "consultation"],
        lambda: ["show", doc, *(["--all"] if rng.random() < 0.5 else [])],
        lambda: ["diff", *pair, *(["--json"] if rng.random() < 0.5 else [])],
        lambda: ["changes", *pair, "--json"],
        lambda: ["changes", *pair, "--fill", "-o", str(out.with_suffix(rng.choice([".yaml", ".json"])))],
        lambda: ["changes", *pair, "--format", "xlsx", "-o", str(out.with_suffix(".xlsx"))],
        lambda: ["summary", *pair, "--input", str(files.summary)],
        lambda: [
            "summary",
            *pair,
            "--input",
            str(files.summary),
            "-o",
            str(out.with_suffix("." + rng.choice(["md", "html", "docx", *(["pdf"] if pdf else [])]))),
        ],
        lambda: ["render", doc, "-o", str(out.with_suffix("." + rng.choice(formats))), "--public"],
        lambda: ["render", full_new, "--changes-from", full_old, "-o", str(out.with_suffix("." + rng.choice(formats)))],
        lambda: ["threshold", doc],
        lambda: ["threshold", doc, "--json"],
        lambda: ["deadlines", doc, "--on", "2026-06-01"],
        lambda: ["deadlines", doc, "--json"],
        lambda: ["plan", "--check", str(files.plan), "--effective", "2026-04-01"],
        lambda: ["plan", "--check", str(files.plan), "--json"],
        lambda: [
            "gate",
            *pair,
            "--records",
            str(files.records),
            "--stage",
            rng.choice(["review", "submit", "publish"]),
        ],
        lambda: ["gate", "-", doc, "--json"],
    ]
    return rng.choice(choices)()


@dataclass(frozen=True)
class Outcome:
    argv: list[str]
    code: int | None
    stdout: str
    stderr: str
    error: str = ""  # a traceback, or the timeout

    @property
    def problem(self) -> str:
        if self.error:
            return self.error
        if self.code not in (0, 1, 2):
            return f"exit code {self.code}"
        if "予期しない問題" in self.stderr or "Traceback" in self.stderr:
            return self.stderr
        return ""


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """TooSlow after ``seconds`` of CPU time (SIGPROF: a loaded machine does not make a run fail)
    or ``WALL_SECONDS`` of wall-clock time (SIGALRM: a run that waits forever)."""

    def expired(signum: int, frame: object) -> None:
        clock = "CPU" if signum == signal.SIGPROF else "wall-clock"
        raise TooSlow(f"over {seconds if signum == signal.SIGPROF else WALL_SECONDS} s of {clock} time")

    previous = {sig: signal.signal(sig, expired) for sig in (signal.SIGPROF, signal.SIGALRM)}
    signal.setitimer(signal.ITIMER_PROF, seconds)
    signal.setitimer(signal.ITIMER_REAL, WALL_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.setitimer(signal.ITIMER_REAL, 0)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def run_guarded(argv: list[str], seconds: float = LIMIT_SECONDS) -> Outcome:
    """``pia argv`` in this process: exit code, output, and a traceback if anything escaped."""
    out, err = io.StringIO(), io.StringIO()
    previous = os.environ.get("PIA_DEBUG")
    os.environ["PIA_DEBUG"] = "1"
    try:
        with _alarm(seconds), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
    except SystemExit as exc:  # argparse: exit 2 with its usage message
        code = exc.code if isinstance(exc.code, int) else 2
    except BaseException:
        return Outcome(argv, None, out.getvalue(), err.getvalue(), traceback.format_exc(limit=-6))
    finally:
        if previous is None:
            os.environ.pop("PIA_DEBUG", None)
        else:
            os.environ["PIA_DEBUG"] = previous
    return Outcome(argv, code, out.getvalue(), err.getvalue())


def search(runs: int, seed: int, folder: Path, pdf: bool = False) -> Iterator[tuple[Outcome, Files]]:
    rng = random.Random(seed)
    for n in range(runs):
        case = folder / f"case{n % 50}"
        case.mkdir(exist_ok=True)
        files = mutated_files(rng, case)
        yield run_guarded(command(rng, files, case, pdf)), files


if __name__ == "__main__":  # pragma: no cover - exploration
    import collections
    import tempfile

    runs, seed = int(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 1
    with_pdf = "pdf" in sys.argv[3:]
    kinds: collections.Counter[str] = collections.Counter()
    with tempfile.TemporaryDirectory() as tmp:
        for outcome, _ in search(runs, seed, Path(tmp), pdf=with_pdf):
            if outcome.problem:
                last = outcome.problem.strip().splitlines()[-1]
                if kinds[last] == 0:
                    print("=" * 80, "\n", outcome.argv[0], outcome.argv, "\n", outcome.problem[-1500:])
                kinds[last] += 1
    for kind, count in kinds.most_common():
        print(count, kind)
