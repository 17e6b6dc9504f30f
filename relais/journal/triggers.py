"""Database triggers that make journal_entry append-only, on SQLite and PostgreSQL."""

TABLE = "journal_entry"

SQLITE_CREATE = [
    f"""CREATE TRIGGER IF NOT EXISTS journal_entry_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'journal_entry is append-only'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS journal_entry_no_delete BEFORE DELETE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'journal_entry is append-only'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS journal_entry_no_update",
    "DROP TRIGGER IF EXISTS journal_entry_no_delete",
]
PG_CREATE = [
    """CREATE OR REPLACE FUNCTION journal_entry_refuse() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'journal_entry is append-only'; END; $$ LANGUAGE plpgsql""",
    f"DROP TRIGGER IF EXISTS journal_entry_no_update ON {TABLE}",
    f"""CREATE TRIGGER journal_entry_no_update BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION journal_entry_refuse()""",
]
PG_DROP = [f"DROP TRIGGER IF EXISTS journal_entry_no_update ON {TABLE}"]


def create_triggers(cursor, vendor: str) -> None:
    for sql in SQLITE_CREATE if vendor == "sqlite" else PG_CREATE if vendor == "postgresql" else []:
        cursor.execute(sql)


def drop_triggers(cursor, vendor: str) -> None:
    for sql in SQLITE_DROP if vendor == "sqlite" else PG_DROP if vendor == "postgresql" else []:
        cursor.execute(sql)
