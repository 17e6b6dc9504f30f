"""Policy rules for the mandates domain.

`mandate.act` is the rule every screen, API call or task asks before a professional acts for a
person:

    policy.allows(user, "mandate.act", person, category="logement")
    policy.decide(user, "mandate.act", person, category="logement", organisation=org)  # no request

It allows only a helper (or manager) member of the ACTIVE organisation (`user.active_membership`,
or the explicit `organisation=` context when there is no request) that holds a mandate in force
for that person with a non-revoked authorisation for that category. Refusals carry a plain-French
reason (expired, revoked, out of scope, other organisation, no mandate)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from relais.accounts.models import Person
from relais.core.formats import date_words
from relais.mandates.models import Mandate, MandateState
from relais.mandates.selectors import active_mandate_for, latest_mandate_for
from relais.organisations.models import MandateCategory, MemberRole
from relais.policy import Decision, rule
from relais.policy.roles import active_membership, is_authenticated, is_person

ACTING_ROLES = (MemberRole.HELPER, MemberRole.MANAGER)


def _person_of(obj):

    if obj is None:
        return None
    if isinstance(obj, Person):
        return obj
    return getattr(obj, "person", None)


def _acting_membership(user, organisation=None):
    """The helper/manager membership the user acts through (active one, or in `organisation`)."""
    if not is_authenticated(user):
        return None
    if organisation is not None:
        membership = active_membership(user)
        if membership is not None and membership.organisation_id == organisation.pk and membership.role in ACTING_ROLES:
            return membership
        return (
            user.memberships.active()
            .filter(organisation=organisation, role__in=ACTING_ROLES)
            .select_related("organisation")
            .first()
        )
    membership = active_membership(user)
    if membership is not None and membership.role in ACTING_ROLES:
        return membership
    return None


def _date(value) -> str:
    return date_words(value)


def _category_label(category: str) -> str:
    try:
        return str(MandateCategory(category).label)
    except ValueError:
        return category


def explain_refusal(*, organisation, person, category: str) -> str:
    """Why `organisation` may not act for `person` in `category` (plain French)."""

    label = _category_label(category)
    if category not in (organisation.allowed_mandate_categories or []):
        return _("Votre structure n'est pas habilitée pour le domaine « %(cat)s ».") % {"cat": label}
    latest = latest_mandate_for(organisation=organisation, person=person, category=category)
    if latest is not None:
        auth = next((a for a in latest.authorisations.all() if a.category == category), None)
        if latest.state == MandateState.REVOKED or (auth is not None and auth.revoked_at is not None):
            when = auth.revoked_at if auth is not None and auth.revoked_at else latest.ended_at
            by = auth.revoked_by_id if auth is not None and auth.revoked_at else latest.revoked_by_id
            if by is not None and by != person.user_id:  # withdrawn by the organisation, at the person's request
                return _(
                    "Le mandat de %(person)s pour le domaine « %(cat)s » a été retiré par la structure le %(date)s : "
                    "vous ne pouvez plus agir pour cette personne dans ce domaine. Il faut un nouveau mandat, avec "
                    "son accord."
                ) % {"person": person, "cat": label, "date": _date(when)}
            return _(
                "%(person)s a retiré son accord pour le domaine « %(cat)s » le %(date)s : vous ne pouvez plus agir "
                "pour cette personne dans ce domaine. Il faut un nouveau mandat, avec son accord."
            ) % {"person": person, "cat": label, "date": _date(when)}
        if latest.state == MandateState.EXPIRED or latest.is_past_end:
            return _(
                "Le mandat de %(person)s a pris fin le %(date)s : vous ne pouvez plus agir pour cette personne. "
                "Vous pouvez le renouveler avec son accord."
            ) % {"person": person, "date": _date(latest.expires_at)}
    in_force = Mandate.objects.active().filter(organisation=organisation, person=person)
    if in_force.exists():
        return _(
            "Le mandat de %(person)s ne couvre pas le domaine « %(cat)s » : vous ne pouvez pas faire cette démarche "
            "pour cette personne. Il faut un nouveau mandat, avec son accord."
        ) % {"person": person, "cat": label}
    other = (
        Mandate.objects.active()
        .filter(person=person, authorisations__category=category, authorisations__revoked_at__isnull=True)
        .exclude(organisation=organisation)
        .exists()
    )
    if other:
        return _(
            "Le mandat de %(person)s a été donné à une autre structure, pas à la vôtre : vous ne pouvez pas agir "
            "pour cette personne."
        ) % {"person": person}
    return _("Vous n'avez pas de mandat en cours pour agir pour %(person)s.") % {"person": person}


@rule("mandate.act")
def _mandate_act(
    user, obj=None, *, category: str | None = None, organisation=None, mandate=None, session_category=None, **ctx
):
    """obj: the Person (or an object with `.person`). Context: category (required), organisation, mandate,
    and `session_category`, the domain of the helper's acting session: acting in another domain than
    the session's is refused (the screen then offers to switch the session's domain explicitly)."""

    person = _person_of(obj)
    if person is None:
        return Decision(False, _("Choisissez d'abord la personne pour qui vous agissez."))
    membership = _acting_membership(user, organisation)
    if membership is None:
        return Decision(False, _("Seuls les aidants d'une structure habilitée peuvent agir pour une personne."))
    org = membership.organisation
    if not category:
        return Decision(False, _("Choisissez le domaine de la démarche."))
    if category not in (org.allowed_mandate_categories or []):
        return Decision(False, explain_refusal(organisation=org, person=person, category=category))
    found = active_mandate_for(organisation=org, person=person, category=category)
    if found is None or (mandate is not None and getattr(mandate, "pk", mandate) != found.pk):
        if mandate is not None and found is not None:
            return Decision(False, _("Ce mandat n'est plus celui en cours : choisissez à nouveau la personne."))
        return Decision(False, explain_refusal(organisation=org, person=person, category=category))
    if session_category and session_category != category:
        return Decision(
            False,
            _(
                "Vous agissez pour %(person)s dans le domaine « %(session)s » : cette démarche est du domaine "
                "« %(cat)s »."
            )
            % {"person": person, "session": _category_label(session_category), "cat": _category_label(category)},
        )
    return Decision(True)


def _helper_membership(user):
    membership = active_membership(user)
    return membership if membership is not None and membership.role in ACTING_ROLES else None


@rule("mandates.helper_space")
def _helper_space(user, obj=None, **ctx):
    """Helpers and managers of the active organisation: people followed, mandates, accompaniment."""
    return _helper_membership(user) is not None


@rule("mandate.create")
def _mandate_create(user, obj=None, **ctx):
    """A helper/manager of an organisation allowed at least one mandate category; obj: the Person, optional."""
    membership = _helper_membership(user)
    if membership is None:
        return False
    if not membership.organisation.allowed_mandate_categories:
        return Decision(False, _("Votre structure n'est habilitée pour aucun domaine de mandat."))
    return True


@rule("mandate.manage")
def _mandate_manage(user, obj=None, **ctx):
    """obj: a Mandate; a helper/manager of the mandate's organisation (the active one)."""
    membership = _helper_membership(user)
    if membership is None:
        return False
    if obj is None:
        return True
    return getattr(obj, "organisation_id", None) == membership.organisation_id


