"""PostgreSQL search index, second form (search/backends.py PostgresBackend):

- a second, small tsvector per entry for ranking (the title and the opening body words). Existing
  entries get a copy of their full vector, which ranks the same words with more weight on the body;
  `gongkai disclosure reindex` writes the small one;
- both vectors in TOAST storage, so that rows are narrow;
- the GIN index over (vector, key), so that a key range (the newest entries) narrows a common word's
  matches inside the index. A scalar column in a GIN index needs the btree_gin extension: shipped
  with PostgreSQL (contrib) and "trusted" since PostgreSQL 13, so the database's owner may create
  it; otherwise a superuser runs `CREATE EXTENSION btree_gin` in the database first.

SQLite: nothing to do."""

from django.db import migrations

POSTGRES_FORWARD = [
    "ALTER TABLE disclosure_searchentry ADD COLUMN rank_vector tsvector NOT NULL DEFAULT ''::tsvector",
    # Both vectors go to TOAST storage (128 = the least PostgreSQL accepts), leaving rows of about
    # 80 bytes: finding the newest matches reads a few pages instead of the vectors.
    "ALTER TABLE disclosure_searchentry SET (toast_tuple_target = 128)",
    "UPDATE disclosure_searchentry SET rank_vector = vector",
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    "DROP INDEX IF EXISTS disclosure_searchentry_vector",
    # fastupdate off: no pending list of unsorted new entries, which every search would scan and
    # which makes the planner misjudge the index (publishing is rare; reads are what count).
    "CREATE INDEX disclosure_searchentry_vector_key ON disclosure_searchentry USING gin (vector, key) "
    "WITH (fastupdate = off)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS disclosure_searchentry_vector_key",
    "CREATE INDEX disclosure_searchentry_vector ON disclosure_searchentry USING gin (vector)",
    "ALTER TABLE disclosure_searchentry RESET (toast_tuple_target)",
    "ALTER TABLE disclosure_searchentry DROP COLUMN IF EXISTS rank_vector",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0002_search_index")]

    operations = [migrations.RunPython(_run(POSTGRES_FORWARD), _run(POSTGRES_BACKWARD))]
