"""PostgreSQL: a second, small tsvector per search entry for ranking (the title and the opening body
words; see search/backends.py PostgresBackend). Existing entries get a copy of their full vector, which
ranks the same words with more weight on the body; `gongkai disclosure reindex` writes the small one.
SQLite: nothing to do."""

from django.db import migrations

POSTGRES_FORWARD = [
    "ALTER TABLE disclosure_searchentry ADD COLUMN rank_vector tsvector NOT NULL DEFAULT ''::tsvector",
    "UPDATE disclosure_searchentry SET rank_vector = vector",
    # Keep the large vector out of the table's rows (the small rank_vector stays in), so that
    # scanning matches reads narrow rows.
    "ALTER TABLE disclosure_searchentry SET (toast_tuple_target = 1024)",
]
POSTGRES_BACKWARD = [
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
