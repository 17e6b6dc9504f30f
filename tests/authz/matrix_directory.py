"""Directory: search and place pages are public; editing belongs to the members of the organisation
running the place, the coordinators of its département (69 here) and staff."""

from tests.authz.expect import ALLOW, DENY, LOGIN


def _place(ctx):
    from tests.directory.factories import PlaceFactory

    return PlaceFactory(organisation=ctx["organisations"]["helper"], departement_code="69")


def _place_id(ctx):
    return {"place_id": _place(ctx).pk}


def _service_ids(ctx):
    from tests.directory.factories import ServiceFactory

    service = ServiceFactory(place=_place(ctx))
    return {"place_id": service.place_id, "service_id": service.pk}


def _report_id(ctx):
    from relais.directory.models import ErrorReport

    return {"report_id": ErrorReport.objects.create(place=_place(ctx), message="Erreur de téléphone").pk}


EDITORS = {"anonymous": LOGIN, "default": DENY, "helper": ALLOW, "coordinator": ALLOW, "staff": ALLOW}

ROUTES = {
    "directory:search": {"default": ALLOW, "setup": lambda ctx: {"__query__": "ou=&q=douche"}},
    "directory:place": {"default": ALLOW, "setup": _place_id},
    "directory:place_print": {"default": ALLOW, "setup": _place_id},
    "directory:place_report": {"default": ALLOW, "setup": _place_id},
    "directory:place_edit": {**EDITORS, "setup": _place_id},
    "directory:place_history": {**EDITORS, "setup": _place_id},
    "directory:place_confirm": {**EDITORS, "setup": _place_id, "method": "post"},
    "directory:place_proposal": {**EDITORS, "setup": _place_id, "method": "post"},
    "directory:place_publish": {**EDITORS, "setup": _place_id, "method": "post"},
    "directory:service_add": {**EDITORS, "setup": _place_id},
    "directory:service_edit": {**EDITORS, "setup": _service_ids},
    "directory:report_resolve": {**EDITORS, "setup": _report_id, "method": "post"},
    "directory:my_places": {"anonymous": LOGIN, "person": DENY, "default": ALLOW},
    "directory:place_create": {"anonymous": LOGIN, "person": DENY, "coordinator": DENY, "default": ALLOW},
}
API = {
    "GET /api/v1/directory/search": "public",
    "GET /api/v1/directory/structures/{structure_id}": "public",
    "GET /api/v1/directory/services/{service_id}": "public",
}
