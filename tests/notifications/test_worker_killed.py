"""Issue 2: "a test kills the worker while it sends a notification and shows exactly one delivery
after restart".

Real processes, a real database both can see, a real HTTP SMS provider:
1. a fresh database (a SQLite file, or a throwaway PostgreSQL database when the suite runs on
   PostgreSQL) is migrated, a person who prefers SMS is notified (task queued in the database);
2. `manage.py db_worker` picks the task; the provider accepts the SMS but holds its answer;
3. the worker is SIGKILLed while the request is in flight;
4. once the lease expires, `manage.py notifications_requeue` hands the delivery back, a new
   worker sends it again with the same Idempotency-Key;
5. the provider sent exactly one SMS, the delivery is SENT with two attempts (the interrupted one
   and the successful one)."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

pytestmark = pytest.mark.slow

BASE_DIR = Path(settings.BASE_DIR)
STALE_AFTER = 2  # seconds: the lease of a SENDING delivery in this test


@pytest.fixture
def worker_database(tmp_path):
    """A database URL the test and its subprocesses share, dropped afterwards."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        yield f"sqlite:///{tmp_path / 'worker.sqlite3'}"
        return
    import psycopg

    name = f"relais_killtest_{uuid.uuid4().hex[:10]}"
    params = {
        "host": db["HOST"] or "127.0.0.1",
        "port": db["PORT"] or 5432,
        "user": db["USER"] or "postgres",
        "password": db["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**params) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    credentials = quote(params["user"]) + (f":{quote(params['password'])}" if params["password"] else "")
    yield f"postgres://{credentials}@{params['host']}:{params['port']}/{name}"
    with psycopg.connect(**params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(env, *args, timeout=180) -> str:
    completed = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert completed.returncode == 0, f"manage.py {' '.join(args)} failed:\n{completed.stdout}\n{completed.stderr}"
    return completed.stdout


def shell(env, code: str) -> dict:
    """Run Python in a Django shell on the shared database; the code prints one JSON line."""
    return json.loads(manage(env, "shell", "-c", code).strip().splitlines()[-1])


SETUP = """
import json
from relais.accounts.models import Person
from relais.notifications.services import notify
person = Person.objects.create(first_name="Léa", last_name="Martin", phone="06 12 34 56 78",
                               preferred_channel="sms")
notification = notify(event="rdv_confirmed", key="rdv-42-confirmed", person=person,
                      subject="Rendez-vous confirmé", body="Votre rendez-vous est confirmé.",
                      sms="Votre rendez-vous du 3 mars à 10 h est confirmé.")
delivery = notification.deliveries.get()
print(json.dumps({"id": delivery.pk, "key": delivery.idempotency_key, "status": delivery.status}))
"""

STATE = """
import json
from django_tasks_db.models import DBTaskResult
from relais.notifications.models import Delivery
delivery = Delivery.objects.get()
print(json.dumps({
    "status": delivery.status,
    "attempts_count": delivery.attempts_count,
    "lease_until": delivery.lease_until.isoformat() if delivery.lease_until else None,
    "provider_id": delivery.provider_id,
    "attempts": [{"ok": a.ok, "finished": a.finished_at is not None, "error": a.error}
                 for a in delivery.attempts.all()],
    "tasks": sorted(t.status for t in DBTaskResult.objects.all()),
}))
"""


def start_worker(env, log: Path, *extra) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1", *extra],
        cwd=BASE_DIR,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


def test_worker_killed_mid_send_gives_exactly_one_sms(worker_database, sms_provider, tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": worker_database,
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "SMS_BACKEND": "http",
        "SMS_PROVIDER_URL": sms_provider.url,
        "SMS_API_TOKEN": sms_provider.token,
        "SMS_TIMEOUT": "60",  # the worker waits for the held answer until it is killed
        "NOTIFICATIONS_STALE_AFTER": str(STALE_AFTER),
        "RELAIS_VAR_DIR": str(tmp_path / "var"),
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("SQLITE_TEST_NAME", None)
    manage(env, "migrate", "--noinput")
    created = shell(env, SETUP)
    assert created["status"] == "pending"

    sms_provider.script = ["hang"]
    log = tmp_path / "worker.log"
    worker = start_worker(env, log, "--worker-id", "first")
    try:
        assert sms_provider.hanging.wait(180), f"the worker never called the provider:\n{log.read_text()}"
        # While the provider holds the answer, the attempt is already committed.
        during = shell(env, STATE)
        assert during["status"] == "sending"
        assert during["attempts"] == [{"ok": None, "finished": False, "error": ""}]
        worker.send_signal(signal.SIGKILL)
        worker.wait(30)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    assert worker.returncode == -signal.SIGKILL
    sms_provider.release()  # the provider finishes its side; the answer goes nowhere
    assert len(sms_provider.messages) == 1

    after_kill = shell(env, STATE)
    assert after_kill["status"] == "sending"
    assert after_kill["tasks"] == ["RUNNING"]  # django-tasks-db never hears back from the dead worker
    # Once the lease of the dead attempt has expired, the sweep takes the delivery back (that a
    # live lease is left alone is shown in test_delivery.py).
    lease_until = dt.datetime.fromisoformat(after_kill["lease_until"])
    time.sleep(max(0.0, (lease_until - dt.datetime.now(dt.UTC)).total_seconds()) + 0.2)
    assert manage(env, "notifications_requeue").strip() == "1 envoi(s) relancé(s)."

    # Restart: a worker processes what is queued, then exits.
    restarted = start_worker(env, log, "--worker-id", "second", "--batch")
    assert restarted.wait(180) == 0, log.read_text()

    final = shell(env, STATE)
    assert final["status"] == "sent"
    assert final["provider_id"] == "msg-1"
    assert final["attempts_count"] == 2
    assert [(a["ok"], a["finished"]) for a in final["attempts"]] == [(False, True), (True, True)]
    assert "interrompue" in final["attempts"][0]["error"]
    # Exactly one SMS reached the person, although the provider was asked twice with the same key.
    assert [m["key"] for m in sms_provider.messages] == [created["key"]]
    assert sms_provider.messages[0]["to"] == "+33612345678"
    assert [r["key"] for r in sms_provider.requests] == [created["key"], created["key"]]

    # Nothing left to do: another sweep and worker run send nothing more.
    assert manage(env, "notifications_requeue", "--stale-after", "0").strip() == "0 envoi(s) relancé(s)."
    assert len(sms_provider.messages) == 1
