"""PostgreSQL: let the GIN indexes batch their updates (fastupdate, 4 MB pending list).

Inserting an account's ~100 lexemes one by one into the GIN trees cost ~1 ms per account
and capped batch indexing well below 2,000 accounts/s. With fastupdate, new entries go to
a pending list that is merged in sorted bulk (when it reaches 4 MB, or by autovacuum);
queries scan that bounded list as well, a fixed cost of a few milliseconds at most.
"""

from django.db import migrations

FORWARD = [
    "ALTER INDEX search_entry_vector_idx SET (fastupdate = on, gin_pending_list_limit = 4096)",
    "ALTER INDEX search_entry_sample_idx SET (fastupdate = on, gin_pending_list_limit = 4096)",
]
BACKWARD = [
    "ALTER INDEX search_entry_vector_idx SET (fastupdate = off)",
    "ALTER INDEX search_entry_sample_idx SET (fastupdate = off)",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_fulltext_structures")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
