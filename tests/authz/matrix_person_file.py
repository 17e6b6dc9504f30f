"""Authorization matrix of the person file, its private notes and follow-ups: helpers (and managers) of the
organisation holding a grant on the person; the person's own « Mes suivis ». The matrix's manager belongs to
another organisation, so it is refused like any outsider."""

from tests.authz.expect import ALLOW, DENY, LOGIN

HELPER_OF_ORG = {"anonymous": LOGIN, "default": DENY, "helper": ALLOW}
OWN = {"anonymous": LOGIN, "default": DENY, "person": ALLOW}


def _active(ctx):
    from tests.casefile.factories import make_active_follow_up

    return make_active_follow_up(
        organisation=ctx["organisations"]["helper"], person=ctx["person"], helper=ctx["users"]["helper"]
    )


def _pending(ctx, method="paper"):
    from tests.casefile.factories import propose

    return propose(
        organisation=ctx["organisations"]["helper"], person=ctx["person"], helper=ctx["users"]["helper"], method=method
    )


def _followed_person(ctx):
    return {"person_id": _active(ctx).person_id}


def _note(ctx):
    from relais.casefile import services

    follow_up = _active(ctx)
    note = services.note_add(
        actor=ctx["users"]["helper"], organisation=follow_up.organisation, person=follow_up.person, text="Note"
    )
    return {"person_id": follow_up.person_id, "note_id": note.pk}


def _known_person(ctx):
    from tests.authz import matrix_mandates

    return matrix_mandates._record(ctx)  # a record created by the helper's organisation


def _pending_id(ctx):
    return {"follow_up_id": _pending(ctx).pk}


def _pending_account_id(ctx):
    return {"follow_up_id": _pending(ctx, "account").pk}


def _active_id(ctx):
    return {"follow_up_id": _active(ctx).pk}


ROUTES = {
    "persons:file": {"setup": _followed_person, **HELPER_OF_ORG},
    "persons:note_add": {"setup": _followed_person, "method": "post", **HELPER_OF_ORG},
    "persons:note_strike": {"setup": _note, "method": "post", **HELPER_OF_ORG},
    "persons:follow_up_new": {"setup": _known_person, **HELPER_OF_ORG},
    "persons:follow_up_detail": {"setup": _pending_id, **HELPER_OF_ORG},
    "persons:follow_up_sheet": {"setup": _pending_id, **HELPER_OF_ORG},
    "persons:follow_up_sheet_upload": {"setup": _pending_id, "method": "post", **HELPER_OF_ORG},
    "persons:follow_up_abandon": {"setup": _pending_id, "method": "post", **HELPER_OF_ORG},
    "persons:follow_up_end": {"setup": _active_id, "method": "post", **HELPER_OF_ORG},
    "persons:my_follow_ups": OWN,
    "persons:my_follow_up_answer": {"setup": _pending_account_id, "method": "post", **OWN},
    "persons:my_follow_up_revoke": {"setup": _active_id, "method": "post", **OWN},
}
