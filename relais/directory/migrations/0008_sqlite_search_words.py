"""SQLite: the vocabulary of the free-text search in a plain table (docs/adr/0012, "Speed").

`fts5vocab` counts every term's documents when it lists terms, so reading the terms that start
« acce » or « dr » read the doclists of « acces » and « droit » for all France (5–35 ms a search).
`directory_search_word` (the table PostgreSQL already has) holds every indexed word; triggers on
insert and update of `search_text` add a service's words (`relais_search_words`, registered on
every SQLite connection by text_search_sqlite). Like PostgreSQL's, it only grows."""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE TABLE IF NOT EXISTS directory_search_word (word text PRIMARY KEY) WITHOUT ROWID",
    """CREATE TRIGGER IF NOT EXISTS directory_search_word_insert AFTER INSERT ON directory_service BEGIN
        INSERT OR IGNORE INTO directory_search_word (word)
        SELECT value FROM json_each(relais_search_words(new.search_text));
    END""",
    """CREATE TRIGGER IF NOT EXISTS directory_search_word_update AFTER UPDATE OF search_text ON directory_service
        WHEN old.search_text IS NOT new.search_text BEGIN
        INSERT OR IGNORE INTO directory_search_word (word)
        SELECT value FROM json_each(relais_search_words(new.search_text));
    END""",
    """INSERT OR IGNORE INTO directory_search_word (word)
        SELECT value FROM directory_service, json_each(relais_search_words(directory_service.search_text))""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS directory_search_word_update",
    "DROP TRIGGER IF EXISTS directory_search_word_insert",
    "DROP TABLE IF EXISTS directory_search_word",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("directory", "0007_text_search")]

    operations = [migrations.RunPython(_run(SQLITE_FORWARD), _run(SQLITE_BACKWARD))]
