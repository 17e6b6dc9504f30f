"""Identity benchmarks (issue 19), against the loopback provider of the tests (tests/identity/provider.py: ES256
keys, signed userinfo), over real HTTP on 127.0.0.1.

- identity.verify.p95: checking one sign-in's two signed tokens (ID token and userinfo JWT, ES256, key set
  cached), in ms.
- identity.signin.p95: a whole FranceConnect sign-in of a linked person, in ms: the button (state and nonce
  stored, authorization URL), then the callback (state used, code exchanged, both tokens checked, account found,
  session opened). Queries of one callback are printed too."""

from __future__ import annotations

import statistics
import sys
import time
import urllib.parse

DATABASES = ["sqlite", "postgresql"]
PREFIXES = ["identity."]
ROUNDS = 200
CLAIMS = {
    "sub": "bench-sub",
    "given_name": "Angela",
    "family_name": "Dubois",
    "birthdate": "1962-08-24",
    "email": "bench.identity@example.org",
}


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, int(round(pct / 100 * len(ordered) + 0.5)) - 1))
    return ordered[index]


def _configured(provider):
    from django.test.utils import override_settings

    from tests.identity.provider import CLIENT_ID, CLIENT_SECRET

    return override_settings(
        RELAIS_FRANCECONNECT_ISSUER=provider.issuer,
        RELAIS_FRANCECONNECT_CLIENT_ID=CLIENT_ID,
        RELAIS_FRANCECONNECT_CLIENT_SECRET=CLIENT_SECRET,
        RELAIS_REQUIRE_2FA=False,
        AXES_ENABLED=False,
        ALLOWED_HOSTS=["*"],
    )


def bench_verify(provider) -> list[float]:
    import time as clock

    from relais.identity import oidc, providers

    config = providers.provider_config("franceconnect")
    now = int(clock.time())
    id_token = provider.sign(
        {"iss": provider.issuer, "sub": "s", "aud": config.client_id, "iat": now, "exp": now + 60, "nonce": "n"}
    )
    userinfo = provider.sign({"iss": provider.issuer, "aud": config.client_id, **CLAIMS})
    timings = []
    for _ in range(ROUNDS * 5):
        start = time.perf_counter()
        oidc.verify_jwt(config, id_token, audience=config.client_id, issuer=provider.issuer)
        oidc.verify_jwt(config, userinfo, audience=None, issuer=provider.issuer)
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def bench_signin(provider) -> tuple[list[float], int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    def one(client, capture=None) -> None:
        response = client.post("/identite/franceconnect/connexion/")
        query = urllib.parse.parse_qs(urllib.parse.urlparse(response["Location"]).query)
        code = provider.authorize(query, claims=CLAIMS)
        if capture is not None:
            with capture:
                callback = client.get("/identite/franceconnect/retour/", {"state": query["state"][0], "code": code})
        else:
            callback = client.get("/identite/franceconnect/retour/", {"state": query["state"][0], "code": code})
        assert callback.status_code == 302 and callback["Location"] == "/mon-espace/", callback.content[:300]
        client.logout()

    client = Client()
    for _ in range(3):  # warm-up: the first sign-in creates the person
        one(client)
    timings = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        one(client)
        timings.append((time.perf_counter() - start) * 1000)
    captured = CaptureQueriesContext(connection)
    one(client, captured)
    return timings, len(captured.captured_queries)


def run(only: str = ""):
    from django.core.cache import cache

    from tests.identity.provider import TinyProvider

    provider = TinyProvider().start()
    try:
        with _configured(provider):
            cache.clear()
            verify = bench_verify(provider)
            print(f"# identity.verify: {len(verify)} checks", file=sys.stderr)
            yield {"bench": "identity.verify.p95", "value": round(percentile(verify, 95), 2), "unit": "ms"}
            signin, queries = bench_signin(provider)
            print(
                f"# identity.signin: {len(signin)} sign-ins, median {statistics.median(signin):.1f} ms", file=sys.stderr
            )
            yield {"bench": "identity.signin.p95", "value": round(percentile(signin, 95), 1), "unit": "ms"}
            yield {"bench": "identity.signin.queries", "value": queries, "unit": "queries"}
    finally:
        provider.stop()
