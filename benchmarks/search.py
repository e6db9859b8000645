"""Japanese full-text search: which engine (ADR 0022).

A generated corpus of 評価書 (the examples' items, with varied values: the body's name, 委託先,
numbers, sentences drawn from the examples' own vocabulary, some ｶﾅ in half width), one row per
filled item, 20 評価書 per organisation. For each engine: the indexing rate (評価書/s: the
normalisation and tokenisation in Python plus the inserts with the index in place, as on a save)
and the query time of 2-, 3- and 6+-character terms (the count of hits and the 20 best), within
one organisation (the staff search) and across all (the public search), p50/p95, and the ratio
against a plain ``LIKE '%…%'`` scan of the normalised text measured in the same run.

Engines on SQLite (always): ``like``, FTS5 ``trigram`` (``LIKE`` on the FTS table for 2-character
terms, which the trigram tokenizer cannot index), FTS5 over our bigrams (``bigram``). On
PostgreSQL (when ``DATABASE_URL`` names one; a scratch schema, dropped afterwards): ``like``,
``pg_trgm`` (GIN ``gin_trgm_ops``, ``LIKE``), ``tsvector`` over our bigrams (GIN).

    python benchmarks/search.py [--count 500] [--runs 20] [--sqlite-only | --postgres-only] [--experiment]

``--experiment`` adds, on PostgreSQL, trigrams in a second ``tsvector`` beside the bigrams.

Goal: p95 <= 50 ms for every query length, indexing >= 200 評価書/s."""

from __future__ import annotations

import argparse
import os
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from pia.document import load_document  # noqa: E402
from pia.document.access import labels_with  # noqa: E402
from pia.document.display import display_value  # noqa: E402
from pia.document.walk import walk  # noqa: E402
from pia.forms import get_form  # noqa: E402
from workbench.search.text import Query, bigrams, normalized, parse_query  # noqa: E402

EXAMPLES = [
    "jumin-kihon-daicho-v2.yaml",
    "jumin-kihon-daicho-v1.yaml",
    "jido-teate-focused.yaml",
    "boshi-hoken-basic.yaml",
    "jumin-kihon-daicho-basic.yaml",
]
PER_ORGANISATION = 20
QUERIES = {
    "2文字": ["委託", "住基", "暗号"],
    "3文字": ["委託先", "ネット", "本人確", "ｲﾀｸ"],  # ｲﾀｸ: 3 characters after NFKC (イタク)
    "6文字以上": ["住民基本台帳ネットワーク", "特定個人情報ファイル", "アクセスログ"],
}
GOAL_P95_MS = 50.0
GOAL_RATE = 200.0
TOP = 20

Row = tuple[int, int, int, str, str, str, str, str]  # id, organisation, 評価書, label, text, norm, tokens, scope


@dataclass(frozen=True)
class Item:
    label: str
    text: str


def example_items(name: str) -> list[Item]:
    document = load_document(ROOT / "examples" / name)
    template = get_form(document.form, document.edition)
    items = []
    for occurrence in walk(document, template):
        if occurrence.is_element or not occurrence.item.kind.holds_value:
            continue
        text = display_value(occurrence.item, occurrence.value)
        if text.strip():
            items.append(Item(labels_with(template, occurrence.path, {}), text))
    return items


CITIES = ["熊本市", "札幌市", "仙台市", "横浜市", "静岡県", "大阪府", "那覇市", "高知県", "富山市", "松江市"]
VENDORS = ["株式会社ＡＢＣシステム", "ｶﾌﾞｼｷｶﾞｲｼｬ情報サービス", "一般財団法人地方自治情報センター", "株式会社北斗計算"]


def corpus(count: int, seed: int = 17) -> Iterator[list[Item]]:
    """``count`` 評価書: an example in turn, its values varied per 評価書."""
    bases = [example_items(name) for name in EXAMPLES]
    vocabulary = sorted(
        {word for items in bases for item in items for word in item.text.split("、") if 2 <= len(word) <= 30}
    )
    rng = random.Random(seed)
    for n in range(count):
        city, vendor = CITIES[n % len(CITIES)], VENDORS[rng.randrange(len(VENDORS))]
        varied = []
        for item in bases[n % len(bases)]:
            text = item.text.replace("熊本市", city).replace("○○市", city)
            if rng.random() < 0.15:
                text += "。" + "、".join(rng.sample(vocabulary, 3)) + f"(第{rng.randrange(1, 999)}号、{vendor})"
            varied.append(Item(item.label, text))
        yield varied


