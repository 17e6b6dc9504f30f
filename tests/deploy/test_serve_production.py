"""Item 7: in production the static files go through a manifest (hashed names); without
`collectstatic` every page answered 500. `manage.py serve` collects them itself, or refuses to
start with a clear message when told not to and the manifest is missing."""

import re

import pytest

from tests.deploy.processes import free_port, get, manage, production_env, start_serve, stop, wait_http

pytestmark = pytest.mark.slow
BEHIND_TLS_PROXY = {"X-Forwarded-Proto": "https"}  # what the reverse proxy adds (SECURE_PROXY_SSL_HEADER)


@pytest.fixture
def production(tmp_path):
    env = production_env(tmp_path / "var", DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}")
    migrated = manage(env, "migrate", "--noinput", "-v", "0")
    assert migrated.returncode == 0, migrated.stderr
    return env


def test_serve_in_production_collects_static_files_first(production, tmp_path):
    static_root = tmp_path / "var" / "static"
    assert not static_root.exists()
    port, log = free_port(), tmp_path / "serve.log"
    proc = start_serve(production, port, log, "--no-worker")
    try:
        status, body, _headers = wait_http(f"http://127.0.0.1:{port}/", proc, log, headers=BEHIND_TLS_PROXY)
        assert status == 200, body[:2000]
        html = body.decode()
        assert '<html lang="fr"' in html
        assert (static_root / "staticfiles.json").exists()
        hashed = re.search(r'/static/([^"]+\.[0-9a-f]{12}\.css)"', html)
        assert hashed, "the page links hashed static names from the manifest"
        status, _css, headers = get(f"http://127.0.0.1:{port}/static/{hashed.group(1)}", headers=BEHIND_TLS_PROXY)
        assert status == 200 and "immutable" in headers.get("Cache-Control", "")  # hashed name: cached for good
    finally:
        stop(proc)


def test_serve_refuses_without_the_manifest_when_told_not_to_collect(production, tmp_path):
    completed = manage(
        production, "serve", "--no-worker", "--no-collectstatic", "--port", str(free_port()), timeout=120
    )
    assert completed.returncode != 0
    assert "Les fichiers statiques ne sont pas rassemblés" in completed.stderr
    assert "collectstatic --noinput" in completed.stderr
    assert not (tmp_path / "var" / "static" / "staticfiles.json").exists()
