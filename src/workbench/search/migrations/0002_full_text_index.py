"""The database's own full-text index over ``search_entry.tokens`` (ADR 0022).

SQLite: an external-content FTS5 table over the tokens and the organisation's token (tokenizer
``ascii``: the bigrams are separated by spaces, every non-ASCII character is a token character),
kept in step by triggers. PostgreSQL: a generated ``tsvector`` column of the same (configuration
``simple``: no stemming, no stop words) with a GIN index."""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE search_entry_fts USING fts5("
    "tokens, scope, content='search_entry', content_rowid='id', tokenize='ascii')",
    "CREATE TRIGGER search_entry_ai AFTER INSERT ON search_entry BEGIN "
    "INSERT INTO search_entry_fts(rowid, tokens, scope) VALUES (new.id, new.tokens, new.scope); END",
    "CREATE TRIGGER search_entry_ad AFTER DELETE ON search_entry BEGIN "
    "INSERT INTO search_entry_fts(search_entry_fts, rowid, tokens, scope) "
    "VALUES ('delete', old.id, old.tokens, old.scope); END",
    "CREATE TRIGGER search_entry_au AFTER UPDATE OF tokens, scope ON search_entry BEGIN "
    "INSERT INTO search_entry_fts(search_entry_fts, rowid, tokens, scope) "
    "VALUES ('delete', old.id, old.tokens, old.scope); "
    "INSERT INTO search_entry_fts(rowid, tokens, scope) VALUES (new.id, new.tokens, new.scope); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER search_entry_au",
    "DROP TRIGGER search_entry_ad",
    "DROP TRIGGER search_entry_ai",
    "DROP TABLE search_entry_fts",
]
POSTGRES = [
    "ALTER TABLE search_entry ADD COLUMN tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, tokens || ' ' || scope)) STORED",
    "CREATE INDEX search_entry_tsv ON search_entry USING gin (tsv)",
]
POSTGRES_REVERSE = ["DROP INDEX search_entry_tsv", "ALTER TABLE search_entry DROP COLUMN tsv"]


def _run(statements: dict[str, list[str]]):
    def run(apps, schema_editor) -> None:
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_entry")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        )
    ]
