"""Test set-up shared by the whole suite.

Database: DATABASE_URL decides (SQLite by default, PostgreSQL in CI's second run).
Tasks: run immediately in tests, except where a test asks for the database backend.
In CI (CI set), tests that need PostgreSQL or Chromium fail instead of skipping."""

import os

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from relais.policy.throttle import throttle_forget

# Speed is measured in bench/, never in tests: hypothesis' per-example deadline (200 ms) and its "too slow" health
# check only make tests fail at random on a loaded machine (two cores shared by two test workers and PostgreSQL).
hypothesis_settings.register_profile("relais", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("relais")

os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
os.environ.setdefault("RELAIS_VAR_DIR", os.path.join(os.path.dirname(__file__), "..", "var", "test"))

IN_CI = bool(os.environ.get("CI"))


def missing_tool(message: str) -> None:
    """Skip locally, fail in CI."""
    if IN_CI:
        pytest.fail(f"{message} (required in CI)")
    pytest.skip(message)


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the site's default language: a request with the English cookie leaves English active
    in the worker's thread (the locale middleware activates a language per request), and a later test on the same
    worker would read English where it expects French."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The navigation counts are cached a minute: no test sees another's."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _media_and_mail(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SMS_BACKEND = "locmem"
    settings.RELAIS_REQUIRE_2FA = True
    settings.AXES_ENABLED = True
    # Notifications go out at once in tests; tests/notifications/test_grouping.py turns grouping on.
    settings.NOTIFICATIONS_GROUP_DELAY = 0
    # Tasks run at once in tests (tests that need the database queue override this).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # Password hashing costs ~1 s per user on a loaded 2-core machine: use a fast hasher in tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _rate_limit_memory():
    """Each test starts with no client remembered as over a rate limit (relais/policy/throttle.py)."""
    throttle_forget()
    yield
    throttle_forget()


pytest_plugins = ["tests.factories", "tests.browser.fixtures"]
