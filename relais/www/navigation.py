"""Main navigation by role: each entry is shown when the policy allows its action."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from relais import policy
from relais.www.persons import todo


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    action: str
    #: the page is about the active organisation: not shown to someone acting for none (staff)
    needs_organisation: bool = False
    #: how many things wait there for the user (shown beside the label; cached a minute)
    count: Callable | None = None


NAV_ITEMS: list[NavItem] = [
    NavItem(_("Trouver de l'aide"), "directory:search", "page.public"),
    NavItem(_("Mes droits"), "rights:start", "page.public"),
    NavItem(_("Démarches"), "procedures:catalogue", "page.public"),
    NavItem(_("Mon espace"), "www:dashboard", "page.authenticated", count=todo.nav_count_person),
    NavItem(_("Mon coffre"), "documents:safe", "document.safe"),
    NavItem(_("Mes mandats"), "mandates:person_mandates", "mandate.view_own"),
    NavItem(_("Mes orientations"), "referrals:mine", "referrals.mine"),
    NavItem(_("Personnes accompagnées"), "mandates:helper_home", "mandates.helper_space"),
    NavItem(_("À suivre"), "persons:worklist", "mandates.helper_space", count=todo.nav_count_worklist),
    NavItem(_("Orientations"), "referrals:inbox", "referrals.inbox", needs_organisation=True),
    NavItem(_("Instruction"), "procedures:backoffice_home", "procedures.backoffice"),
    NavItem(_("Retours des usagers"), "feedback:author_home", "procedures.backoffice"),
    NavItem(_("Saisines"), "escalations:inbox", "escalation.inbox", needs_organisation=True),
    NavItem(_("Rendez-vous"), "appointments:day", "appointment.agent_day"),
    NavItem(_("Ma structure"), "www:organisation", "organisation.view_members", needs_organisation=True),
    NavItem(_("Coordination"), "www:coordination", "coordinator.space"),
    NavItem(_("Observatoire"), "observatory:dashboard", "observatory.dashboard"),
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
            count = item.count(request) if item.count is not None else 0
            result.append(
                {
                    "label": item.label,
                    "url": url,
                    "current": request.path.startswith(url) and url != "/",
                    "count": count,
                    "count_text": ngettext("%(n)d en attente", "%(n)d en attente", count) % {"n": count},
                }
            )
    return result
