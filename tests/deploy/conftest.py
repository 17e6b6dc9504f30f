import pytest

from tests.conftest import missing_tool
from tests.deploy.s3 import moto_server_executable, start_server
from tests.procedures.factories import owner, procedure  # noqa: F401 — fixtures


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """One moto S3 server per test process, on a free loopback port."""
    executable = moto_server_executable()
    if executable is None:
        missing_tool(
            "moto_server not found (python3 -m venv var/tools/moto && "
            "var/tools/moto/bin/pip install 'moto[server]>=5.2,<5.3', or set RELAIS_MOTO_SERVER)"
        )
    proc, s3 = start_server(executable, tmp_path_factory.mktemp("s3") / "moto.log")
    yield s3
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture
def s3_bucket(s3_server, settings):
    """A fresh private bucket; Django's default storage (every FileField) switched to it."""
    bucket = s3_server.create_bucket()
    # Changing STORAGES through pytest-django's `settings` resets `default_storage`, which every
    # FileField of Relais uses: the very same code paths production runs, now against S3.
    settings.STORAGES = s3_server.storages(bucket, settings.STORAGES)
    return bucket
