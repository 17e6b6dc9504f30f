"""Authorization matrix of feedback: reviews and public indicators for everyone; reports by professionals;
groups, tickets and answers by the procedure's authors (agents and managers of its organisation); moderation by
staff."""

from tests.authz.expect import ALLOW, DENY, LOGIN

EVERYONE = {"default": ALLOW}
PROFESSIONALS = {"anonymous": LOGIN, "default": DENY, "helper": ALLOW, "agent": ALLOW, "manager": ALLOW}
AUTHORS = {"anonymous": LOGIN, "default": DENY, "agent": ALLOW}  # the procedure belongs to the agent's organisation


def _procedure(ctx):
    from tests.feedback.factories import procedure_with_id_field

    return procedure_with_id_field(organisation=ctx["organisations"]["agent"], slug="matrice-avis")


def _report(ctx, *, attachment=False):
    from django.core.files.base import ContentFile

    from relais.feedback.models import Report
    from relais.feedback.services.reports import group_for

    procedure = _procedure(ctx)
    report = Report(
        procedure=procedure,
        field_key="piece_identite",
        what_happened="Scan refusé",
        group=group_for(procedure=procedure, field_key="piece_identite"),
        reporter=ctx["users"]["helper"],
    )
    if attachment:
        report.attachment_type = "image/png"
        report.attachment.save("capture.png", ContentFile(b"\x89PNG\r\n\x1a\n0000"), save=False)
    report.save()
    return report


def _ticket(ctx):
    from relais.feedback.models import Ticket

    return {"ticket_id": Ticket.objects.create(group=_report(ctx).group).pk}


def _review(ctx):
    from tests.feedback.factories import review

    return {"review_id": review(_procedure(ctx), verbatim="Trop long").pk}


ROUTES = {
    "feedback:review": {"setup": lambda ctx: {"kind": "annuaire"}, **EVERYONE},
    "feedback:review_thanks": EVERYONE,
    "feedback:report": {"setup": lambda ctx: {"__query__": f"demarche={_procedure(ctx).slug}"}, **PROFESSIONALS},
    "feedback:author_home": {"anonymous": LOGIN, "default": DENY, "agent": ALLOW, "manager": ALLOW},
    "feedback:author_procedure": {"setup": lambda ctx: {"procedure_id": _procedure(ctx).pk}, **AUTHORS},
    "feedback:group": {"setup": lambda ctx: {"group_id": _report(ctx).group_id}, **AUTHORS},
    "feedback:ticket_open": {"setup": lambda ctx: {"group_id": _report(ctx).group_id}, "method": "post", **AUTHORS},
    "feedback:regroup": {"setup": lambda ctx: {"report_id": _report(ctx).pk}, "method": "post", **AUTHORS},
    "feedback:attachment": {"setup": lambda ctx: {"report_id": _report(ctx, attachment=True).pk}, **AUTHORS},
    "feedback:ticket": {"setup": _ticket, **AUTHORS},
    "feedback:answer": {"setup": _review, "method": "post", **AUTHORS},
    "feedback:regroup_review": {"setup": _review, "method": "post", **AUTHORS},
    "feedback:moderation": {"anonymous": LOGIN, "default": DENY, "staff": ALLOW},
    "feedback:root": EVERYONE,  # a redirect to the public indicators
    "feedback:indicators": EVERYONE,
    "feedback:procedure_indicators": {"setup": lambda ctx: {"slug": _procedure(ctx).slug}, **EVERYONE},
    "feedback:export": {"setup": lambda ctx: {"fmt": "csv"}, **EVERYONE},
}

API = {"GET /api/v1/feedback/indicators": "public"}

# No page of feedback shows a person's data to a professional: reviews are anonymous to the authors (a linked
# review shows no name), reports carry no personal data (checked and stripped), indicators are counts.
JOURNAL = {route: "nothing" for route, spec in ROUTES.items() if spec.get("method", "get") == "get"}
