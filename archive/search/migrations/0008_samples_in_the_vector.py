"""PostgreSQL: the 1-in-16 and 1-in-256 samples become terms of the vector ('=s16', '=s256').

Counting or faceting a very broad query in a sample is then one tsquery on the one GIN
index (the words AND '=s16'), and the indexes that competed with it go: the partial GIN
indexes over each sample (0003, 0006) and the partial B-tree over the 1-in-16 sample
(0005). With that B-tree, the planner at some table sizes read every sample row and tested
its vector (198 ms and 54,000 buffers at 300,000 accounts, against 8 ms through GIN).
Only sample entries (1 in 16) are rewritten to gain the term.
"""

from django.db import migrations

_FUNCTION = """
CREATE OR REPLACE FUNCTION search_entry_vector() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cfg regconfig := NEW.search_config::regconfig;
BEGIN
  NEW.vector :=
       setweight(to_tsvector(cfg, coalesce(NEW.title, '')), 'A')
    || setweight(to_tsvector(cfg, coalesce(NEW.body, '')), 'B')
    || setweight(to_tsvector(cfg, coalesce(NEW.tags_text, '')), 'C')
    || array_to_tsvector(
         array_remove(ARRAY[
           '=all',
           '=cfg=' || NEW.search_config,
           '=lang=' || NEW.language,
           '=year=' || NEW.year,
           '=country=' || lower(NEW.country),
           '=setting=' || NEW.setting{samples}
         ], NULL)
         || ARRAY(SELECT '=tag=' || t FROM jsonb_array_elements_text(NEW.hashtags) t)
         || ARRAY(SELECT '=cn=' || n FROM jsonb_array_elements_text(NEW.content_notes) n)
       );
  RETURN NEW;
END
$$
"""
_SAMPLE_TERMS = """,
           CASE WHEN NEW.story_id % 16 = 0 THEN '=s16' END,
           CASE WHEN NEW.story_id % 256 = 0 THEN '=s256' END"""
_SAMPLE_ROWS = "UPDATE search_searchentry SET id = id WHERE story_id % 16 = 0"

FORWARD = [
    _FUNCTION.replace("{samples}", _SAMPLE_TERMS),
    _SAMPLE_ROWS,
    "DROP INDEX IF EXISTS search_entry_sample_idx",
    "DROP INDEX IF EXISTS search_entry_sample256_idx",
]
BACKWARD = [
    _FUNCTION.replace("{samples}", ""),
    _SAMPLE_ROWS,
    "CREATE INDEX search_entry_sample_idx ON search_searchentry USING gin (vector) "
    "WITH (fastupdate = on, gin_pending_list_limit = 4096) WHERE in_sample",
    "CREATE INDEX search_entry_sample256_idx ON search_searchentry USING gin (vector) "
    "WITH (fastupdate = on, gin_pending_list_limit = 4096) WHERE story_id % 256 = 0",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0007_sqlite_covering_indexes")]

    operations = [
        migrations.RemoveIndex(model_name="searchentry", name="search_entry_sample_rows_idx"),
        migrations.RunPython(_run(FORWARD), _run(BACKWARD)),
    ]
