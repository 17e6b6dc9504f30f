"""The API contract (issue #10): schemathesis against /api/v1/openapi.json on a live server, every
operation, every check, with and without a partner token, a fixed seed and a bounded number of
examples; zero failures.

schemathesis runs from its own environment `.venv-tools` (made by `make install-dev`): it is kept out of
the project's virtualenv, which must stay free of web frameworks it does not use (docs/adr/0004)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from relais.organisations.services import api_token_create
from tests.conftest import missing_tool
from tests.directory.factories import ServiceFactory
from tests.procedures.factories import make_procedure
from tests.rights.factories import lyon, rights_engine  # noqa: F401 (fixture)

ROOT = Path(__file__).resolve().parents[2]
ST = ROOT / ".venv-tools" / "bin" / "st"
SEED = "20261"
MAX_EXAMPLES = "10"


@pytest.fixture
def api_data(transactional_db, settings):
    settings.RIGHTS_SIMULATE_RATE = "100000/60"
    settings.API_TOKEN_RATE = "100000/60"
    lyon()
    procedure = make_procedure()
    ServiceFactory(thematiques=["hygiene--douches"])
    _token, clear = api_token_create(organisation=procedure.organisation, name="schemathesis")
    return clear


def _run(live_server, tmp_path, *extra: str) -> subprocess.CompletedProcess:
    if not ST.exists():
        missing_tool("schemathesis is not installed in .venv-tools (make install-dev)")
    command = [
        str(ST),
        "--config-file",
        str(Path(__file__).with_name("schemathesis.toml")),
        "run",
        f"{live_server.url}/api/v1/openapi.json",
        "--checks",
        "all",
        "--seed",
        SEED,
        "--max-examples",
        MAX_EXAMPLES,
        "--workers",
        "1",
        "--request-timeout",
        "120",
        # A large household costs about a second of CPU, several on a loaded 2-core CI machine: the time
        # check stays on, with a bound that fails only on a real hang.
        "--max-response-time",
        "60",
        "--report",
        "junit",
        "--report-dir",
        str(tmp_path),
        *extra,
    ]
    env = {**os.environ, "SCHEMATHESIS_HOOKS": "", "NO_COLOR": "1"}
    return subprocess.run(command, capture_output=True, text=True, timeout=600, env=env, cwd=tmp_path)


@pytest.mark.parametrize("with_token", [False, True], ids=["anonymous", "partner"])
@pytest.mark.usefixtures("rights_engine")
def test_schemathesis_finds_no_failure(live_server, api_data, tmp_path, with_token):
    extra = ("--header", f"Authorization: Bearer {api_data}") if with_token else ()
    result = _run(live_server, tmp_path, *extra)
    log = ROOT / "var" / f"schemathesis-{'partner' if with_token else 'anonymous'}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text(result.stdout + result.stderr)
    assert result.returncode == 0, f"schemathesis failed (full report in {log}):\n" + result.stdout[-15000:]
