"""The demonstration identity provider served by Relais itself when no real provider is configured and
RELAIS_FAKE_IDP is on (`make run`, demos; never in production): FranceConnect- and ProConnect-shaped
claims for the demo users, ES256 tokens and signed userinfo, and error injection. No real identity.

Stateless: its signing key is derived from SECRET_KEY, codes and access tokens are signed values (a code
lives 30 seconds, like ProConnect's)."""

from __future__ import annotations

import hashlib
import time

import jwt
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from relais.identity.models import Provider
from relais.identity.providers import FAKE_CLIENT_ID, FAKE_CLIENT_SECRET

KID = "relais-demo-es256"
CODE_SALT = "relais.identity.fake.code"
TOKEN_SALT = "relais.identity.fake.token"
CODE_MAX_AGE = 30
TOKEN_MAX_AGE = 60

# SIRETs given to the demo organisations by relais/identity/demo.py (valid Luhn keys).
DEMO_SIRETS = {"fs_venissieux": "13002526500013", "ccas_lyon": "26690123400002", "asso_marseille": "44306184100047"}

IDENTITIES = {
    Provider.FRANCECONNECT: {
        "camille": {
            "given_name": "Camille Louise",
            "family_name": "Petit",
            "birthdate": "1990-04-12",
            "birthplace": "69123",
            "birthcountry": "99100",
            "gender": "female",
            "email": "camille.petit@franceconnect-demo.fr",
        },
        "jules": {
            "given_name": "Jules",
            "family_name": "Bernard",
            "birthdate": "1985-09-03",
            "birthplace": "",
            "birthcountry": "99350",
            "gender": "male",
            "email": "jules.bernard@demo.relais.fr",
        },
    },
    Provider.PROCONNECT: {
        "sami": {
            "given_name": "Sami",
            "usual_name": "Haddad",
            "email": "sami.aidant@demo.relais.fr",
            "uid": "sami-haddad",
            "siret": DEMO_SIRETS["asso_marseille"],
            "idp_id": "demo-idp",
            "amr": ["pwd"],
        },
        "marc": {
            "given_name": "Marc",
            "usual_name": "Lefèvre",
            "email": "marc.responsable@demo.relais.fr",
            "uid": "marc-lefevre",
            "siret": DEMO_SIRETS["fs_venissieux"],
            "idp_id": "demo-idp",
            "amr": ["pwd", "mfa"],
        },
        "nadia": {
            "given_name": "Nadia",
            "usual_name": "Roux",
            "email": "nadia.roux@ccas-demo.fr",
            "uid": "nadia-roux",
            "siret": DEMO_SIRETS["ccas_lyon"],
            "idp_id": "demo-idp",
            "amr": ["pwd"],
        },
    },
}

INJECTIONS = {
    "": _("Aucune : tout se passe bien"),
    "cancel": _("La personne annule chez le fournisseur"),
    "server_error": _("Le fournisseur est en panne"),
    "wrong_nonce": _("Mauvais nonce dans le jeton"),
    "bad_signature": _("Signature du jeton modifiée"),
    "unknown_kid": _("Clé de signature inconnue"),
    "expired_code": _("Code expiré"),
    "timeout": _("Le fournisseur met trop de temps à répondre"),
}


def _private_key() -> ec.EllipticCurvePrivateKey:
    seed = hashlib.sha256(f"relais-fake-idp:{settings.SECRET_KEY}".encode()).digest()
    return ec.derive_private_key(int.from_bytes(seed, "big") % (2**255), ec.SECP256R1())


def jwks() -> dict:
    public = jwt.algorithms.ECAlgorithm.to_jwk(_private_key().public_key(), as_dict=True)
    return {"keys": [{**public, "kid": KID, "use": "sig", "alg": "ES256"}]}


def discovery(*, issuer: str, urls: dict) -> dict:
    return {
        "issuer": issuer,
        **urls,
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["ES256"],
        "userinfo_signing_alg_values_supported": ["ES256"],
        "acr_values_supported": ["eidas1"],
        "token_endpoint_auth_methods_supported": ["client_secret_post"],
    }


def identity(provider: str, key: str) -> dict | None:
    return IDENTITIES.get(provider, {}).get(key)


def code_issue(*, provider: str, key: str, nonce: str, injection: str, redirect_uri: str) -> str:
    return signing.dumps({"p": provider, "k": key, "n": nonce, "x": injection, "r": redirect_uri}, salt=CODE_SALT)


def _sign(claims: dict, *, kid: str = KID) -> str:
    return jwt.encode(claims, _private_key(), algorithm="ES256", headers={"kid": kid})


def _sub(provider: str, key: str) -> str:
    return hashlib.sha256(f"{provider}:{key}:{settings.SECRET_KEY}".encode()).hexdigest()[:32]


class FakeError(Exception):
    def __init__(self, error: str, status: int = 400):
        super().__init__(error)
        self.error, self.status = error, status


def token(*, issuer: str, code: str, client_id: str, client_secret: str, redirect_uri: str) -> dict:
    if client_id != FAKE_CLIENT_ID or client_secret != FAKE_CLIENT_SECRET:
        raise FakeError("invalid_client", 401)
    try:
        data = signing.loads(code, salt=CODE_SALT, max_age=CODE_MAX_AGE)
    except signing.BadSignature as exc:
        raise FakeError("invalid_grant") from exc
    if data["r"] != redirect_uri or data["x"] == "expired_code":
        raise FakeError("invalid_grant")
    if data["x"] == "timeout":
        time.sleep(settings.RELAIS_OIDC_TIMEOUT + 1)
    now = int(time.time())
    claims = identity(data["p"], data["k"]) or {}
    id_claims = {
        "iss": issuer,
        "sub": _sub(data["p"], data["k"]),
        "aud": client_id,
        "iat": now,
        "exp": now + TOKEN_MAX_AGE,
        "nonce": "not-the-nonce" if data["x"] == "wrong_nonce" else data["n"],
        "acr": "eidas1",
    }
    if data["p"] == Provider.PROCONNECT:
        id_claims["amr"] = claims.get("amr", ["pwd"])
    id_token = _sign(id_claims, kid="unknown-key" if data["x"] == "unknown_kid" else KID)
    if data["x"] == "bad_signature":
        head, body, signature = id_token.split(".")
        id_token = ".".join([head, body, ("A" if signature[0] != "A" else "B") + signature[1:]])
    access = signing.dumps({"p": data["p"], "k": data["k"]}, salt=TOKEN_SALT)
    return {"access_token": access, "token_type": "Bearer", "expires_in": TOKEN_MAX_AGE, "id_token": id_token}


def userinfo(*, issuer: str, access_token: str) -> str:
    try:
        data = signing.loads(access_token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature as exc:
        raise FakeError("invalid_token", 401) from exc
    claims = {k: v for k, v in (identity(data["p"], data["k"]) or {}).items() if k != "amr"}
    return _sign({"iss": issuer, "sub": _sub(data["p"], data["k"]), "aud": FAKE_CLIENT_ID, **claims})
