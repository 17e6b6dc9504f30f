"""Authorization matrix of the document safe: only the person sees their own safe."""

from tests.authz.expect import ALLOW, DENY, LOGIN


def _document(ctx):
    from tests.documents.factories import add_document

    return {"pk": add_document(ctx["person"]).pk}


def _pending(ctx):
    from relais.documents import services
    from tests.documents import images

    person = ctx["person"]
    return {"pk": services.pending_create(person=person, actor=person.user, files=[images.jpeg(120, 90)]).pk}


OWN = {"anonymous": LOGIN, "person": ALLOW, "default": DENY}

ROUTES = {
    "documents:safe": OWN,
    "documents:upload": OWN,
    "documents:access_log": OWN,
    "documents:pending": {"setup": _pending, **OWN},
    "documents:pending_preview": {"setup": _pending, **OWN},
    "documents:pending_file": {"setup": _pending, **OWN},
    "documents:pending_cancel": {"setup": _pending, "method": "post", **OWN},
    "documents:detail": {"setup": _document, **OWN},
    "documents:edit": {"setup": _document, **OWN},
    "documents:download": {"setup": _document, **OWN},
    "documents:preview": {"setup": _document, **OWN},
    "documents:delete": {"setup": _document, **OWN},
}