@rule("mandate.view_own")
def _mandate_view_own(user, obj=None, **ctx):
    """obj: a Mandate (or None for the list); the person it concerns."""
    if not is_person(user):
        return False
    if obj is None:
        return True
    return getattr(obj, "person_id", None) == user.person.pk


@rule("mandate.revoke")
def _mandate_revoke(user, obj=None, **ctx):
    """obj: a Mandate; only the person it concerns revokes (in one click)."""
    if not is_person(user):
        return False
    if obj is None:
        return True
    return getattr(obj, "person_id", None) == user.person.pk


@rule("mandate.revoke_by_organisation")
def _mandate_revoke_by_organisation(user, obj=None, **ctx):
    """obj: a Mandate; a helper or manager of the mandate's organisation (the active one) withdraws it
    at the person's request, at the desk (also for persons without an account)."""
    membership = _helper_membership(user)
    if membership is None:
        return False
    if obj is None:
        return True
    return getattr(obj, "organisation_id", None) == membership.organisation_id


@rule("mandate.consent")
def _mandate_consent(user, obj=None, **ctx):
    """obj: a pending Mandate; the person accepts the request from their own account."""
    if not is_person(user):
        return False
    if obj is None:
        return True
    return getattr(obj, "person_id", None) == user.person.pk


@rule("person.create_record")
def _person_create(user, obj=None, **ctx):
    """A helper creates the record of a person without email or smartphone."""
    return _helper_membership(user) is not None


@rule("person.claim_record")
def _person_claim(user, obj=None, **ctx):
    """Claiming a record with the paper code: visitors (they create their account) only."""
    return not is_authenticated(user)


@rule("accompaniment.record")
def _accompaniment_record(user, obj=None, **ctx):
    return _helper_membership(user) is not None


@rule("accompaniment.stats")
def _accompaniment_stats(user, obj=None, **ctx):
    membership = active_membership(user)
    return membership is not None and membership.role == MemberRole.MANAGER


@rule("person.search")
def _person_search(user, obj=None, **ctx):
    """The person search (relais/casefile/search.py): helpers and managers of the active organisation."""
    return _helper_membership(user) is not None
