"""Real Relais processes for the deployment tests: free ports, environments, waiting for HTTP."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from email.message import Message
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_SECRET = "relais-deploy-test-" + "k" * 48


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def base_env(**extra: str) -> dict[str, str]:
    """The test process's environment without what pytest-django and the suite set for itself."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TASKS_", "PYTEST_"))}
    env.pop("SQLITE_TEST_NAME", None)
    env.update(PYTHONUNBUFFERED="1", RIGHTS_ENGINE_PRELOAD="0", LOG_LEVEL="ERROR", **extra)
    return env


def production_env(var_dir: Path, **extra: str) -> dict[str, str]:
    return base_env(
        RELAIS_ENV="production",
        SECRET_KEY=PRODUCTION_SECRET,
        ALLOWED_HOSTS="127.0.0.1",
        RELAIS_VAR_DIR=str(var_dir),
        **extra,
    )


def manage(env: dict, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def start_serve(env: dict, port: int, log: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--port", str(port), *args],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def get(url: str, *, headers: dict | None = None, timeout: float = 10) -> tuple[int, bytes, Message]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers


def wait_http(url: str, proc: subprocess.Popen, log: Path, *, headers: dict | None = None, seconds: float = 90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"serve stopped (exit {proc.returncode}):\n{log.read_text()}")
        try:
            return get(url, headers=headers, timeout=5)
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} never answered:\n{log.read_text()}")


def stop(proc: subprocess.Popen) -> None:
    """Ctrl-C to the whole process group, as a terminal would; SIGKILL what is left."""
    if proc.poll() is None:
        children = psutil.Process(proc.pid).children(recursive=True)
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pass
        _gone, alive = psutil.wait_procs(children, timeout=10)
        for leftover in alive:
            leftover.kill()
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
