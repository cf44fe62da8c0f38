"""Vendor-specific full-text structures, maintained by the database from the entry's columns.

PostgreSQL: accent-folding text search configurations (unaccent, then the language's
stemmer), a `vector` tsvector column filled by a trigger (title A, text B, tags C, plus
filter terms such as '=lang=fr' that no parsed word can produce), a GIN index on it and a
small partial GIN index over the facet sample. Rows are kept narrow (the vector and texts
go to TOAST) so scans that only need facet columns stay cheap.

SQLite: an FTS5 external-content table over the entry (porter stemming over unicode61 with
diacritics removed), kept in step by triggers, and plain indexes for the filters.
"""

from django.db import migrations

from archive.search.text import LANGUAGE_CONFIGS, SIMPLE_CONFIG

# chorus_<name> copies PostgreSQL's built-in <name> configuration.
PG_CONFIGS = {config: config.removeprefix("chorus_") for config in LANGUAGE_CONFIGS.values()}

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    *[
        sql
        for config, builtin in [*PG_CONFIGS.items(), (SIMPLE_CONFIG, "simple")]
        for sql in (
            f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {config}",
            f"CREATE TEXT SEARCH CONFIGURATION {config} (COPY = pg_catalog.{builtin})",
            f"ALTER TEXT SEARCH CONFIGURATION {config} ALTER MAPPING FOR "
            f"asciiword, asciihword, hword_asciipart, hword, hword_part, word "
            f"WITH unaccent, {'simple' if builtin == 'simple' else builtin + '_stem'}",
        )
    ],
    "ALTER TABLE search_searchentry ADD COLUMN vector tsvector",
    # Read uncompressed: ranking detoasts vectors, and decompression would dominate.
    "ALTER TABLE search_searchentry ALTER COLUMN vector SET STORAGE EXTERNAL",
    "ALTER TABLE search_searchentry SET (toast_tuple_target = 128)",
    """
    CREATE FUNCTION search_entry_vector() RETURNS trigger LANGUAGE plpgsql AS $$
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
               '=setting=' || NEW.setting
             ], NULL)
             || ARRAY(SELECT '=tag=' || t FROM jsonb_array_elements_text(NEW.hashtags) t)
             || ARRAY(SELECT '=cn=' || n FROM jsonb_array_elements_text(NEW.content_notes) n)
           );
      RETURN NEW;
    END
    $$
    """,
    """
    CREATE TRIGGER search_entry_vector BEFORE INSERT OR UPDATE ON search_searchentry
    FOR EACH ROW EXECUTE FUNCTION search_entry_vector()
    """,
    "UPDATE search_searchentry SET id = id",
    # fastupdate off: a pending list would make every query scan it until a vacuum.
    "CREATE INDEX search_entry_vector_idx ON search_searchentry USING gin (vector) "
    "WITH (fastupdate = off)",
    "CREATE INDEX search_entry_sample_idx ON search_searchentry USING gin (vector) "
    "WITH (fastupdate = off) WHERE in_sample",
]

PG_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_entry_vector ON search_searchentry",
    "DROP FUNCTION IF EXISTS search_entry_vector()",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS vector",
    *[
        f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {config}"
        for config in [*PG_CONFIGS, SIMPLE_CONFIG]
    ],
]

_FTS_COLUMNS = "title, body, tags_text"
SQLITE_FORWARD = [
    f"""CREATE VIRTUAL TABLE search_fts USING fts5({_FTS_COLUMNS},
        content='search_searchentry', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_fts(rowid, {_FTS_COLUMNS})
        VALUES (new.id, new.title, new.body, new.tags_text);
    END""",
    f"""CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, {_FTS_COLUMNS})
        VALUES ('delete', old.id, old.title, old.body, old.tags_text);
    END""",
    f"""CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, {_FTS_COLUMNS})
        VALUES ('delete', old.id, old.title, old.body, old.tags_text);
        INSERT INTO search_fts(rowid, {_FTS_COLUMNS})
        VALUES (new.id, new.title, new.body, new.tags_text);
    END""",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
    "CREATE INDEX search_entry_language_idx ON search_searchentry (language)",
    "CREATE INDEX search_entry_year_idx ON search_searchentry (year)",
    "CREATE INDEX search_entry_country_idx ON search_searchentry (country)",
    "CREATE INDEX search_entry_setting_idx ON search_searchentry (setting)",
]

SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TABLE IF EXISTS search_fts",
    "DROP INDEX IF EXISTS search_entry_language_idx",
    "DROP INDEX IF EXISTS search_entry_year_idx",
    "DROP INDEX IF EXISTS search_entry_country_idx",
    "DROP INDEX IF EXISTS search_entry_setting_idx",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor, [])
        for sql in statements:
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_entry_search_fields")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
