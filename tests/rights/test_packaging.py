"""OpenFisca is installed without its web-api extra (docs/adr/0004-openfisca-without-web-api.md)."""

import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_gunicorn_and_flask_are_not_installed():
    assert importlib.util.find_spec("gunicorn") is None
    assert importlib.util.find_spec("flask") is None


def test_gunicorn_is_not_importable_in_the_venv():
    result = subprocess.run([sys.executable, "-c", "import gunicorn"], capture_output=True, text=True)
    assert result.returncode != 0 and "No module named 'gunicorn'" in result.stderr


def test_openfisca_france_is_pinned_and_installed_without_deps():
    pins = (ROOT / "requirements" / "openfisca.txt").read_text()
    assert "openfisca-france==176.1.8" in pins
    assert "--no-deps -r requirements/openfisca.txt" in (ROOT / "Makefile").read_text()
    from importlib.metadata import version

    assert version("openfisca-france") == "176.1.8"
    assert version("openfisca-core") == "44.7.1"
    assert (ROOT / "docs" / "adr" / "0004-openfisca-without-web-api.md").exists()


def test_preload_only_in_server_and_worker_processes():
    from relais.rights.apps import preload_wanted

    assert preload_wanted(["/venv/bin/granian", "--interface", "wsgi"])
    assert preload_wanted(["manage.py", "db_worker"])
    assert not preload_wanted(["manage.py", "migrate"])
    assert not preload_wanted(["/venv/bin/pytest"])
    assert preload_wanted(["whatever"], setting="1")
    assert not preload_wanted(["granian"], setting="0")
