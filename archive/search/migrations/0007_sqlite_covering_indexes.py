"""SQLite: covering indexes over the entry's small columns.

An entry row holds its text, so reading a row to check a filter or count a facet touches
~1 KB; these indexes hold only the small columns, so a join from FTS5 matches (by id) and
a filter-only search (by setting, language, country, year) never read the text at all.
"""

from django.db import migrations

_SMALL = "in_sample, published_at, hashtags, content_notes"
FORWARD = [
    f"CREATE INDEX search_entry_narrow_idx ON search_searchentry "
    f"(id, language, year, country, setting, {_SMALL})",
    f"CREATE INDEX search_entry_filter_idx ON search_searchentry "
    f"(setting, language, country, year, {_SMALL})",
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_narrow_idx",
    "DROP INDEX IF EXISTS search_entry_filter_idx",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for sql in statements:
                schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0006_small_sample_index")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
