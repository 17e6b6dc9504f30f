"""Authorization matrix: the rights simulator (relais/www/rights/urls.py, relais/api/rights.py)."""

from tests.authz.expect import ALLOW, DENY, LOGIN
from tests.rights.factories import SINGLE_PARENT_ANSWERS

HELPERS_ONLY = {"anonymous": LOGIN, "default": DENY, "helper": ALLOW, "manager": ALLOW}


def _batch_of_the_helpers_organisation(ctx):
    from relais.rights.models import BatchRun

    # helper and manager are in different organisations in the matrix: the manager gets a 404.
    batch = BatchRun.objects.create(organisation=ctx["organisations"]["helper"], period="2026-11", status="done")
    return {"batch_id": batch.pk}


def _person_followed_by_the_helper(ctx):
    from tests.rights.factories import RightsProfileFactory

    profile = RightsProfileFactory(organisation=ctx["organisations"]["helper"])
    return {"person_id": profile.person_id}


def _unclaimed_right_of_the_helpers_organisation(ctx):
    from relais.rights.models import UnclaimedRight

    right = UnclaimedRight.objects.create(
        organisation=ctx["organisations"]["helper"], person=ctx["person"], benefit="ppa", label="Prime d'activité"
    )
    return {"right_id": right.pk}


MANAGER_ONLY = {"anonymous": LOGIN, "default": DENY, "manager": ALLOW}

ROUTES = {
    # Helpers run the questionnaire with a person their organisation follows.
    "rights:for_person": {"setup": _person_followed_by_the_helper, **HELPERS_ONLY, "manager": DENY},
    "rights:start": {"default": ALLOW},
    "rights:step": {"setup": lambda ctx: {"name": "foyer"}, "default": ALLOW},
    # Without answers the results page sends back to the first question (everyone).
    "rights:results": {"default": ALLOW},
    # Keeping one's answers: logged-in persons; professionals only for a followed person opened
    # through rights:for_person (not in this session: refused).
    "rights:save": {
        "method": "post",
        "setup": lambda ctx: {"__session__": {"rights_answers": dict(SINGLE_PARENT_ANSWERS)}},
        "anonymous": LOGIN,
        "default": DENY,
        "person": ALLOW,
    },
    # Sending the summary of the estimate: to the person themself, or by a helper to a followed person.
    "rights:send": {
        "method": "post",
        "setup": lambda ctx: {"__session__": {"rights_answers": dict(SINGLE_PARENT_ANSWERS)}},
        "anonymous": LOGIN,
        "default": DENY,
        "person": ALLOW,
    },
    "rights:batch_home": HELPERS_ONLY,
    "rights:batch_detail": {"setup": _batch_of_the_helpers_organisation, **HELPERS_ONLY, "manager": DENY},
    "rights:batch_csv": {"setup": _batch_of_the_helpers_organisation, **HELPERS_ONLY, "manager": DENY},
    # Marking a row (« contacté »...): helpers of the row's organisation (the manager is in another one: 404).
    "rights:unclaimed_mark": {
        "setup": _unclaimed_right_of_the_helpers_organisation,
        "method": "post",
        **HELPERS_ONLY,
        "manager": DENY,
    },
    # Take-up figures and their CSV: the managers of the organisation.
    "rights:take_up_csv": MANAGER_ONLY,
}

API = {
    "POST /api/v1/rights/simulate": "public",
    "GET /api/v1/rights/status": "public",
}
