"""Issue #10, item 10: a 403 is logged as one line; SITE_URL follows PORT."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_site_url_follows_port():
    env = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "DJANGO_SETTINGS_MODULE"}}
    env["PORT"] = "8123"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; "
            "django.setup(); from django.conf import settings; print(settings.SITE_URL)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip() == "http://127.0.0.1:8123", result.stderr
    env["SITE_URL"] = "https://relais.example.fr/"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; "
            "django.setup(); from django.conf import settings; print(settings.SITE_URL)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip() == "https://relais.example.fr"


@pytest.mark.django_db
def test_a_refusal_is_logged_in_one_line_without_traceback(client, caplog):
    from tests.factories import PersonFactory

    person = PersonFactory()
    client.force_login(person.user)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/demarches/instruction/")
    assert response.status_code == 403
    records = [r for r in caplog.records if r.name == "django.request" and getattr(r, "status_code", None) == 403]
    assert records, "the refusal is still logged"
    assert all(r.exc_info is None and not r.exc_text for r in records)
    assert all("\n" not in r.getMessage() for r in records)
