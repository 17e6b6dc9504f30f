"""A tiny OpenID Connect provider shaped like FranceConnect v2 / ProConnect, started by the tests on a free
loopback port (http.server in a thread): ES256 keys generated here, signed userinfo (application/jwt), `amr`,
key rotation, and the faults the issue lists (wrong nonce, altered signature, unknown key id, slow answers,
expired codes)."""

from __future__ import annotations

import json
import secrets
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa

CLIENT_ID = "relais-test"
CLIENT_SECRET = "relais-test-secret"  # noqa: S105


class TinyProvider:
    def __init__(self, *, alg: str = "ES256"):
        self.alg = alg
        self.keys: dict[str, object] = {}
        self.rotate()
        self.codes: dict[str, dict] = {}
        self.tokens: dict[str, dict] = {}
        self.jwks_fetches = 0
        self.token_calls = 0
        self.delay = 0.0
        self.faults: set[str] = set()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}/api/v2"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def rotate(self) -> str:
        """A new signing key (the old ones leave the JWKS): returns its kid."""
        kid = secrets.token_hex(4)
        if self.alg == "ES256":
            key = ec.generate_private_key(ec.SECP256R1())
        else:
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.keys = {kid: key}
        self.kid = kid
        return kid

    def jwks(self) -> dict:
        algorithm = jwt.algorithms.ECAlgorithm if self.alg == "ES256" else jwt.algorithms.RSAAlgorithm
        return {
            "keys": [
                {**algorithm.to_jwk(key.public_key(), as_dict=True), "kid": kid, "use": "sig", "alg": self.alg}
                for kid, key in self.keys.items()
            ]
        }

    def sign(self, claims: dict, *, kid: str | None = None) -> str:
        kid = kid or self.kid
        key = self.keys.get(kid) or next(iter(self.keys.values()))
        return jwt.encode(claims, key, algorithm=self.alg, headers={"kid": kid})

    # what the person does at the provider: returns the code the callback receives
    def authorize(self, query: dict, *, claims: dict, amr=None, acr: str = "eidas1") -> str:
        code = secrets.token_urlsafe(16)
        self.codes[code] = {"nonce": query["nonce"][0], "claims": claims, "amr": amr, "acr": acr, "at": time.time()}
        return code

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status: int, body, content_type="application/json"):
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                path = urllib.parse.urlparse(self.path).path
                base = urllib.parse.urlparse(provider.issuer).path
                if path == f"{base}/.well-known/openid-configuration":
                    root = provider.issuer
                    return self._send(
                        200,
                        {
                            "issuer": provider.issuer,
                            "authorization_endpoint": f"{root}/authorize",
                            "token_endpoint": f"{root}/token",
                            "userinfo_endpoint": f"{root}/userinfo",
                            "jwks_uri": f"{root}/jwks",
                            "end_session_endpoint": f"{root}/session/end",
                        },
                    )
                if path == f"{base}/jwks":
                    provider.jwks_fetches += 1
                    return self._send(200, provider.jwks())
                if path == f"{base}/userinfo":
                    token = provider.tokens.get(self.headers.get("Authorization", "").removeprefix("Bearer "))
                    if token is None:
                        return self._send(401, {"error": "invalid_token"})
                    claims = {"iss": provider.issuer, "aud": CLIENT_ID, **token["claims"]}
                    return self._send(200, provider.sign(claims).encode(), "application/jwt")
                return self._send(404, {"error": "not_found"})

            def do_POST(self):
                path = urllib.parse.urlparse(self.path).path
                length = int(self.headers.get("Content-Length") or 0)
                form = urllib.parse.parse_qs(self.rfile.read(length).decode())
                if path != urllib.parse.urlparse(provider.issuer).path + "/token":
                    return self._send(404, {"error": "not_found"})
                provider.token_calls += 1
                if provider.delay:
                    time.sleep(provider.delay)
                if "down" in provider.faults:
                    return self._send(503, {"error": "temporarily_unavailable"})
                if form.get("client_secret") != [CLIENT_SECRET] or form.get("client_id") != [CLIENT_ID]:
                    return self._send(401, {"error": "invalid_client"})
                grant = provider.codes.pop(form.get("code", [""])[0], None)
                if grant is None or "expired_code" in provider.faults:
                    return self._send(400, {"error": "invalid_grant"})
                now = int(time.time())
                id_claims = {
                    "iss": provider.issuer,
                    "sub": grant["claims"]["sub"],
                    "aud": CLIENT_ID,
                    "iat": now,
                    "exp": now + 60,
                    "nonce": "another-nonce" if "wrong_nonce" in provider.faults else grant["nonce"],
                    "acr": grant["acr"],
                }
                if grant["amr"] is not None:
                    id_claims["amr"] = grant["amr"]
                kid = "unknown-kid" if "unknown_kid" in provider.faults else None
                id_token = provider.sign(id_claims, kid=kid)
                if "bad_signature" in provider.faults:
                    head, body, signature = id_token.split(".")
                    id_token = f"{head}.{body}.{'A' if signature[0] != 'A' else 'B'}{signature[1:]}"
                access = secrets.token_urlsafe(16)
                provider.tokens[access] = grant
                return self._send(200, {"access_token": access, "token_type": "Bearer", "id_token": id_token})

        return Handler
