"""The "acting for a person" context kept in the helper's session.

The session holds only ids (person, mandate, category, organisation). Every read re-checks the
mandate through the one policy (`mandate.act`): after expiry, revocation or a change of active
organisation, the context is dropped and `refusal` tells why.

Other screens (procedures) use:

    from relais.www.mandates.acting import current_acting
    acting = current_acting(request)          # None when not acting (or no longer allowed)
    if acting: services.dossier_start(..., on_behalf_of=acting.person, mandate=acting.mandate)

The template context processor `acting_context` exposes `acting` to every template and the
banner component `components/acting_for_banner.html` shows it."""

from __future__ import annotations

from dataclasses import dataclass

from relais import policy
from relais.mandates import selectors
from relais.organisations.models import MandateCategory

SESSION_KEY = "mandates_acting"


@dataclass
class Acting:
    person: object
    mandate: object
    category: str
    category_label: str

    @property
    def expires_at(self):
        return self.mandate.expires_at


def acting_set(request, *, mandate, category: str) -> None:
    request.session[SESSION_KEY] = {
        "person_id": mandate.person_id,
        "mandate_id": mandate.pk,
        "category": category,
        "organisation_id": mandate.organisation_id,
    }


def acting_clear(request) -> None:
    request.session.pop(SESSION_KEY, None)


def current_acting(request) -> Acting | None:
    """The acting context, re-checked against the policy; None (and cleared) when no longer allowed."""
    if hasattr(request, "_mandates_acting"):
        return request._mandates_acting
    request._mandates_acting = None
    request._mandates_acting_refusal = ""
    data = getattr(request, "session", {}).get(SESSION_KEY) if hasattr(request, "session") else None
    user = getattr(request, "user", None)
    if not data or user is None or not user.is_authenticated:
        return None
    mandate = selectors.mandate_get(mandate_id=data.get("mandate_id"))
    organisation = getattr(request, "organisation", None)
    if mandate is None or organisation is None or organisation.pk != data.get("organisation_id"):
        acting_clear(request)
        return None
    decision = policy.decide(user, "mandate.act", mandate.person, category=data.get("category"), mandate=mandate)
    if not decision:
        request._mandates_acting_refusal = decision.reason
        acting_clear(request)
        return None
    category = data["category"]
    request._mandates_acting = Acting(
        person=mandate.person, mandate=mandate, category=category, category_label=str(MandateCategory(category).label)
    )
    return request._mandates_acting


def acting_refusal(request) -> str:
    """Why the acting context was just dropped (plain French), if it was."""
    current_acting(request)
    return getattr(request, "_mandates_acting_refusal", "")
