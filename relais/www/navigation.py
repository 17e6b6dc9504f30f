"""Main navigation by role: each entry is shown when the policy allows its action."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from relais import policy


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    action: str
    #: the page is about the active organisation: not shown to someone acting for none (staff)
    needs_organisation: bool = False


NAV_ITEMS: list[NavItem] = [
    NavItem(_("Trouver de l'aide"), "directory:search", "page.public"),
    NavItem(_("Mes droits"), "rights:start", "page.public"),
    NavItem(_("Démarches"), "procedures:catalogue", "page.public"),
    NavItem(_("Mon espace"), "www:dashboard", "page.authenticated"),
    NavItem(_("Mon coffre"), "documents:safe", "document.safe"),
    NavItem(_("Mes mandats"), "mandates:person_mandates", "mandate.view_own"),
    NavItem(_("Personnes accompagnées"), "mandates:helper_home", "mandates.helper_space"),
    NavItem(_("Instruction"), "procedures:backoffice_home", "procedures.backoffice"),
    NavItem(_("Ma structure"), "www:organisation", "organisation.view_members", needs_organisation=True),
    NavItem(_("Coordination"), "www:coordination", "coordinator.space"),
]


def items_for(request) -> list[dict]:
    result = []
    for item in NAV_ITEMS:
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue  # feature not installed yet
        if item.needs_organisation and getattr(request, "organisation", None) is None:
            continue
        if policy.allows(request.user, item.action):
            result.append({"label": item.label, "url": url, "current": request.path.startswith(url) and url != "/"})
    return result
