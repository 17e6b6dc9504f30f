import pytest

from relais.notifications import backends
from tests.notifications.sms_server import SmsProvider
from tests.procedures.factories import owner, procedure  # noqa: F401 (a dossier's notifications)


@pytest.fixture
def sms_provider():
    provider = SmsProvider().start()
    yield provider
    provider.stop()


@pytest.fixture
def http_sms(settings, sms_provider):
    """Route SMS through the real HTTP client to the local provider."""
    settings.SMS_BACKEND = "http"
    settings.SMS_PROVIDER_URL = sms_provider.url
    settings.SMS_API_TOKEN = sms_provider.token
    settings.SMS_SENDER = "Relais"
    settings.SMS_TIMEOUT = 2
    return sms_provider


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    # tests/conftest.py sets TASKS_BACKEND in os.environ after the settings were read, so the
    # suite would otherwise enqueue into the database backend: make tasks run immediately here.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_sms_outbox():
    backends.outbox.clear()
    yield
    backends.outbox.clear()


@pytest.fixture
def dummy_tasks(settings):
    """Tasks are recorded, not run: lets a test drive the worker step by step."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    default_task_backend.clear()
    return default_task_backend
