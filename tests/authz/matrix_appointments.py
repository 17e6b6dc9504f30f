"""Authorization matrix of appointments: public booking steps and signed links; the person's own list; a
helper booking for a person of their organisation; the agent's day, marks, opening slots; statistics."""

from tests.authz.expect import ALLOW, DENY, LOGIN

EVERYONE = {"default": ALLOW}
OWN = {"anonymous": LOGIN, "default": DENY, "person": ALLOW}
HELPER_OF_PERSON = {"anonymous": LOGIN, "default": DENY, "helper": ALLOW}
DESK = {"anonymous": LOGIN, "default": DENY, "helper": ALLOW, "agent": ALLOW, "manager": ALLOW}
AGENT = {"anonymous": LOGIN, "default": DENY, "agent": ALLOW}
STATS = {"anonymous": LOGIN, "default": DENY, "agent": ALLOW, "manager": ALLOW}


def _world(ctx):
    """A reason of the agent's organisation, open to everyone, with a weekly opening slot of the agent."""
    import datetime as dt

    from django.utils import timezone

    from relais.appointments.models import Location, OpeningSlot, Reason, Recurrence
    from tests.directory.factories import PlaceFactory

    organisation = ctx["organisations"]["agent"]
    reason = Reason.objects.create(organisation=organisation, name="Aide par téléphone", location=Location.PHONE)
    place = PlaceFactory(organisation=organisation)
    opening = OpeningSlot.objects.create(
        agent=ctx["users"]["agent"],
        place=place,
        first_day=timezone.localdate() + dt.timedelta(days=2),
        start_time=dt.time(9),
        end_time=dt.time(12),
        recurrence=Recurrence.WEEKLY,
    )
    opening.reasons.add(reason)
    return reason, place, opening


def _appointment(ctx, *, today=False):
    import datetime as dt

    from django.utils import timezone

    from relais.appointments.models import Appointment

    reason, place, opening = _world(ctx)
    start = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    if not today:
        start += dt.timedelta(days=3)
    return Appointment.objects.create(
        reason=reason,
        agent=ctx["users"]["agent"],
        place=place,
        opening_slot=opening,
        person=ctx["person"],
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=30),
    )


def _place(ctx):
    return {"place_id": _world(ctx)[1].pk}


def _reason(ctx):
    return {"reason_id": _world(ctx)[0].pk}


def _slot_key(reason, opening):
    import datetime as dt

    from django.utils import timezone

    from relais.appointments.slots import free_slots

    today = timezone.localdate()
    return free_slots(reason=reason, start=today, end=today + dt.timedelta(days=14), agent_id=opening.agent_id)[0].key


def _book(ctx):
    reason, _place, opening = _world(ctx)
    return {"reason_id": reason.pk, "__query__": f"creneau={_slot_key(reason, opening)}"}


def _procedure(ctx):
    from relais.procedures.models import Procedure

    reason = _world(ctx)[0]
    procedure = Procedure.objects.create(
        organisation=ctx["organisations"]["agent"], slug="aide-rdv", title="Aide", description="Test", category="social"
    )
    reason.procedure = procedure
    reason.save()
    return {"procedure_id": procedure.pk}


def _token(ctx):
    from relais.appointments.links import token_for

    return {"token": token_for(_appointment(ctx))}


def _followed_person(ctx):
    """The route's person, whose record the helper's organisation made."""
    person = ctx["person"]
    person.created_by_organisation = ctx["organisations"]["helper"]
    person.save()
    return person


def _helper_person(ctx):
    _world(ctx)
    return {"person_id": _followed_person(ctx).pk}


def _helper_reason(ctx):
    from relais.appointments.models import BookableBy

    reason, _place, _opening = _world(ctx)
    reason.bookable_by = BookableBy.PROFESSIONALS
    reason.save()
    return {"person_id": _followed_person(ctx).pk, "reason_id": reason.pk}


def _helper_book(ctx):
    reason, _place, opening = _world(ctx)
    return {
        "person_id": _followed_person(ctx).pk,
        "reason_id": reason.pk,
        "__query__": f"creneau={_slot_key(reason, opening)}",
    }


def _appointment_id(ctx):
    return {"appointment_id": _appointment(ctx).pk}


def _opening_id(ctx):
    return {"opening_id": _world(ctx)[2].pk}


ROUTES = {
    "appointments:home": {"default": ALLOW, "anonymous": LOGIN},  # a redirect to the user's own page
    "appointments:place": {"setup": _place, **EVERYONE},
    "appointments:procedure": {"setup": _procedure, **EVERYONE},
    "appointments:slots": {"setup": _reason, **EVERYONE},
    "appointments:book": {"setup": _book, **OWN},
    "appointments:mine": OWN,
    "appointments:manage": {"setup": _token, **EVERYONE},
    "appointments:cancel": {"setup": _token, "method": "post", **EVERYONE},
    "appointments:ics": {"setup": _token, **EVERYONE},
    "appointments:waiting": {"setup": _token, "method": "post", **EVERYONE},
    "appointments:helper_reasons": {"setup": _helper_person, **HELPER_OF_PERSON},
    "appointments:helper_slots": {"setup": _helper_reason, **HELPER_OF_PERSON},
    "appointments:helper_book": {"setup": _helper_book, **HELPER_OF_PERSON},
    "appointments:day": DESK,
    "appointments:mark": {"setup": _appointment_id, "method": "post", **AGENT},
    "appointments:openings": DESK,
    "appointments:opening_remove": {"setup": _opening_id, "method": "post", **AGENT},
    "appointments:stats": STATS,
    "appointments:opening_add": DESK,
    "appointments:absence_add": DESK,
    "appointments:reasons": {"anonymous": LOGIN, "default": DENY, "manager": ALLOW},
}


def _agent_today(ctx):
    _appointment(ctx, today=True)
    return {}


#: the journal matrix's entries for these routes (tests/authz/journal_matrix.py adds them)
JOURNAL = {
    "appointments:home": "nothing",
    "appointments:place": "nothing",
    "appointments:procedure": "nothing",
    "appointments:slots": "nothing",
    "appointments:book": "own",
    "appointments:mine": "own",
    "appointments:manage": "shows",  # a professional holding the person's link: journaled
    "appointments:ics": "shows",
    "appointments:helper_reasons": "shows",
    "appointments:helper_slots": "shows",
    "appointments:helper_book": "shows",
    "appointments:day": {"default": "nothing", "agent": "shows", "setup": _agent_today},
    "appointments:openings": "nothing",
    "appointments:stats": "nothing",
    "appointments:opening_add": "nothing",
    "appointments:absence_add": "nothing",
    "appointments:reasons": "nothing",
}
