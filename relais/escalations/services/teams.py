"""An organisation declares its answering teams (« groupes »): places covered, categories, members."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from relais import policy
from relais.escalations.models import Category, Team, TeamMember
from relais.organisations.models import Membership
from relais.territory.models import Commune, Departement


def _words(text: str) -> list[str]:
    return [word.strip(",;") for word in (text or "").replace(",", " ").split() if word.strip(",;")]


@transaction.atomic
def team_save(
    *,
    actor,
    organisation,
    team: Team | None = None,
    name: str,
    email: str = "",
    public_note: str = "",
    categories: list[str],
    departement_codes: str = "",
    commune_codes: str = "",
    member_emails: str = "",
    manager_emails: str = "",
) -> Team:
    policy.require(actor, "escalation.teams")
    if team is not None and team.organisation_id != organisation.pk:
        raise policy.Refused()
    unknown = [c for c in categories if c not in Category.values]
    if unknown or not categories:
        raise ValidationError(_("Cochez au moins une catégorie de la liste."))
    codes = _words(departement_codes)
    departements = list(Departement.objects.filter(code__in=codes))
    missing = sorted(set(codes) - {d.code for d in departements})
    communes_codes = _words(commune_codes)
    communes = list(Commune.objects.filter(code__in=communes_codes))
    missing += sorted(set(communes_codes) - {c.code for c in communes})
    if missing:
        raise ValidationError(
            _("Ces numéros ne correspondent à aucun lieu connu : %(codes)s.") % {"codes": ", ".join(missing)}
        )
    if not departements and not communes:
        raise ValidationError(_("Dites quels départements ou quelles communes l'équipe couvre."))
    emails = {e.lower() for e in _words(member_emails)}
    managers = {e.lower() for e in _words(manager_emails)}
    memberships = {
        m.user.email.lower(): m.user
        for m in Membership.objects.active().filter(organisation=organisation).select_related("user")
    }
    strangers = sorted((emails | managers) - set(memberships))
    if strangers:
        raise ValidationError(
            _("Ces adresses ne sont pas celles de membres de votre structure : %(emails)s.")
            % {"emails": ", ".join(strangers)}
        )
    team = team or Team(organisation=organisation)
    team.name, team.email, team.public_note, team.categories = name.strip(), email, public_note.strip(), categories
    team.save()
    team.departements.set(departements)
    team.communes.set(communes)
    TeamMember.objects.filter(team=team).delete()
    TeamMember.objects.bulk_create(
        [TeamMember(team=team, user=memberships[e], is_manager=e in managers) for e in sorted(emails | managers)]
    )
    return team
