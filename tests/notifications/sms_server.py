"""A local SMS provider for the tests: a real HTTP server (http.server in a thread).

It behaves like a provider with idempotency keys: a message is accepted once per
`Idempotency-Key`; a request repeating a key that was accepted gets the same answer and sends
nothing new; a key still being processed gets 409. Each request can be scripted to fail:
- "ok": accept (default);
- "500": answer 500, accept nothing;
- "400": answer 400 (invalid number), accept nothing;
- "hang": accept the message, then hold the answer until `release()` (or `hang_seconds`),
  as when a provider is slow or the network drops the answer."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class SmsProvider:
    def __init__(self, token: str = "test-token", hang_seconds: float = 60) -> None:
        self.token = token
        self.hang_seconds = hang_seconds
        self.script: list[str] = []
        self.requests: list[dict] = []  # every request received
        self.messages: list[dict] = []  # messages really sent to phones (one per key)
        self._answers: dict[str, dict] = {}  # Idempotency-Key -> answer given
        self._in_progress: set[str] = set()
        self._lock = threading.Lock()
        self._release = threading.Event()
        self.hanging = threading.Event()  # set while a request is being held
        provider = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test output quiet
                pass

            def do_POST(self):
                provider._handle(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/v1/sms"

    def start(self) -> SmsProvider:
        self.thread.start()
        return self

    def stop(self) -> None:
        self._release.set()
        self.server.shutdown()
        self.server.server_close()

    def release(self) -> None:
        """Let held requests answer, and wait until they are settled."""
        self._release.set()
        for _ in range(500):
            with self._lock:
                if not self._in_progress:
                    return
            threading.Event().wait(0.01)
        raise AssertionError("held SMS requests did not settle")

    # --- request handling -------------------------------------------------------------------

    def _answer(self, handler, status: int, payload: dict) -> None:
        body = json.dumps(payload).encode()
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)
        except OSError:  # the client went away (timeout, killed worker)
            pass

    def _handle(self, handler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length)
        key = handler.headers.get("Idempotency-Key", "")
        try:
            payload = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            payload = None
        with self._lock:
            self.requests.append({"key": key, "payload": payload, "headers": dict(handler.headers)})
            if handler.headers.get("Authorization") != f"Bearer {self.token}":
                return self._answer(handler, 401, {"error": "unauthorized"})
            if not isinstance(payload, dict) or not {"to", "text"} <= payload.keys():
                return self._answer(handler, 422, {"error": "to and text are required"})
            if key in self._answers:  # idempotent replay: same answer, nothing sent
                return self._answer(handler, 200, self._answers[key])
            if key in self._in_progress:
                return self._answer(handler, 409, {"error": "a request with this key is in progress"})
            action = self.script.pop(0) if self.script else "ok"
            if action == "500":
                return self._answer(handler, 500, {"error": "internal error"})
            if action == "400":
                return self._answer(handler, 400, {"error": "invalid phone number"})
            answer = {"id": f"msg-{len(self.messages) + 1}", "status": "accepted"}
            self.messages.append(
                {"key": key, "to": payload["to"], "text": payload["text"], "sender": payload.get("from")}
            )
            if action != "hang":
                self._answers[key] = answer
                return self._answer(handler, 200, answer)
            self._in_progress.add(key)
        # "hang": accepted, but the answer is held back (outside the lock)
        self.hanging.set()
        self._release.wait(self.hang_seconds)
        with self._lock:
            self._in_progress.discard(key)
            self._answers[key] = answer
        self._answer(handler, 200, answer)
