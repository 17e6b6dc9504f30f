"""Full-text search with the databases' own engines (docs/adr/0012, relais/directory/text_search*)."""

from django.db import migrations

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'relais_french') THEN
            CREATE TEXT SEARCH CONFIGURATION relais_french (COPY = french);
            ALTER TEXT SEARCH CONFIGURATION relais_french
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
        END IF;
    END $$""",
    """ALTER TABLE directory_service ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (to_tsvector('relais_french'::regconfig, search_text)) STORED""",
    "CREATE INDEX directory_service_search_vector ON directory_service USING gin (search_vector)",
    "CREATE TABLE directory_search_word (word text PRIMARY KEY)",
    "CREATE INDEX directory_search_word_trgm ON directory_search_word USING gin (word gin_trgm_ops)",
    """CREATE FUNCTION directory_search_words_add() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO directory_search_word (word)
        SELECT DISTINCT lexeme FROM new_rows, unnest(tsvector_to_array(new_rows.search_vector)) AS lexeme
        ON CONFLICT DO NOTHING;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER directory_search_words_insert AFTER INSERT ON directory_service
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_search_words_add()""",
    """CREATE TRIGGER directory_search_words_update AFTER UPDATE ON directory_service
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_search_words_add()""",
    """INSERT INTO directory_search_word (word)
        SELECT DISTINCT unnest(tsvector_to_array(search_vector)) FROM directory_service ON CONFLICT DO NOTHING""",
]
PG_BACKWARD = [
    "DROP TRIGGER IF EXISTS directory_search_words_update ON directory_service",
    "DROP TRIGGER IF EXISTS directory_search_words_insert ON directory_service",
    "DROP FUNCTION IF EXISTS directory_search_words_add()",
    "DROP TABLE IF EXISTS directory_search_word",
    "ALTER TABLE directory_service DROP COLUMN IF EXISTS search_vector",
]
SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE directory_service_fts USING fts5(
        terms, tokenize = "unicode61 remove_diacritics 2", detail = none)""",
    "CREATE VIRTUAL TABLE directory_service_fts_vocab USING fts5vocab(directory_service_fts, row)",
    """CREATE TRIGGER directory_service_fts_insert AFTER INSERT ON directory_service BEGIN
        INSERT INTO directory_service_fts (rowid, terms)
        VALUES (new.id, relais_search_terms(new.search_text, new.cell));
    END""",
    """CREATE TRIGGER directory_service_fts_update AFTER UPDATE OF search_text, cell ON directory_service
        WHEN old.search_text IS NOT new.search_text OR old.cell IS NOT new.cell BEGIN
        DELETE FROM directory_service_fts WHERE rowid = old.id;
        INSERT INTO directory_service_fts (rowid, terms)
        VALUES (new.id, relais_search_terms(new.search_text, new.cell));
    END""",
    """CREATE TRIGGER directory_service_fts_delete AFTER DELETE ON directory_service BEGIN
        DELETE FROM directory_service_fts WHERE rowid = old.id;
    END""",
    """INSERT INTO directory_service_fts (rowid, terms)
        SELECT id, relais_search_terms(search_text, cell) FROM directory_service""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS directory_service_fts_delete",
    "DROP TRIGGER IF EXISTS directory_service_fts_update",
    "DROP TRIGGER IF EXISTS directory_service_fts_insert",
    "DROP TABLE IF EXISTS directory_service_fts_vocab",
    "DROP TABLE IF EXISTS directory_service_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("directory", "0006_place_alias_local_edits")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
