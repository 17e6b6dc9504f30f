"""Several nodes: two `manage.py serve` processes (web + db_worker + requeue sweep each) on two
ports, one database (PostgreSQL, or one SQLite file in WAL mode that every process opens), one S3
bucket, and each node with its own local disk.

- A person uploads a photo on node A, keeps it in the safe from node B, attaches it to a dossier
  on A, submits on B; the agent downloads the same bytes on B and on A: nothing of a request's
  state lives on a node's disk (sessions, step-one uploads and files are in the database and S3).
- A burst of 200 SMS notifications, with the two nodes' workers competing for the tasks, reaches
  the provider exactly once each (it records Idempotency-Keys)."""

from __future__ import annotations

import http.client
import json
import sqlite3
import time
import uuid
from urllib.parse import quote, urlencode

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult

from relais.accounts.models import Person
from relais.documents.models import Document
from relais.notifications.models import Delivery, DeliveryStatus
from relais.notifications.services import notify
from relais.procedures import services
from relais.procedures.models import Attachment, Dossier, DossierState
from tests.deploy.processes import PRODUCTION_SECRET, free_port, production_env, start_serve, stop, wait_http
from tests.documents import images
from tests.notifications.sms_server import SmsProvider
from tests.procedures.factories import agent_of
from tests.procedures.test_services import PAGE0, PAGE1

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
BURST = 200
CSRF = "c" * 32
SESSION_COOKIE, CSRF_COOKIE = "__Host-sessionid", "__Host-csrftoken"  # production cookie names


@pytest.fixture
def shared_database(tmp_path):
    """The URL of a database this test and the nodes' processes all see.

    PostgreSQL: the test database pytest-django created. SQLite: the suite's test database lives in
    memory, which no other process can open; it is copied (schema, migrations' rows, content types)
    into a file, and this process's connection is pointed at that file for the test, then back."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        credentials = quote(db["USER"] or "postgres") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
        yield f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        return
    if not connection.is_in_memory_db():
        yield f"sqlite:///{db['NAME']}"
        return
    connection.ensure_connection()
    in_memory, name, path = connection.connection, db["NAME"], tmp_path / "shared.sqlite3"
    with sqlite3.connect(path) as copy:
        in_memory.backup(copy)
        copy.execute("PRAGMA journal_mode=WAL")
    copy.close()
    connection.connection = None  # kept aside, not closed: closing would drop the in-memory database
    db["NAME"] = str(path)
    try:
        yield f"sqlite:///{path}"
    finally:
        connection.close()
        db["NAME"] = name
        connection.connection = in_memory


def session_for(user, *, second_factor: bool = False) -> str:
    """A logged-in session in the shared database (as after the login page, 2FA passed if asked)."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if second_factor:
        session["otp_device_id"] = TOTPDevice.objects.get(user=user).persistent_id
    session.create()
    return session.session_key


class Node:
    """One web node seen from a browser behind the TLS reverse proxy."""

    def __init__(self, port: int) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.port = port

    def request(
        self, method: str, path: str, session: str, *, body: bytes | None = None, content_type: str = ""
    ) -> tuple[int, bytes, str]:
        headers = {
            "X-Forwarded-Proto": "https",
            "Host": f"127.0.0.1:{self.port}",
            "Cookie": f"{SESSION_COOKIE}={session}; {CSRF_COOKIE}={CSRF}",
        }
        if method == "POST":
            headers.update({"Referer": f"https://127.0.0.1:{self.port}/", "Content-Type": content_type})
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            return response.status, response.read(), response.getheader("Location") or ""
        finally:
            conn.close()

    def get(self, path: str, session: str) -> tuple[int, bytes, str]:
        return self.request("GET", path, session)

    def post(self, path: str, session: str, data: dict) -> tuple[int, bytes, str]:
        body = urlencode({"csrfmiddlewaretoken": CSRF, **data}).encode()
        return self.request("POST", path, session, body=body, content_type="application/x-www-form-urlencoded")

    def upload(self, path: str, session: str, field: str, name: str, data: bytes) -> tuple[int, bytes, str]:
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{CSRF}\r\n'
                f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{name}"\r\n'
                "Content-Type: image/jpeg\r\n\r\n"
            ).encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        return self.request("POST", path, session, body=body, content_type=f"multipart/form-data; boundary={boundary}")


@pytest.fixture
def nodes(shared_database, s3_server, tmp_path, settings):
    settings.SECRET_KEY = PRODUCTION_SECRET  # sessions made here are signed as the nodes sign them
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # enqueue for the workers
    bucket = s3_server.create_bucket()
    provider = SmsProvider().start()
    started = []
    try:
        for name in ("a", "b"):
            env = production_env(
                tmp_path / f"node-{name}",  # each node its own disk (static files, logs): never shared
                DATABASE_URL=shared_database,
                TASKS_BACKEND="django_tasks_db.DatabaseBackend",
                EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
                SMS_BACKEND="http",
                SMS_PROVIDER_URL=provider.url,
                SMS_API_TOKEN=provider.token,
                RELAIS_REQUIRE_2FA="1",
                **s3_server.environ(bucket),
            )
            port, log = free_port(), tmp_path / f"node-{name}.log"
            started.append((start_serve(env, port, log), port, log))
        for proc, port, log in started:
            status, body, _ = wait_http(
                f"http://127.0.0.1:{port}/", proc, log, headers={"X-Forwarded-Proto": "https"}, seconds=180
            )
            assert status == 200, body[:500]
        yield {
            "a": Node(started[0][1]),
            "b": Node(started[1][1]),
            "bucket": bucket,
            "sms": provider,
            "logs": [log for _p, _port, log in started],
        }
    finally:
        for proc, _port, _log in started:
            stop(proc)
        provider.stop()


