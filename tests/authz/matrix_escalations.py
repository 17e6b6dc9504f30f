"""Authorization matrix of escalations (« saisines »). The escalation is opened by the helper's organisation
for the matrix's person (under a mandate), to a team of the agent's organisation whose member is the agent.
The manager belongs to a third organisation: an uninvited structure, it sees nothing of the escalation, but
manages its own teams. Coordinators and staff have no organisation: no inbox."""

from tests.authz.expect import ALLOW, DENY, LOGIN

PROFESSIONALS = {"anonymous": LOGIN, "default": DENY, "helper": ALLOW, "agent": ALLOW, "manager": ALLOW}
BOTH_SIDES = {"anonymous": LOGIN, "default": DENY, "helper": ALLOW, "agent": ALLOW}
HELPER_SIDE = {"anonymous": LOGIN, "default": DENY, "helper": ALLOW}
ADMIN_SIDE = {"anonymous": LOGIN, "default": DENY, "agent": ALLOW}
MANAGER = {"anonymous": LOGIN, "default": DENY, "manager": ALLOW}
PUBLIC = {"default": ALLOW}


def _escalation(ctx, *, with_document=False):
    from relais.documents.models import DocType
    from tests.authz import matrix_mandates
    from tests.documents.factories import add_document
    from tests.escalations.factories import open_escalation, team, with_membership

    matrix_mandates._active(ctx)  # a mandate (social, logement) of the helper's organisation
    caf_team = team(organisation=ctx["organisations"]["agent"], departement=None)
    from relais.escalations.models import TeamMember

    TeamMember.objects.create(team=caf_team, user=ctx["users"]["agent"])
    documents = [add_document(ctx["person"], title="Quittance", doc_type=DocType.ADDRESS)] if with_document else []
    w = {
        "helper": with_membership(ctx["users"]["helper"]),
        "fs": ctx["organisations"]["helper"],
        "camille": ctx["person"],
        "team": caf_team,
    }
    return open_escalation(w, documents_attached=documents)


def _id(ctx):
    return {"escalation_id": _escalation(ctx).pk}


def _with_document(ctx):
    escalation = _escalation(ctx, with_document=True)
    from relais.documents.selectors import documents_used_by

    return {"escalation_id": escalation.pk, "document_id": documents_used_by(escalation)[0].pk}


def _inbox(ctx):
    _escalation(ctx)
    return {}


def _person(ctx):
    from tests.authz import matrix_mandates

    matrix_mandates._active(ctx)
    return {"person_id": ctx["person"].pk}


def _team(ctx):
    from tests.escalations.factories import team

    return {"team_id": team(organisation=ctx["organisations"]["manager"]).pk}


ROUTES = {
    "escalations:inbox": {"setup": _inbox, **PROFESSIONALS},
    "escalations:preferences": {"method": "post", **PROFESSIONALS},
    "escalations:new": {"setup": _person, **HELPER_SIDE},
    "escalations:detail": {"setup": _id, **BOTH_SIDES},
    "escalations:answer": {"setup": _id, "method": "post", **BOTH_SIDES},
    "escalations:note": {"setup": _id, "method": "post", **ADMIN_SIDE},
    "escalations:invite": {"setup": _id, "method": "post", **ADMIN_SIDE},
    "escalations:wrong_team": {"setup": _id, "method": "post", **ADMIN_SIDE},
    "escalations:processed": {"setup": _id, "method": "post", **ADMIN_SIDE},
    "escalations:close": {"setup": _id, **HELPER_SIDE},
    "escalations:attachment": {"setup": _with_document, **BOTH_SIDES},
    "escalations:mine": {"setup": _inbox, "anonymous": LOGIN, "default": DENY, "person": ALLOW},
    "escalations:stats": PUBLIC,
    "escalations:stats_csv": PUBLIC,
    "escalations:teams": MANAGER,
    "escalations:team_new": MANAGER,
    "escalations:team_edit": {"setup": _team, **MANAGER},
}
