"""A small OpenID Connect client for FranceConnect v2 and ProConnect: discovery, authorization URL, code
exchange, ID token and signed userinfo checked with the provider's keys (JWKS, fetched again when a check
fails or a key id is unknown), end-session URL. HTTP with the standard library and a timeout."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

import jwt
from django.conf import settings
from django.core.cache import cache

from relais.identity.errors import IdentityError
from relais.identity.providers import ProviderConfig

ALGORITHMS = ("ES256", "RS256")
LEEWAY = 60
DISCOVERY_TTL = 3600
JWKS_TTL = 3600


@dataclass
class Identity:
    """What a provider said about the person, once every check passed."""

    provider: str
    sub: str
    claims: dict
    acr: str = ""
    amr: list = field(default_factory=list)
    id_token: str = ""


def _http(url: str, *, data: dict | None = None, headers: dict | None = None) -> tuple[str, bytes]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers={"Accept": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=settings.RELAIS_OIDC_TIMEOUT) as response:  # noqa: S310
            return answer(response.status, response.headers.get("Content-Type", ""), response.read())
    except urllib.error.HTTPError as exc:
        return answer(exc.code, exc.headers.get("Content-Type", ""), exc.read())
    except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
        raise IdentityError("unavailable", str(exc)) from exc


def answer(status: int, content_type: str, body: bytes) -> tuple[str, bytes]:
    """A provider's HTTP answer, or the error it means: an expired or reused code, the provider down, or a
    configuration error (wrong client secret, unknown endpoint...)."""
    if status < 400:
        return content_type, body
    try:
        error = json.loads(body).get("error", "")
    except (ValueError, AttributeError):
        error = ""
    if error == "invalid_grant":
        raise IdentityError("expired_code", error)
    if status >= 500:
        raise IdentityError("unavailable", f"HTTP {status}")
    raise IdentityError("configuration", f"HTTP {status} {error}")


def _json(url: str, **kwargs) -> dict:
    _type, body = _http(url, **kwargs)
    try:
        value = json.loads(body)
    except ValueError as exc:
        raise IdentityError("configuration", "not JSON") from exc
    if not isinstance(value, dict):
        raise IdentityError("configuration", "not an object")
    return value


def discover(config: ProviderConfig) -> dict:
    if config.metadata is not None:
        return config.metadata
    key = f"identity:discovery:{config.issuer}"
    metadata = cache.get(key)
    if metadata is None:
        metadata = _json(f"{config.issuer}/.well-known/openid-configuration")
        required = ("authorization_endpoint", "token_endpoint", "jwks_uri", "issuer")
        if any(not metadata.get(name) for name in required):
            raise IdentityError("configuration", "incomplete discovery document")
        cache.set(key, metadata, DISCOVERY_TTL)
    return metadata


def authorize_url(config: ProviderConfig, *, redirect_uri: str, state: str, nonce: str, idp_hint: str = "") -> str:
    metadata = discover(config)
    params = {
        "response_type": "code",
        "client_id": config.client_id,
        "redirect_uri": redirect_uri,
        "scope": config.scopes,
        "state": state,
        "nonce": nonce,
        **config.extra,
    }
    if idp_hint:
        params["idp_hint"] = idp_hint
    separator = "&" if "?" in metadata["authorization_endpoint"] else "?"
    return f"{metadata['authorization_endpoint']}{separator}{urllib.parse.urlencode(params)}"


def end_session_url(config: ProviderConfig, *, id_token: str, state: str, post_logout_redirect_uri: str) -> str:
    endpoint = discover(config).get("end_session_endpoint")
    if not endpoint:
        return ""
    params = {"id_token_hint": id_token, "state": state, "post_logout_redirect_uri": post_logout_redirect_uri}
    return f"{endpoint}?{urllib.parse.urlencode(params)}"


def _jwks(config: ProviderConfig, *, refresh: bool = False) -> dict:
    key = f"identity:jwks:{config.issuer}"
    keys = None if refresh else cache.get(key)
    if keys is None:
        keys = _json(discover(config)["jwks_uri"])
        cache.set(key, keys, JWKS_TTL)
    return keys


def _keys_for(config: ProviderConfig, header: dict, *, refresh: bool) -> list:
    """The keys that may have signed a token of this header: the one of its key id (every signing key of the
    set when the header names none)."""
    alg = header.get("alg")
    if alg == "HS256" and config.name == "proconnect":  # ProConnect may sign userinfo with the client secret
        return [config.client_secret]
    if alg not in ALGORITHMS:
        raise IdentityError("signature", f"algorithm {alg!r}")
    keys = []
    for candidate in _jwks(config, refresh=refresh).get("keys", []):
        if candidate.get("use", "sig") != "sig" or (header.get("kid") and candidate.get("kid") != header["kid"]):
            continue
        try:
            keys.append(jwt.PyJWK(candidate, algorithm=alg).key)
        except jwt.PyJWKError:
            continue  # a key of another type (an RSA key for an ES256 token)
    return keys


def verify_jwt(config: ProviderConfig, token: str, *, audience: str | None, issuer: str) -> dict:
    """The claims of a signed token; the keys are fetched again once when the key id is unknown or the
    signature does not check (the provider rotated them)."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.InvalidTokenError as exc:
        raise IdentityError("signature", "unreadable token") from exc
    algorithms = [header.get("alg")] if header.get("alg") in (*ALGORITHMS, "HS256") else list(ALGORITHMS)
    options = {"require": ["iss", "exp", "iat"] if audience else ["iss"], "verify_aud": audience is not None}
    for refresh in (False, True):
        for key in _keys_for(config, header, refresh=refresh):
            try:
                return jwt.decode(
                    token, key, algorithms=algorithms, audience=audience, issuer=issuer, leeway=LEEWAY, options=options
                )
            except jwt.InvalidSignatureError:
                continue
            except jwt.InvalidTokenError as exc:
                raise IdentityError("signature", type(exc).__name__) from exc
    raise IdentityError("signature", "no key checks the signature")


def exchange_code(config: ProviderConfig, *, code: str, redirect_uri: str, nonce: str) -> Identity:
    """Code → tokens → checked ID token (nonce) → signed userinfo of the same `sub`."""
    metadata = discover(config)
    tokens = _json(
        metadata["token_endpoint"],
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "client_id": config.client_id,
            "client_secret": config.client_secret,
        },
    )
    id_token, access_token = tokens.get("id_token"), tokens.get("access_token")
    if not id_token or not access_token:
        raise IdentityError("configuration", "tokens missing")
    id_claims = verify_jwt(config, id_token, audience=config.client_id, issuer=metadata["issuer"])
    if not nonce or id_claims.get("nonce") != nonce:
        raise IdentityError("nonce")
    content_type, body = _http(metadata["userinfo_endpoint"], headers={"Authorization": f"Bearer {access_token}"})
    if content_type.startswith("application/jwt"):
        claims = verify_jwt(config, body.decode().strip(), audience=None, issuer=metadata["issuer"])
    elif config.userinfo_json and content_type.startswith("application/json"):
        claims = json.loads(body)
    else:
        raise IdentityError("signature", f"userinfo not signed ({content_type})")
    if claims.get("sub") != id_claims.get("sub") or not claims.get("sub"):
        raise IdentityError("claims", "userinfo sub differs")
    amr = id_claims.get("amr") or []
    return Identity(
        provider=config.name,
        sub=str(claims["sub"]),
        claims=claims,
        acr=str(id_claims.get("acr") or ""),
        amr=list(amr) if isinstance(amr, list) else [str(amr)],
        id_token=id_token,
    )
