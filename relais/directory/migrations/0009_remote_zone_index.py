"""Services reachable remotely, found by zone through an index (docs/adr/0012, "Speed").

Every search with a commune also reads the services reachable remotely that cover the commune, its
département or all France (`zone_text` holds the codes, space-padded). Through the index on
(is_remote_only, visible) alone, each search read every remote service's row (2,500 in the national
benchmark) to test its zones. Now the zone test is answered by an index: on SQLite a covering index
holding `zone_text` (no row is read for a service of another zone), on PostgreSQL a trigram index on
the remote services' `zone_text` (a B-tree would refuse long zone lists)."""

from django.db import migrations

FORWARD = {
    "sqlite": [
        "CREATE INDEX IF NOT EXISTS directory_service_remote_zone "
        "ON directory_service (is_remote_only, visible, zone_text)"
    ],
    "postgresql": [
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        "CREATE INDEX IF NOT EXISTS directory_service_remote_zone ON directory_service "
        "USING gin (zone_text gin_trgm_ops) WHERE is_remote_only",
    ],
}
BACKWARD = {vendor: ["DROP INDEX IF EXISTS directory_service_remote_zone"] for vendor in FORWARD}


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("directory", "0008_sqlite_search_words")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