def test_upload_on_one_node_download_on_the_other(nodes, s3_server, procedure, owner):
    a, b, bucket = nodes["a"], nodes["b"], nodes["bucket"]
    person_session = session_for(owner.user)
    photo = images.jpeg(2400, 1800, quality=95)
    status, _body, location = a.upload(reverse("documents:upload"), person_session, "files", "IMG_0007.jpg", photo)
    assert status == 302 and "/attente/" in location, _body[:1000]
    status, _body, _ = b.post(location, person_session, {"doc_type": "identity", "title": "Carte d'identité"})
    assert status == 302, _body[:1000]
    document = Document.objects.get(person=owner)
    in_bucket = s3_server.read(bucket, document.file.name)
    assert b.get(reverse("documents:download", args=[document.pk]), person_session)[:2] == (200, in_bucket)

    a.post(reverse("procedures:start", args=[procedure.slug]), person_session, {})
    dossier = Dossier.objects.get(person=owner)
    dossier = services.dossier_save_page(
        dossier=dossier, actor=owner.user, page=0, values=PAGE0, revision=dossier.revision
    ).dossier
    dossier = services.dossier_save_page(
        dossier=dossier, actor=owner.user, page=1, values=PAGE1, revision=dossier.revision
    ).dossier
    status, _body, _ = a.post(
        reverse("procedures:attach_document", args=[dossier.pk]),
        person_session,
        {"field": "piece", "document_piece": document.pk, "revision": dossier.revision},
    )
    attachment = Attachment.objects.get(dossier=dossier)
    dossier.refresh_from_db()
    status, _body, location = b.post(
        reverse("procedures:dossier_review", args=[dossier.pk]), person_session, {"revision": dossier.revision}
    )
    assert location == reverse("procedures:dossier", args=[dossier.pk]), _body[:1000]
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.SUBMITTED

    agent_session = session_for(agent_of(procedure.organisation), second_factor=True)
    stored = s3_server.read(bucket, attachment.file.name)
    assert stored[:3] == b"\xff\xd8\xff" and len(stored) == attachment.size
    for node in (b, a):
        status, body, _ = node.get(reverse("procedures:attachment", args=[attachment.pk]), agent_session)
        assert (status, body) == (200, stored)


def test_burst_of_notifications_delivered_exactly_once_with_two_workers(nodes):
    provider = nodes["sms"]
    people = Person.objects.bulk_create(
        [
            Person(
                first_name=f"P{i}",
                last_name="Rafale",
                phone=f"06 12 34 {i // 100:02d} {i % 100:02d}",
                preferred_channel="sms",
            )
            for i in range(BURST)
        ]
    )
    keys = {f"burst-{i}" for i in range(BURST)}
    for i, person in enumerate(people):
        notify(
            event="rdv_confirmed",
            key=f"burst-{i}",
            person=person,
            subject="Rendez-vous",
            body="Votre rendez-vous est confirmé.",
            sms=f"Rendez-vous {i} confirmé.",
        )
    burst = Delivery.objects.filter(notification__key__startswith="burst-")
    deadline = time.monotonic() + 180
    while burst.filter(status=DeliveryStatus.SENT).count() < BURST and time.monotonic() < deadline:
        time.sleep(0.5)
    states = dict(burst.values_list("notification__key", "status"))
    assert sorted(set(states.values())) == [DeliveryStatus.SENT], json.dumps(
        {k: v for k, v in states.items() if v != DeliveryStatus.SENT}
    )[:1000] + "".join(log.read_text()[-2000:] for log in nodes["logs"])
    time.sleep(2)  # a duplicate sent late by the other worker would show up now
    delivery_keys = {delivery.idempotency_key for delivery in burst}
    sent = [m["key"] for m in provider.messages if m["key"] in delivery_keys]
    assert len(sent) == BURST and set(sent) == delivery_keys  # each once, none twice
    assert len({m["to"] for m in provider.messages if m["key"] in delivery_keys}) == BURST
    assert set(burst.values_list("notification__key", flat=True)) == keys
    claims = [
        w
        for ids in DBTaskResult.objects.filter(task_path__endswith=".deliver").values_list("worker_ids", flat=True)
        for w in ids
    ]
    print(f"deliver tasks per worker: { {w: claims.count(w) for w in set(claims)} }")
    assert len(set(claims)) == 2, "both nodes' workers took part"
    logs = "".join(log.read_text(errors="replace") for log in nodes["logs"])
    assert "database is locked" not in logs and "Traceback" not in logs, logs[-3000:]