def rows_of(assessments: Iterable[list[Item]]) -> Iterator[list[Row]]:
    row_id = 0
    for n, items in enumerate(assessments):
        batch = []
        for item in items:
            row_id += 1
            norm = normalized(item.text)
            organisation = n // PER_ORGANISATION
            batch.append(
                (
                    row_id,
                    organisation,
                    n,
                    item.label,
                    item.text,
                    norm,
                    " ".join(bigrams(norm)),
                    scope_token(organisation),
                )
            )
        yield batch


# --- engines -------------------------------------------------------------------------------


class Engine:
    name = ""
    baseline = False

    def setup(self) -> None: ...
    def insert(self, rows: list[Row]) -> None: ...
    def search(self, query: Query, organisation: int | None) -> tuple[int, list[int]]: ...
    def settle(self) -> None:
        """After the load, what the database's own maintenance would do before people search."""

    def close(self) -> None: ...


def scope_token(organisation: int) -> str:
    """The organisation as a token no bigram can equal (bigrams have 2 characters)."""
    return f"org{organisation}"


def fts5_phrases(query: Query) -> str:
    return " AND ".join('"' + " ".join(phrase) + '"' for phrase in query.phrases)


def tsquery(query: Query) -> str:
    return " & ".join("(" + " <-> ".join(phrase) + ")" for phrase in query.phrases)


def like_patterns(query: Query) -> list[str]:
    return [f"%{term}%" for term in query.terms]


