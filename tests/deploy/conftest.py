import pytest

from tests.deploy.s3 import start_server
from tests.procedures.factories import owner, procedure  # noqa: F401 — fixtures


@pytest.fixture(scope="session")
def s3_server():
    """One moto S3 server per test process, on a free loopback port."""
    server, s3 = start_server()
    yield s3
    server.stop()


@pytest.fixture
def s3_bucket(s3_server, settings):
    """A fresh private bucket; Django's default storage (every FileField) switched to it."""
    bucket = s3_server.create_bucket()
    # Changing STORAGES through pytest-django's `settings` resets `default_storage`, which every
    # FileField of Relais uses: the very same code paths production runs, now against S3.
    settings.STORAGES = s3_server.storages(bucket, settings.STORAGES)
    return bucket
