"""PostgreSQL: a partial GIN index over a 1-in-256 sample of the entries (by story id).

Counting or faceting a query that matches hundreds of thousands of accounts reads every
match's row; in this sample it reads 1/256 of them, and the result is scaled (and flagged
as an estimate). The 1-in-16 sample (0003) serves queries of middling breadth.
"""

from django.db import migrations

FORWARD = (
    "CREATE INDEX search_entry_sample256_idx ON search_searchentry USING gin (vector) "
    "WITH (fastupdate = on, gin_pending_list_limit = 4096) WHERE story_id % 256 = 0"
)
BACKWARD = "DROP INDEX IF EXISTS search_entry_sample256_idx"


def _run(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0005_sample_rows_index")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
