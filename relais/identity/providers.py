"""The providers Relais knows, configured by environment variables only (config/settings.py, README).

A provider is real when its issuer is set; otherwise, with RELAIS_FAKE_IDP on (`make run`, demos), the
demonstration provider served by Relais itself stands in for it (relais/identity/fake_provider.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings

from relais.identity.errors import IdentityError
from relais.identity.models import Provider

FAKE_CLIENT_ID = "relais-demo"
FAKE_CLIENT_SECRET = "relais-demo-secret"  # noqa: S105 - the demonstration provider's, public by design

SCOPES = {
    Provider.FRANCECONNECT: "openid given_name family_name birthdate birthplace birthcountry gender email",
    Provider.PROCONNECT: "openid given_name usual_name email uid siret",
}
# Only the parameters each provider accepts (ProConnect refuses any other with Y000400).
EXTRA_PARAMETERS = {
    Provider.FRANCECONNECT: {"acr_values": "eidas1"},
    Provider.PROCONNECT: {"claims": '{"id_token":{"amr":{"essential":true}}}'},
}


@dataclass(frozen=True)
class ProviderConfig:
    name: str
    issuer: str
    client_id: str
    client_secret: str
    fake: bool = False
    scopes: str = ""
    extra: dict = field(default_factory=dict)
    # a JSON userinfo is accepted only from a provider explicitly configured so (the test provider process):
    # FranceConnect and ProConnect sign it
    userinfo_json: bool = False
    # the discovery document when it is known without asking (the demonstration provider of this very site)
    metadata: dict | None = None

    @property
    def label(self) -> str:
        return Provider(self.name).label


def _setting(name: str, key: str, default=""):
    return getattr(settings, f"RELAIS_{name.upper()}_{key}", default)


def provider_config(name: str, *, fake_issuer: str = "", fake_metadata: dict | None = None) -> ProviderConfig:
    """The configuration of one provider; `fake_issuer` is where this site serves the demonstration one."""
    if name not in Provider.values:
        raise IdentityError("not_configured")
    issuer = _setting(name, "ISSUER")
    common = {
        "scopes": _setting(name, "SCOPES") or SCOPES[name],
        "extra": dict(EXTRA_PARAMETERS[name]),
        "userinfo_json": bool(_setting(name, "USERINFO_JSON", False)),
    }
    if issuer:
        return ProviderConfig(
            name=name,
            issuer=issuer.rstrip("/"),
            client_id=_setting(name, "CLIENT_ID"),
            client_secret=_setting(name, "CLIENT_SECRET"),
            **common,
        )
    if fake_enabled() and fake_issuer:
        return ProviderConfig(
            name=name,
            issuer=fake_issuer.rstrip("/"),
            client_id=FAKE_CLIENT_ID,
            client_secret=FAKE_CLIENT_SECRET,
            fake=True,
            metadata=fake_metadata,
            **common,
        )
    raise IdentityError("not_configured")


def fake_enabled() -> bool:
    return bool(getattr(settings, "RELAIS_FAKE_IDP", False))


def available(name: str) -> bool:
    return bool(_setting(name, "ISSUER")) or fake_enabled()


def fake_serves(name: str) -> bool:
    """The demonstration provider answers for `name` only when no real one is configured."""
    return fake_enabled() and name in Provider.values and not _setting(name, "ISSUER")
