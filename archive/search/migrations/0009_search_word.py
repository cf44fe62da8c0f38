"""The vocabulary of the public index, for "Did you mean" (search/vocabulary.py).

PostgreSQL: pg_trgm (a trusted extension) and a trigram GIN index on the word, so the
closest words to a misspelt one are found through the index.
"""

from django.db import migrations, models

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX search_word_trgm_idx ON search_searchword USING gin (word gin_trgm_ops)",
]
PG_BACKWARD = ["DROP INDEX IF EXISTS search_word_trgm_idx"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0008_samples_in_the_vector")]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("language", models.CharField(blank=True, max_length=8)),
                ("word", models.CharField(max_length=40)),
                ("entries", models.PositiveIntegerField()),
                ("counted_at", models.DateTimeField()),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("word", "language"), name="search_word_unique")
                ],
            },
        ),
        migrations.RunPython(_run(PG_FORWARD), _run(PG_BACKWARD)),
    ]
