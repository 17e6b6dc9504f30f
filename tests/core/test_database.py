import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_runs_on_the_expected_database():
    """CI runs the suite twice; this proves each run really used its database."""
    expected = os.environ.get("RELAIS_EXPECT_DB")
    if expected is None:
        pytest.skip("RELAIS_EXPECT_DB not set (set by .ci/run)")
    assert connection.vendor == expected


@pytest.mark.django_db
def test_sqlite_uses_wal_outside_tests():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    from django.conf import settings

    assert "journal_mode=WAL" in settings.DATABASES["default"]["OPTIONS"]["init_command"]
