"""`manage.py serve` (what `make run` ends with) serves the French home page and runs the worker;
Ctrl-C stops both."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_runs_web_and_worker_and_stops_both_on_ctrl_c(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TASKS_"))}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        RELAIS_VAR_DIR=str(tmp_path / "var"),
        PYTHONUNBUFFERED="1",
    )
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True, timeout=300)
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        html = ""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    html = response.read().decode()
                    break
            except OSError:
                time.sleep(0.3)
        assert '<html lang="fr"' in html and "Relais" in html
        children = psutil.Process(proc.pid).children(recursive=True)
        commands = [" ".join(c.cmdline()) for c in children]
        while (
            not all(any(name in c for c in commands) for name in ("db_worker", "notifications_requeue"))
            and time.monotonic() < deadline
        ):
            time.sleep(0.3)
            children = psutil.Process(proc.pid).children(recursive=True)
            commands = [" ".join(c.cmdline()) for c in children]
        assert any("granian" in c for c in commands), commands
        assert any("db_worker" in c for c in commands), commands
        assert any("notifications_requeue" in c for c in commands), commands
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C sends to the terminal's process group
        proc.wait(timeout=30)
        # granian's own worker processes may take a moment to finish their shutdown
        _gone, alive = psutil.wait_procs(children, timeout=15)
        assert not [c for c in alive if c.is_running() and c.status() != psutil.STATUS_ZOMBIE]
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
