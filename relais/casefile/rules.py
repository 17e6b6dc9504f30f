"""Policy rules of the person file, follow-ups and private notes.

`casefile.view_file` is the rule of `/personnes/<id>/`: a helper or manager of the ACTIVE organisation
that holds at least one `Grant` for the person (a mandate in force, an active follow-up). A refusal
says why in plain French (no grant at all, a follow-up withdrawn on a date, a mandate ended...).
Nothing in a follow-up allows `mandate.act`: acting stays the mandate's alone."""

from __future__ import annotations

from django.utils.translation import gettext as _

from relais.accounts.models import Person
from relais.casefile import registry
from relais.organisations.models import MemberRole
from relais.policy import Decision, rule
from relais.policy.roles import active_membership, is_authenticated, is_person

FILE_ROLES = (MemberRole.HELPER, MemberRole.MANAGER)


def file_membership(user, organisation=None):
    """The helper/manager membership of the active organisation (or of `organisation`, for services
    called without a request: tasks, tests), or None."""
    membership = active_membership(user)
    if organisation is None:
        return membership if membership is not None and membership.role in FILE_ROLES else None
    if membership is not None and membership.organisation_id == organisation.pk:
        return membership if membership.role in FILE_ROLES else None
    if not is_authenticated(user):
        return None
    return (
        user.memberships.active()
        .filter(organisation=organisation, role__in=FILE_ROLES)
        .select_related("organisation")
        .first()
    )


def _person_of(obj):
    if obj is None or isinstance(obj, Person):
        return obj
    return getattr(obj, "person", None)


def refusal_reason(*, organisation, person) -> str:
    if person.erased_at is not None:
        return _("Les données de cette personne ont été effacées : son dossier n'existe plus.")
    ended = registry.last_ended_grant(organisation=organisation, person=person)
    if ended is not None:
        return ended.text
    return _(
        "Votre structure n'a ni mandat en cours ni suivi accepté par %(person)s : vous ne pouvez pas voir son "
        "dossier. Proposez-lui un suivi ou un mandat, avec son accord."
    ) % {"person": person}


@rule("casefile.view_file")
def _view_file(user, obj=None, *, organisation=None, **ctx):
    """obj: the Person. A helper/manager of the active organisation (or `organisation`) with a grant for them."""
    membership = file_membership(user, organisation)
    if membership is None:
        return Decision(False, _("Seuls les aidants d'une structure peuvent voir le dossier d'une personne."))
    person = _person_of(obj)
    if person is None:
        return True  # the route itself; each file is checked with its person
    if registry.grants_for(organisation=membership.organisation, person=person):
        return True
    return Decision(False, refusal_reason(organisation=membership.organisation, person=person))


def knows_person(*, organisation, person) -> bool:
    """The organisation created the person's record, or holds or held a grant on them (a mandate, a follow-up)."""
    if person.erased_at is not None:
        return False
    if person.created_by_organisation_id == organisation.pk:
        return True
    if registry.grants_for(organisation=organisation, person=person):
        return True
    return registry.last_ended_grant(organisation=organisation, person=person) is not None


@rule("casefile.follow_up_create")
def _follow_up_create(user, obj=None, *, organisation=None, **ctx):
    """obj: the Person (optional); a helper/manager of the active organisation that knows the person."""
    membership = file_membership(user, organisation)
    if membership is None:
        return False
    person = _person_of(obj)
    if person is None or knows_person(organisation=membership.organisation, person=person):
        return True
    return Decision(
        False,
        _(
            "Votre structure ne connaît pas encore cette personne : trouvez-la d'abord (recherche, mandat) "
            "avant de lui proposer un suivi."
        ),
    )


@rule("casefile.follow_up_manage")
def _follow_up_manage(user, obj=None, **ctx):
    """obj: a FollowUp; a helper/manager of its organisation (the active one, or the follow-up's for services)."""
    membership = file_membership(user, getattr(obj, "organisation", None) if ctx.get("service") else None)
    if membership is None:
        return False
    return obj is None or getattr(obj, "organisation_id", None) == membership.organisation_id


@rule("casefile.follow_up_own")
def _follow_up_own(user, obj=None, **ctx):
    """obj: a FollowUp (or None for the list); the person it concerns accepts, refuses, withdraws."""
    if not is_person(user):
        return False
    return obj is None or getattr(obj, "person_id", None) == user.person.pk


@rule("casefile.note_write")
def _note_write(user, obj=None, *, organisation=None, **ctx):
    """obj: the Person, or a PrivateNote: a member allowed to see the file, of the note's organisation."""
    if obj is not None and not isinstance(obj, Person):
        organisation = obj.organisation
    membership = file_membership(user, organisation)
    if membership is None:
        return False
    return _view_file(user, _person_of(obj), organisation=membership.organisation)
