"""The "acting for a person" context kept in the helper's session.

The session holds only ids (person, mandate, category, organisation). Every read re-checks the
mandate through the one policy (`mandate.act`): after expiry, revocation or a change of active
organisation, the context is dropped and `refusal` tells why.

Other screens (procedures) use:

    from relais.www.mandates.acting import current_acting
    acting = current_acting(request)          # None when not acting (or no longer allowed)
    if acting: services.dossier_start(..., on_behalf_of=acting.person, mandate=acting.mandate)

Every screen that starts or opens a procedure for the person asks the ONE domain check,
`require_acting_domain(request, acting, category)`: a procedure of another domain than the
session's is refused; when the mandate covers that domain the refusal page (rendered by
`ActingDomainMiddleware`) offers one POST button « Passer au domaine X » (`mandates:acting_switch`).

The template context processor `acting_context` exposes `acting` to every template and the
banner component `components/acting_for_banner.html` shows it."""

from __future__ import annotations

from dataclasses import dataclass

from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

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


def category_label(category: str) -> str:
    return str(MandateCategory(category).label) if category in MandateCategory.values else category


class ActingDomainRefused(policy.Refused):
    """A procedure outside the acting session's domain; `can_switch` when the mandate covers it."""

    def __init__(self, message: str, *, acting: Acting, category: str, can_switch: bool, next_url: str) -> None:
        super().__init__(message)
        self.acting = acting
        self.category = category
        self.can_switch = can_switch
        self.next_url = next_url


def safe_next(request, url: str | None, default: str) -> str:
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=False):
        return url
    return default


def require_acting_domain(request, acting: Acting, category: str) -> None:
    """The one check of the acting session's domain: `mandate.act` with the session's category."""
    decision = policy.decide(
        request.user,
        "mandate.act",
        acting.person,
        category=category,
        mandate=acting.mandate,
        session_category=acting.category,
    )
    if decision:
        return
    plain = policy.decide(request.user, "mandate.act", acting.person, category=category, mandate=acting.mandate)
    if not plain:  # the mandate does not cover it (never did, withdrawn, ended): refused plainly
        raise policy.Refused(plain.reason)
    next_url = request.get_full_path() if request.method == "GET" else request.META.get("HTTP_REFERER", "")
    raise ActingDomainRefused(
        decision.reason,
        acting=acting,
        category=category,
        can_switch=True,
        next_url=safe_next(request, next_url, ""),
    )


class ActingDomainMiddleware:
    """Renders `ActingDomainRefused` as a 403 page with the switch button (when the mandate allows it)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ActingDomainRefused):
            return None
        return render(
            request,
            "mandates/acting_domain_refused.html",
            {
                "title": _("Démarche d'un autre domaine"),
                "message": exception.message,
                "refused": exception,
                "category_label": category_label(exception.category),
            },
            status=403,
        )
