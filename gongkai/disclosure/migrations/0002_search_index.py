"""The vendor-specific half of the search index (see gongkai/disclosure/search/backends.py).

SQLite: an FTS5 table whose content is disclosure_searchentry (rowid = its key, the publication
order), kept in step by triggers (so that
Django's flush, which deletes from the model's table, empties the index too). Any later migration
that makes Django rebuild disclosure_searchentry on SQLite must re-create these triggers.
PostgreSQL: a tsvector column written by the application, with a GIN index (0003 adds `rank_vector`)."""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE disclosure_search_fts USING fts5("
    "title_tokens, body_tokens, facets, content='disclosure_searchentry', content_rowid='key', "
    "tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER disclosure_searchentry_ai AFTER INSERT ON disclosure_searchentry BEGIN "
    "INSERT INTO disclosure_search_fts(rowid, title_tokens, body_tokens, facets) "
    "VALUES (new.key, new.title_tokens, new.body_tokens, new.facets); END",
    "CREATE TRIGGER disclosure_searchentry_ad AFTER DELETE ON disclosure_searchentry BEGIN "
    "INSERT INTO disclosure_search_fts(disclosure_search_fts, rowid, title_tokens, body_tokens, facets) "
    "VALUES ('delete', old.key, old.title_tokens, old.body_tokens, old.facets); END",
    "CREATE TRIGGER disclosure_searchentry_au AFTER UPDATE ON disclosure_searchentry BEGIN "
    "INSERT INTO disclosure_search_fts(disclosure_search_fts, rowid, title_tokens, body_tokens, facets) "
    "VALUES ('delete', old.key, old.title_tokens, old.body_tokens, old.facets); "
    "INSERT INTO disclosure_search_fts(rowid, title_tokens, body_tokens, facets) "
    "VALUES (new.key, new.title_tokens, new.body_tokens, new.facets); END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS disclosure_searchentry_au",
    "DROP TRIGGER IF EXISTS disclosure_searchentry_ad",
    "DROP TRIGGER IF EXISTS disclosure_searchentry_ai",
    "DROP TABLE IF EXISTS disclosure_search_fts",
]
POSTGRES_FORWARD = [
    "ALTER TABLE disclosure_searchentry ADD COLUMN vector tsvector NOT NULL DEFAULT ''::tsvector",
    "CREATE INDEX disclosure_searchentry_vector ON disclosure_searchentry USING gin (vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS disclosure_searchentry_vector",
    "ALTER TABLE disclosure_searchentry DROP COLUMN IF EXISTS vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