class SqliteEngine(Engine):
    """One scratch database file per engine; ``rows`` holds what every engine stores."""

    def __init__(self, directory: str) -> None:
        self.db = sqlite3.connect(os.path.join(directory, f"{self.name}.sqlite3"), isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")

    def setup(self) -> None:
        self.db.execute(
            "CREATE TABLE rows (id INTEGER PRIMARY KEY, org INTEGER, doc INTEGER, label TEXT, text TEXT,"
            " norm TEXT, tokens TEXT, scope TEXT)"
        )
        self.db.execute("CREATE INDEX rows_org ON rows (org)")

    def insert(self, rows: list[Row]) -> None:
        self.db.execute("BEGIN")
        self.db.executemany("INSERT INTO rows VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        self.db.execute("COMMIT")

    def close(self) -> None:
        self.db.close()

    def run(
        self, where: str, params: list[object], organisation: int | None, order: str = "rows.id"
    ) -> tuple[int, list[int]]:
        scope, extra = ("AND rows.org = ?", [organisation]) if organisation is not None else ("", [])
        count = self.db.execute(
            f"SELECT count(*) FROM {self.source} WHERE {where} {scope}", [*params, *extra]
        ).fetchone()[0]
        top = self.db.execute(
            f"SELECT rows.id FROM {self.source} WHERE {where} {scope} ORDER BY {order} LIMIT {TOP}", [*params, *extra]
        ).fetchall()
        return count, [r[0] for r in top]

    source = "rows"


class SqliteLike(SqliteEngine):
    name, baseline = "like", True

    def search(self, query: Query, organisation: int | None) -> tuple[int, list[int]]:
        patterns = like_patterns(query)
        return self.run(" AND ".join("rows.norm LIKE ?" for _ in patterns), list(patterns), organisation)


class SqliteTrigram(SqliteEngine):
    name = "fts5 trigram"
    source = "tri CROSS JOIN rows ON rows.id = tri.rowid"  # the FTS table drives

    def setup(self) -> None:
        super().setup()
        self.db.execute(
            "CREATE VIRTUAL TABLE tri USING fts5(norm, content='rows', content_rowid='id', tokenize='trigram')"
        )
        self.db.execute(
            "CREATE TRIGGER rows_ai AFTER INSERT ON rows BEGIN"
            " INSERT INTO tri(rowid, norm) VALUES (new.id, new.norm); END"
        )

    def search(self, query: Query, organisation: int | None) -> tuple[int, list[int]]:
        long = [t for t in query.terms if len(t) >= 3]
        short = [t for t in query.terms if len(t) < 3]
        where, params = [], []
        if long:
            where.append("tri MATCH ?")
            params.append(" AND ".join(f'"{t}"' for t in long))
        for term in short:  # the trigram tokenizer cannot index a 2-character term: a scan
            where.append("tri.norm LIKE ?")
            params.append(f"%{term}%")
        order = "tri.rank" if long else "rows.id"
        return self.run(" AND ".join(where), params, organisation, order)


class SqliteBigram(SqliteEngine):
    """Our bigrams in FTS5, the organisation a token of its own column: a staff search is one
    ``MATCH`` (``org12 AND "委託 託先"``), intersected inside the index; no join, no ranking (hits
    in printed order, as the search page lists them)."""

    name = "fts5 bigram"

    def setup(self) -> None:
        super().setup()
        self.db.execute(
            "CREATE VIRTUAL TABLE bi USING fts5(tokens, scope, content='rows', content_rowid='id', tokenize='ascii')"
        )
        self.db.execute(
            "CREATE TRIGGER rows_ai AFTER INSERT ON rows BEGIN"
            " INSERT INTO bi(rowid, tokens, scope) VALUES (new.id, new.tokens, new.scope); END"
        )

    def search(self, query: Query, organisation: int | None) -> tuple[int, list[int]]:
        match = fts5_phrases(query)
        if organisation is not None:
            match = f"{scope_token(organisation)} AND {match}"
        count = self.db.execute("SELECT count(*) FROM bi WHERE bi MATCH ?", [match]).fetchone()[0]
        top = self.db.execute(f"SELECT rowid FROM bi WHERE bi MATCH ? ORDER BY rowid LIMIT {TOP}", [match]).fetchall()
        return count, [r[0] for r in top]


class PostgresEngine(Engine):
    def __init__(self, url: str) -> None:
        import psycopg

        self.db = psycopg.connect(url, autocommit=True)
        self.schema = f"bench_search_{re.sub(r'[^a-z0-9]+', '_', self.name)}_{os.getpid()}"

    def setup(self) -> None:
        self.db.execute(f"CREATE SCHEMA {self.schema}")
        self.db.execute(f"SET search_path TO {self.schema}, public")
        self.db.execute(
            "CREATE TABLE rows (id bigint PRIMARY KEY, org integer, doc integer, label text, text text,"
            " norm text, tokens text, scope text)"
        )
        self.db.execute("CREATE INDEX rows_org ON rows (org)")

    def insert(self, rows: list[Row]) -> None:
        copying = "COPY rows (id, org, doc, label, text, norm, tokens, scope) FROM STDIN"
        with self.db.transaction(), self.db.cursor() as cursor, cursor.copy(copying) as copy:
            for row in rows:
                copy.write_row(row)

    def settle(self) -> None:
        self.db.execute("VACUUM ANALYZE rows")  # autovacuum's work: statistics, the GIN pending list

    def close(self) -> None:
        self.db.execute(f"DROP SCHEMA {self.schema} CASCADE")
        self.db.close()

    def run(
        self, where: str, params: list[object], organisation: int | None, order: str = "id"
    ) -> tuple[int, list[int]]:
        scope, extra = ("AND org = %s", [organisation]) if organisation is not None else ("", [])
        count = self.db.execute(f"SELECT count(*) FROM rows WHERE {where} {scope}", [*params, *extra]).fetchone()[0]
        top = self.db.execute(
            f"SELECT id FROM rows WHERE {where} {scope} ORDER BY {order} LIMIT {TOP}", [*params, *extra]
        ).fetchall()
        return count, [r[0] for r in top]


class PostgresLike(PostgresEngine):
    name, baseline = "like", True

    def search(self, query: Query, organisation: int | None) -> tuple[int, list[int]]:
        patterns = like_patterns(query)
        return self.run(" AND ".join("norm LIKE %s" for _ in patterns), list(patterns), organisation)


class PostgresTrigram(PostgresEngine):
    name = "pg_trgm"

    def setup(self) -> None:
        super().setup()
        self.db.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
        self.db.execute("CREATE INDEX rows_trgm ON rows USING gin (norm gin_trgm_ops)")

    def search(self, query: Query, organisation: int | None) -> tuple[int, list[int]]:
        patterns = like_patterns(query)
        return self.run(" AND ".join("norm LIKE %s" for _ in patterns), list(patterns), organisation)


class PostgresBigram(PostgresEngine):
    """The same in a ``tsvector`` (GIN): ``org12 & (委託 <-> 託先)``; hits in printed order."""

    name = "tsvector bigram"

    def setup(self) -> None:
        super().setup()
        self.db.execute(
            "ALTER TABLE rows ADD COLUMN tsv tsvector"
            " GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, tokens || ' ' || scope)) STORED"
        )
        self.db.execute("CREATE INDEX rows_tsv ON rows USING gin (tsv)")

    def search(self, query: Query, organisation: int | None) -> tuple[int, list[int]]:
        text = tsquery(query)
        if organisation is not None:
            text = f"{scope_token(organisation)} & {text}"
        count = self.db.execute("SELECT count(*) FROM rows WHERE tsv @@ to_tsquery('simple', %s)", [text]).fetchone()[0]
        top = self.db.execute(
            f"SELECT id FROM rows WHERE tsv @@ to_tsquery('simple', %s) ORDER BY id LIMIT {TOP}", [text]
        ).fetchall()
        return count, [r[0] for r in top]


class PostgresBiTrigram(PostgresEngine):
    """An experiment (ADR 0022, open): trigrams in a second ``tsvector`` beside the bigrams, so a
    term of 3 characters is one lexeme and a longer one a phrase of rarer trigrams; 2 characters
    still use the bigrams."""

    name = "tsvector bi+tri"

    def setup(self) -> None:
        super().setup()
        self.db.execute("ALTER TABLE rows ADD COLUMN trigrams text")
        self.db.execute(
            "ALTER TABLE rows ADD COLUMN tsv tsvector"
            " GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, tokens || ' ' || scope)) STORED"
        )
        self.db.execute(
            "ALTER TABLE rows ADD COLUMN tsv3 tsvector"
            " GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, coalesce(trigrams, '') || ' ' || scope)) STORED"
        )
        self.db.execute("CREATE INDEX rows_tsv ON rows USING gin (tsv)")
        self.db.execute("CREATE INDEX rows_tsv3 ON rows USING gin (tsv3)")

    def insert(self, rows: list[Row]) -> None:
        copying = "COPY rows (id, org, doc, label, text, norm, tokens, scope, trigrams) FROM STDIN"
        with self.db.transaction(), self.db.cursor() as cursor, cursor.copy(copying) as copy:
            for row in rows:
                norm = row[5]
                copy.write_row((*row, " ".join(norm[i : i + 3] for i in range(len(norm) - 2))))

    def search(self, query: Query, organisation: int | None) -> tuple[int, list[int]]:
        short = [t for t in query.terms if len(t) < 3]
        long = [t for t in query.terms if len(t) >= 3]
        scope = [scope_token(organisation)] if organisation is not None else []
        where, params = [], []
        if short:
            where.append("tsv @@ to_tsquery('simple', %s)")
            params.append(" & ".join([*scope, *("(" + " <-> ".join(bigrams(t)) + ")" for t in short)]))
        if long:
            phrases = ["(" + " <-> ".join(t[i : i + 3] for i in range(len(t) - 2)) + ")" for t in long]
            where.append("tsv3 @@ to_tsquery('simple', %s)")
            params.append(" & ".join([*scope, *phrases]))
        condition = " AND ".join(where)
        count = self.db.execute(f"SELECT count(*) FROM rows WHERE {condition}", params).fetchone()[0]
        top = self.db.execute(f"SELECT id FROM rows WHERE {condition} ORDER BY id LIMIT {TOP}", params).fetchall()
        return count, [r[0] for r in top]


# --- measuring -----------------------------------------------------------------------------


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def timed(func: Callable[[], object]) -> float:
    start = time.perf_counter()
    func()
    return (time.perf_counter() - start) * 1000


def check_counts(engine: Engine, queries: dict[str, list[Query]], organisations: int, expected: dict) -> list[str]:
    """Every engine must find what the LIKE scan finds (the first engine, the baseline, sets it)."""
    wrong = []
    for group_queries in queries.values():
        for query in group_queries:
            for organisation in (None, 0, organisations - 1):
                count = engine.search(query, organisation)[0]
                key = (" ".join(query.terms), organisation)
                if expected.setdefault(key, count) != count:
                    wrong.append(f"{key[0]}@{organisation}: {count} (LIKE {expected[key]})")
    return wrong


def measure(engines: list[Engine], count: int, runs: int, seed: int) -> None:
    start = time.perf_counter()
    batches = list(rows_of(corpus(count, seed)))
    tokenising = time.perf_counter() - start
    total_rows = sum(len(b) for b in batches)
    print(f"corpus: {count} 評価書, {total_rows} rows, {count // PER_ORGANISATION or 1} organisations")
    print(f"tokenising (NFKC + bigrams, Python): {count / tokenising:.0f} 評価書/s")
    organisations = max(1, count // PER_ORGANISATION)
    queries = {group: [parse_query(q) for q in terms] for group, terms in QUERIES.items()}
    results: dict[str, dict[tuple[str, str], tuple[float, float]]] = {}
    expected: dict[tuple[str, int | None], int] = {}
    for engine in engines:
        engine.setup()
        start = time.perf_counter()
        for batch in batches:  # one 評価書 per transaction, as on a save
            engine.insert(batch)
        inserting = time.perf_counter() - start
        engine.settle()
        rate = count / (tokenising + inserting)
        print(
            f"\n[{engine.name}] indexing {rate:.0f} 評価書/s (inserts {inserting:.1f} s)",
            "ok" if rate >= GOAL_RATE else "under goal",
        )
        rng = random.Random(seed)
        results[engine.name] = {}
        wrong = check_counts(engine, queries, organisations, expected)
        print(f"  hits differing from the LIKE scan: {wrong or 'none'}")
        for scope in ("one organisation", "all"):
            for group, group_queries in queries.items():
                samples = []
                for query in group_queries:
                    engine.search(query, 0)  # warm
                    for _ in range(runs):
                        organisation = rng.randrange(organisations) if scope != "all" else None
                        samples.append(timed(lambda e=engine, q=query, o=organisation: e.search(q, o)))
                p50, p95 = statistics.median(samples), percentile(samples, 95)
                results[engine.name][(scope, group)] = (p50, p95)
                goal = "ok" if p95 <= GOAL_P95_MS else "over goal"
                print(f"  {scope:16} {group:8} p50 {p50:8.2f} ms  p95 {p95:8.2f} ms  {goal}")
        engine.close()
    baseline = next((e.name for e in engines if e.baseline), None)
    if baseline:
        print(f"\nratio of p95 against {baseline} (same run; < 1 is faster):")
        for name, figures in results.items():
            if name == baseline:
                continue
            cells = [
                f"{scope[:3]}/{group} {p95 / results[baseline][(scope, group)][1]:.2f}"
                for (scope, group), (_, p95) in figures.items()
            ]
            print(f"  {name:16} " + "  ".join(cells))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500, help="評価書 in the corpus (default 500)")
    parser.add_argument("--runs", type=int, default=20, help="runs of each query (default 20)")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--postgres-only", action="store_true")
    parser.add_argument("--experiment", action="store_true", help="also bigrams + trigrams on PostgreSQL")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    with tempfile.TemporaryDirectory(prefix="pia-search-bench-") as directory:
        if not args.postgres_only:
            print("== SQLite", sqlite3.sqlite_version)
            measure(
                [SqliteLike(directory), SqliteTrigram(directory), SqliteBigram(directory)],
                args.count,
                args.runs,
                args.seed,
            )
        if url.startswith("postgres") and not args.sqlite_only:
            print("\n== PostgreSQL")
            engines = [PostgresLike(url), PostgresTrigram(url), PostgresBigram(url)]
            if args.experiment:
                engines.append(PostgresBiTrigram(url))
            measure(engines, args.count, args.runs, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
