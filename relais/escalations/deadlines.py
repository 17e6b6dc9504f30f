"""The legal clock of the original request: two months of silence are an implicit decision of rejection
(« décision implicite de rejet », code des relations entre le public et l'administration, art. L231-4),
configurable per category and administration (`DeadlineRule`); the warning says the appeal route plainly."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils.translation import gettext as _

from relais.core.formats import date_words
from relais.escalations.calendar import add_months
from relais.escalations.models import DeadlineRule, Escalation

DEFAULT_MONTHS = 2


def warn_days() -> int:
    return getattr(settings, "ESCALATIONS_DEADLINE_WARN_DAYS", 14)


def silence_months(*, administration, category: str) -> int:
    rules = {
        (rule.organisation_id, rule.category): rule.months
        for rule in DeadlineRule.objects.filter(organisation__in=[administration], category__in=[category, ""])
        | DeadlineRule.objects.filter(organisation=None, category__in=[category, ""])
    }
    for key in ((administration.pk, category), (administration.pk, ""), (None, category), (None, "")):
        if key in rules:
            return rules[key]
    return DEFAULT_MONTHS


def decision_due_on(*, original_request_on: dt.date | None, administration, category: str) -> dt.date | None:
    if original_request_on is None:
        return None
    return add_months(original_request_on, silence_months(administration=administration, category=category))


def deadline_state(escalation: Escalation, today: dt.date) -> str:
    """ "" (no date, or closed), "later", "soon" (within the warning days) or "passed"."""
    if escalation.decision_due_on is None or escalation.closed_at is not None:
        return ""
    if escalation.decision_due_on < today:
        return "passed"
    if (escalation.decision_due_on - today).days <= warn_days():
        return "soon"
    return "later"


def appeal_text(escalation: Escalation, today: dt.date) -> str:
    """The warning in plain French, with the appeal route."""
    state = deadline_state(escalation, today)
    values = {"date": date_words(escalation.decision_due_on), "admin": escalation.administration.name}
    route = (
        _(
            "La personne a alors deux mois pour contester : d'abord un recours amiable, par écrit, auprès de "
            "%(admin)s (pour la CAF, c'est la commission de recours amiable). Si le refus continue, elle peut saisir "
            "le tribunal. Elle peut aussi demander par écrit les raisons du refus : l'administration doit les donner "
            "dans le mois."
        )
        % values
    )
    if state == "passed":
        return (
            _(
                "%(admin)s n'a pas répondu à la demande de départ avant le %(date)s : ce silence vaut refus "
                "(« décision implicite de rejet »)."
            )
            % values
            + " "
            + route
        )
    if state == "soon":
        return (
            _(
                "Si %(admin)s ne répond pas à la demande de départ d'ici le %(date)s, son silence vaudra refus "
                "(« décision implicite de rejet »)."
            )
            % values
            + " "
            + route
        )
    if state == "later":
        return _("Sans réponse à la demande de départ, le silence de %(admin)s vaudra refus le %(date)s.") % values
    return ""
