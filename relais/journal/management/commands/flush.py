"""`flush` that knows the journal is append-only.

`flush` empties the whole database (tests, demo resets). The journal's triggers refuse DELETE,
so on SQLite (where flush deletes rows) they are dropped for the flush and created again right
after, inside the same command. PostgreSQL flushes with TRUNCATE, which the triggers do not
cover, so nothing changes there."""

from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections

from relais.journal.triggers import create_triggers, drop_triggers


class Command(FlushCommand):
    def handle(self, **options):
        connection = connections[options["database"]]
        dropped = connection.vendor == "sqlite"
        if dropped:
            with connection.cursor() as cursor:
                drop_triggers(cursor, connection.vendor)
        try:
            return super().handle(**options)
        finally:
            if dropped:
                with connection.cursor() as cursor:
                    create_triggers(cursor, connection.vendor)
