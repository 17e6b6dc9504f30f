"""Demo content of identity (idempotent): the demo organisations get the SIRETs the demonstration provider's
ProConnect identities carry (relais/identity/fake_provider.py), so a ProConnect sign-in proposes them."""

from relais.identity.fake_provider import DEMO_SIRETS


def load(ctx: dict, stdout) -> None:
    count = 0
    for key, siret in DEMO_SIRETS.items():
        organisation = ctx["organisations"].get(key)
        if organisation is not None and not organisation.siret:
            organisation.siret = siret
            organisation.save(update_fields=["siret"])
            count += 1
    stdout.write(f"  {count} SIRET de démonstration (ProConnect)")
